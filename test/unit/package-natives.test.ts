// Packaging checks that need no foreign machine: native headers (ELF, Mach-O, PE) of the binaries
// onnxruntime-node ships for every platform, the pruning that follows what its binding loads, and
// the verification of an unpacked VSIX that catches another platform's files or a missing library.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { binaryInfo } from '../../scripts/package/binary-format.js';
import { onnxLoadClosure } from '../../scripts/package/stage.js';
import { verifyNatives } from '../../scripts/package/verify-natives.js';

const BIN = path.join(__dirname, '..', '..', 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'package-natives-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const info = (rel: string) => binaryInfo(fs.readFileSync(path.join(BIN, rel)));

describe('binaryInfo', () => {
  it('reads ELF, Mach-O and PE headers: OS, CPU, C library and what they load', () => {
    assert.deepEqual(info('linux/x64/onnxruntime_binding.node'), {
      format: 'elf', os: 'linux', archs: ['x64'], libc: 'glibc', needs: ['libonnxruntime.so.1', 'libstdc++.so.6', 'libm.so.6', 'libgcc_s.so.1', 'libc.so.6'],
    });
    assert.equal(info('linux/arm64/libonnxruntime.so.1')?.archs[0], 'arm64');
    const mac = info('darwin/arm64/onnxruntime_binding.node');
    assert.equal(mac?.format, 'macho');
    assert.deepEqual(mac?.archs, ['arm64']);
    assert.ok(mac?.needs.includes('@rpath/libonnxruntime.1.dylib'));
    const win = info('win32/arm64/onnxruntime.dll');
    assert.equal(win?.format, 'pe');
    assert.deepEqual(win?.archs, ['arm64']);
    // DirectML is delay-loaded: not among what loads with the DLL.
    assert.equal(win?.needs.includes('DirectML.dll'), false);
  });
  it('says null for files that are not binaries', () => {
    assert.equal(binaryInfo(Buffer.from('#!/bin/sh\necho hello, this is a script and not a binary at all\n')), null);
    assert.equal(binaryInfo(Buffer.alloc(10)), null);
  });
});

describe('onnxLoadClosure', () => {
  it('keeps what the binding loads and drops GPU-only and duplicate libraries', () => {
    assert.deepEqual(onnxLoadClosure(path.join(BIN, 'win32/x64')), ['onnxruntime.dll', 'onnxruntime_binding.node']);
    assert.deepEqual(onnxLoadClosure(path.join(BIN, 'darwin/arm64')), ['libonnxruntime.1.dylib', 'onnxruntime_binding.node']);
    assert.deepEqual(onnxLoadClosure(path.join(BIN, 'linux/x64')), ['libonnxruntime.so.1', 'onnxruntime_binding.node']);
  });
});

/** An unpacked-VSIX layout for a target; the LanceDB binary is stood in for by a binary of the same platform. */
function layout(name: string, onnx: string, lancedbPkg: string, lancedbStandIn: string): string {
  const ext = path.join(tmp, name);
  const bin = path.join(ext, 'node_modules/onnxruntime-node/bin/napi-v6', onnx);
  fs.mkdirSync(bin, { recursive: true });
  for (const f of onnxLoadClosure(path.join(BIN, onnx))) fs.copyFileSync(path.join(BIN, onnx, f), path.join(bin, f));
  const lance = path.join(ext, 'node_modules', lancedbPkg);
  fs.mkdirSync(lance, { recursive: true });
  fs.copyFileSync(path.join(BIN, lancedbStandIn), path.join(lance, 'lancedb.node'));
  fs.writeFileSync(path.join(ext, 'package.json'), '{}');
  return ext;
}

describe('verifyNatives', () => {
  it('passes a Windows x64 layout and reports every binary', () => {
    const ext = layout('win-ok', 'win32/x64', '@lancedb/lancedb-win32-x64-msvc', 'win32/x64/onnxruntime_binding.node');
    // The stand-in needs onnxruntime.dll beside it, as the real LanceDB binary would not: give it one.
    fs.copyFileSync(path.join(BIN, 'win32/x64/onnxruntime.dll'), path.join(ext, 'node_modules/@lancedb/lancedb-win32-x64-msvc/onnxruntime.dll'));
    const r = verifyNatives(ext, 'win32-x64');
    assert.deepEqual(r.problems, []);
    assert.equal(r.natives.length, 4);
    assert.ok(r.natives.every((n) => n.info.format === 'pe' && n.info.archs[0] === 'x64'));
  });
  it("finds another platform's binary whatever its name, and another platform's folders", () => {
    const ext = layout('mixed', 'darwin/arm64', '@lancedb/lancedb-darwin-arm64', 'darwin/arm64/onnxruntime_binding.node');
    fs.copyFileSync(path.join(BIN, 'darwin/arm64/libonnxruntime.1.dylib'), path.join(ext, 'node_modules/@lancedb/lancedb-darwin-arm64/libonnxruntime.1.dylib'));
    fs.copyFileSync(path.join(BIN, 'linux/x64/onnxruntime_binding.node'), path.join(ext, 'node_modules/onnxruntime-node/README.txt'));
    fs.mkdirSync(path.join(ext, 'node_modules/@lancedb/lancedb-win32-x64-msvc'), { recursive: true });
    fs.mkdirSync(path.join(ext, 'node_modules/onnxruntime-node/bin/napi-v6/win32/x64'), { recursive: true });
    const problems = verifyNatives(ext, 'darwin-arm64').problems.join('\n');
    assert.match(problems, /README\.txt is a linux binary \(elf\) in a darwin-arm64 VSIX/);
    assert.match(problems, /README\.txt is built for x64, not arm64/);
    assert.match(problems, /lancedb-win32-x64-msvc belongs to another platform/);
    assert.match(problems, /onnxruntime binaries for win32\/x64 are inside/);
  });
  it('finds a library that a shipped binary loads but that is not shipped', () => {
    const ext = layout('missing', 'linux/arm64', '@lancedb/lancedb-linux-arm64-gnu', 'linux/arm64/libonnxruntime.so.1');
    fs.rmSync(path.join(ext, 'node_modules/onnxruntime-node/bin/napi-v6/linux/arm64/libonnxruntime.so.1'));
    assert.match(verifyNatives(ext, 'linux-arm64').problems.join('\n'), /onnxruntime_binding\.node loads libonnxruntime\.so\.1, which is neither shipped beside it nor part of linux/);
  });
  it('rejects glibc binaries in an Alpine VSIX', () => {
    const ext = layout('alpine', 'linux/x64', '@lancedb/lancedb-linux-x64-musl', 'linux/x64/libonnxruntime.so.1');
    const problems = verifyNatives(ext, 'alpine-x64').problems.join('\n');
    assert.match(problems, /links glibc, but alpine-x64 uses musl/);
    assert.match(problems, /onnxruntime binaries for linux\/x64 are inside/);
  });
});
