// VS Code platform targets and the native pieces each needs.
export interface TargetNatives {
  /** LanceDB's platform package. */
  lancedb: string;
  /** onnxruntime-node's binary folder under bin/napi-v6/. */
  onnx: string;
}

export const TARGETS: Record<string, TargetNatives> = {
  'linux-x64': { lancedb: '@lancedb/lancedb-linux-x64-gnu', onnx: 'linux/x64' },
  'linux-arm64': { lancedb: '@lancedb/lancedb-linux-arm64-gnu', onnx: 'linux/arm64' },
  'alpine-x64': { lancedb: '@lancedb/lancedb-linux-x64-musl', onnx: 'linux/x64' },
  'darwin-arm64': { lancedb: '@lancedb/lancedb-darwin-arm64', onnx: 'darwin/arm64' },
  'win32-x64': { lancedb: '@lancedb/lancedb-win32-x64-msvc', onnx: 'win32/x64' },
  'win32-arm64': { lancedb: '@lancedb/lancedb-win32-arm64-msvc', onnx: 'win32/arm64' },
};

export function hostTarget(): string {
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  return `${process.platform}-${arch}`;
}
