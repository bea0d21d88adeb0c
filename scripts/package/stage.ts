// Lays out what goes into a platform VSIX: the bundles, media, docs, a trimmed package.json, and
// in node_modules only the native packages the bundles load at run time, for one target.
import fs from 'node:fs';
import path from 'node:path';
import { TARGETS } from './targets.js';

const COPY = ['dist/extension.js', 'dist/server.js', 'dist/embed-worker.js', 'dist/quality-scan-worker.js', 'dist/webview', 'README.md', 'LICENSE', 'media', 'docs'];

function copy(root: string, rel: string, out: string): void {
  const from = path.join(root, rel);
  if (!fs.existsSync(from)) throw new Error(`missing ${rel}: run "npm run build" first`);
  fs.cpSync(from, path.join(out, rel), { recursive: true });
}

function packageVersion(root: string, name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

export function stage(root: string, target: string, out: string): void {
  const natives = TARGETS[target];
  if (!natives) throw new Error(`unknown target "${target}"; one of: ${Object.keys(TARGETS).join(', ')}`);
  const lance = path.join(root, 'node_modules', natives.lancedb);
  if (!fs.existsSync(lance)) {
    throw new Error(`${natives.lancedb} is not installed, so a ${target} VSIX cannot be built on this machine (npm installs only this platform's LanceDB binary)`);
  }
  const onnxBin = path.join(root, 'node_modules/onnxruntime-node/bin/napi-v6', natives.onnx);
  if (!fs.existsSync(onnxBin)) throw new Error(`onnxruntime-node has no binaries for ${natives.onnx}`);

  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const rel of COPY) copy(root, rel, out);

  const nm = path.join(out, 'node_modules');
  fs.cpSync(lance, path.join(nm, natives.lancedb), { recursive: true });
  fs.cpSync(path.join(root, 'node_modules/onnxruntime-common'), path.join(nm, 'onnxruntime-common'), { recursive: true });
  const ort = path.join(nm, 'onnxruntime-node');
  for (const rel of ['package.json', 'dist', 'lib', 'README.md']) {
    const from = path.join(root, 'node_modules/onnxruntime-node', rel);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(ort, rel), { recursive: true });
  }
  fs.cpSync(onnxBin, path.join(ort, 'bin/napi-v6', natives.onnx), { recursive: true });
  // At run time onnxruntime-node needs only onnxruntime-common; its other dependencies and its
  // install script fetch binaries at install time, which a VSIX never runs.
  const ortPkgFile = path.join(ort, 'package.json');
  const ortPkg = JSON.parse(fs.readFileSync(ortPkgFile, 'utf8')) as Record<string, unknown>;
  ortPkg.dependencies = { 'onnxruntime-common': packageVersion(root, 'onnxruntime-common') };
  delete ortPkg.scripts;
  fs.writeFileSync(ortPkgFile, `${JSON.stringify(ortPkg, null, 2)}\n`);

  // The shipped manifest lists only the staged native packages as dependencies: everything else is
  // bundled. vsce ships node_modules only through dependency detection (npm list --production).
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  for (const k of ['scripts', 'devDependencies', 'overrides', 'bin', 'private']) delete pkg[k];
  pkg.dependencies = { [natives.lancedb]: packageVersion(root, natives.lancedb), 'onnxruntime-node': packageVersion(root, 'onnxruntime-node') };
  fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  // Source maps and TypeScript sources (webview apps are shipped bundled in dist/webview).
  fs.writeFileSync(path.join(out, '.vscodeignore'), '**/*.map\n**/*.ts\nmedia/tsconfig.json\n');
}
