// Checks an unpacked VSIX for one target without loading anything: every native file (found by its
// header, whatever its name) is for the target's OS, CPU and C library; every library a shipped
// binary loads is either shipped beside it or part of the operating system; and no package or
// binary folder of another platform is inside.
import fs from 'node:fs';
import path from 'node:path';
import { binaryInfo, type BinaryInfo } from './binary-format.js';
import { TARGETS } from './targets.js';

export interface NativeFile {
  file: string;
  size: number;
  info: BinaryInfo;
}

export interface NativeReport {
  natives: NativeFile[];
  problems: string[];
}

/** Libraries every machine of the OS has (or that the host process provides). */
const SYSTEM_LIBS: Record<string, RegExp> = {
  linux: /^(libc|libm|libdl|librt|libpthread|libgcc_s|libstdc\+\+|libutil|ld-linux[\w.-]*|ld-musl[\w.-]*|libc\.musl[\w.-]*)(\.so[\d.]*)?$/,
  darwin: /^\/(usr\/lib|System\/Library)\//,
  win32: /^((api|ext)-ms-win-[\w.-]+|kernel32|user32|advapi32|shell32|ole32|oleaut32|setupapi|dbghelp|bcrypt|ncrypt|crypt32|ws2_32|ntdll|secur32|userenv|iphlpapi|psapi|powrprof|shlwapi|version|winmm|rpcrt4|msvcp140(_\w+)?|vcruntime140(_\d)?|ucrtbase|d3d12|dxgi|node)\.(dll|exe)$/i,
};

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(path.join(e.parentPath, e.name));
  return out.sort();
}

/** Reads just enough of a file to tell whether it is a native binary, then all of it if so. */
function readIfNative(file: string): Buffer | null {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    if (fs.readSync(fd, head, 0, 4, 0) < 4) return null;
    const magic = head.readUInt32BE(0);
    const native = magic === 0x7f454c46 || magic === 0xcffaedfe || magic === 0xcefaedfe || magic === 0xcafebabe || (head[0] === 0x4d && head[1] === 0x5a);
    return native ? fs.readFileSync(file) : null;
  } finally {
    fs.closeSync(fd);
  }
}

export function verifyNatives(extensionDir: string, target: string): NativeReport {
  const t = TARGETS[target];
  if (!t) throw new Error(`unknown target ${target}`);
  const natives: NativeFile[] = [];
  const problems: string[] = [];
  const rel = (f: string): string => path.relative(extensionDir, f).split(path.sep).join('/');

  for (const file of walk(extensionDir)) {
    const buf = readIfNative(file);
    if (!buf) continue;
    let info: BinaryInfo | null;
    try {
      info = binaryInfo(buf);
    } catch (err) {
      problems.push(`${rel(file)}: unreadable native header (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    if (!info) continue;
    natives.push({ file: rel(file), size: buf.length, info });
    if (info.os !== t.os) problems.push(`${rel(file)} is a ${info.os} binary (${info.format}) in a ${target} VSIX`);
    if (info.archs.length !== 1 || info.archs[0] !== t.arch) problems.push(`${rel(file)} is built for ${info.archs.join('+')}, not ${t.arch}`);
    if (t.libc && info.libc && info.libc !== t.libc) problems.push(`${rel(file)} links ${info.libc}, but ${target} uses ${t.libc}`);
    const beside = new Set(fs.readdirSync(path.dirname(file)));
    for (const need of info.needs) {
      const local = need.replace(/^@(rpath|loader_path)\//, '');
      if (beside.has(local)) continue;
      if (!SYSTEM_LIBS[t.os]?.test(need)) problems.push(`${rel(file)} loads ${need}, which is neither shipped beside it nor part of ${t.os}`);
    }
  }
  if (natives.length === 0) problems.push('no native binaries inside');

  // Folders that name another platform: LanceDB packages and onnxruntime binary folders.
  const nm = path.join(extensionDir, 'node_modules');
  const lance = fs.existsSync(path.join(nm, '@lancedb')) ? fs.readdirSync(path.join(nm, '@lancedb')).map((d) => `@lancedb/${d}`) : [];
  for (const pkg of lance) if (pkg !== t.lancedb) problems.push(`node_modules/${pkg} belongs to another platform`);
  if (!lance.includes(t.lancedb)) problems.push(`node_modules/${t.lancedb} is missing`);
  const ortBin = path.join(nm, 'onnxruntime-node', 'bin', 'napi-v6');
  if (fs.existsSync(ortBin)) {
    for (const os of fs.readdirSync(ortBin)) {
      for (const arch of fs.readdirSync(path.join(ortBin, os))) {
        if (`${os}/${arch}` !== t.onnx) problems.push(`onnxruntime binaries for ${os}/${arch} are inside`);
      }
    }
  } else if (t.onnx) {
    problems.push(`onnxruntime binaries for ${t.onnx} are missing`);
  }
  return { natives, problems };
}
