// VS Code platform targets and the native pieces each needs.
import type { BinaryArch, BinaryOs } from './binary-format.js';

export interface TargetNatives {
  /** LanceDB's platform package. */
  lancedb: string;
  /** onnxruntime-node's binary folder under bin/napi-v6/, or null when it has none for the target. */
  onnx: string | null;
  os: BinaryOs;
  arch: BinaryArch;
  /** Linux targets: the C library every ELF file must link against. */
  libc: 'glibc' | 'musl' | null;
}

export const TARGETS: Record<string, TargetNatives> = {
  'linux-x64': { lancedb: '@lancedb/lancedb-linux-x64-gnu', onnx: 'linux/x64', os: 'linux', arch: 'x64', libc: 'glibc' },
  'linux-arm64': { lancedb: '@lancedb/lancedb-linux-arm64-gnu', onnx: 'linux/arm64', os: 'linux', arch: 'arm64', libc: 'glibc' },
  // onnxruntime-node ships glibc builds only, which do not load on Alpine: that VSIX searches by keyword.
  'alpine-x64': { lancedb: '@lancedb/lancedb-linux-x64-musl', onnx: null, os: 'linux', arch: 'x64', libc: 'musl' },
  'darwin-arm64': { lancedb: '@lancedb/lancedb-darwin-arm64', onnx: 'darwin/arm64', os: 'darwin', arch: 'arm64', libc: null },
  'win32-x64': { lancedb: '@lancedb/lancedb-win32-x64-msvc', onnx: 'win32/x64', os: 'win32', arch: 'x64', libc: null },
  'win32-arm64': { lancedb: '@lancedb/lancedb-win32-arm64-msvc', onnx: 'win32/arm64', os: 'win32', arch: 'arm64', libc: null },
};

export function hostTarget(): string {
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  return `${process.platform}-${arch}`;
}
