// Lays out what goes into a platform VSIX: the bundles, media, docs, a trimmed package.json, and
// in node_modules only the native packages the bundles load at run time, for one target, and of
// onnxruntime's binaries only those its binding loads.
import fs from 'node:fs';
import path from 'node:path';
import { binaryInfo } from './binary-format.js';
import { TARGETS } from './targets.js';

const COPY = ['dist/extension.js', 'dist/server.js', 'dist/embed-worker.js', 'dist/quality-scan-worker.js', 'dist/webview', 'README.md', 'LICENSE', 'media', 'docs'];

function copy(root: string, rel: string, out: string): void {
  const from = path.join(root, rel);
  if (!fs.existsSync(from)) throw new Error(`missing ${rel}: run "npm run build" first`);
  fs.cpSync(from, path.join(out, rel), { recursive: true });
}

function readVersion(dir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

function packageVersion(root: string, name: string): string {
  return readVersion(path.join(root, 'node_modules', name));
}

/**
 * The files of onnxruntime's binary folder that its binding loads, following the load commands
 * (static imports only): drops DirectML and the shader compilers on Windows (delay-loaded, used by
 * GPU providers the embedder never asks for) and the duplicate versioned dylib on macOS.
 */
export function onnxLoadClosure(binDir: string): string[] {
  const files = new Set(fs.readdirSync(binDir));
  const keep = new Set<string>();
  const visit = (name: string): void => {
    if (keep.has(name) || !files.has(name)) return;
    keep.add(name);
    const info = binaryInfo(fs.readFileSync(path.join(binDir, name)));
    for (const need of info?.needs ?? []) visit(need.replace(/^@(rpath|loader_path)\//, ''));
  };
  const binding = [...files].find((f) => f.endsWith('.node'));
  if (!binding) throw new Error(`${binDir} has no onnxruntime binding`);
  visit(binding);
  return [...keep].sort();
}

export interface StageOptions {
  /** Folder of the target's LanceDB package (node_modules, or fetched by natives.ts). */
  lancedbDir: string;
}

export function stage(root: string, target: string, out: string, opts: StageOptions): void {
  const natives = TARGETS[target];
  if (!natives) throw new Error(`unknown target "${target}"; one of: ${Object.keys(TARGETS).join(', ')}`);
  const onnxBin = natives.onnx ? path.join(root, 'node_modules/onnxruntime-node/bin/napi-v6', natives.onnx) : null;
  if (onnxBin && !fs.existsSync(onnxBin)) throw new Error(`onnxruntime-node has no binaries for ${natives.onnx}`);

  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const rel of COPY) copy(root, rel, out);

  const nm = path.join(out, 'node_modules');
  fs.cpSync(opts.lancedbDir, path.join(nm, natives.lancedb), { recursive: true });
  const dependencies: Record<string, string> = { [natives.lancedb]: readVersion(opts.lancedbDir) };
  if (onnxBin && natives.onnx) {
    fs.cpSync(path.join(root, 'node_modules/onnxruntime-common'), path.join(nm, 'onnxruntime-common'), { recursive: true });
    const ort = path.join(nm, 'onnxruntime-node');
    for (const rel of ['package.json', 'dist', 'lib', 'README.md']) {
      const from = path.join(root, 'node_modules/onnxruntime-node', rel);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(ort, rel), { recursive: true });
    }
    const binOut = path.join(ort, 'bin/napi-v6', natives.onnx);
    fs.mkdirSync(binOut, { recursive: true });
    for (const f of onnxLoadClosure(onnxBin)) fs.copyFileSync(path.join(onnxBin, f), path.join(binOut, f));
    // At run time onnxruntime-node needs only onnxruntime-common; its other dependencies and its
    // install script fetch binaries at install time, which a VSIX never runs.
    const ortPkgFile = path.join(ort, 'package.json');
    const ortPkg = JSON.parse(fs.readFileSync(ortPkgFile, 'utf8')) as Record<string, unknown>;
    ortPkg.dependencies = { 'onnxruntime-common': packageVersion(root, 'onnxruntime-common') };
    delete ortPkg.scripts;
    fs.writeFileSync(ortPkgFile, `${JSON.stringify(ortPkg, null, 2)}\n`);
    dependencies['onnxruntime-node'] = packageVersion(root, 'onnxruntime-node');
  }

  // The shipped manifest lists only the staged native packages as dependencies: everything else is
  // bundled. vsce ships node_modules only through dependency detection (npm list --production).
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  for (const k of ['scripts', 'devDependencies', 'overrides', 'bin', 'private']) delete pkg[k];
  pkg.dependencies = dependencies;
  fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  // Source maps and TypeScript sources (webview apps are shipped bundled in dist/webview).
  fs.writeFileSync(path.join(out, '.vscodeignore'), '**/*.map\n**/*.ts\nmedia/tsconfig.json\n');
}
