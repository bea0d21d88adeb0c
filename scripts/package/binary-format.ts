// Reads what a native file is from its headers (ELF, Mach-O, PE): operating system, CPU, C library
// and the libraries it needs to load. A VSIX for another platform cannot be loaded here, so this is
// how its binaries are checked.

export type BinaryOs = 'linux' | 'darwin' | 'win32';
export type BinaryArch = 'x64' | 'arm64' | 'ia32' | 'arm' | 'other';

export interface BinaryInfo {
  format: 'elf' | 'macho' | 'pe';
  os: BinaryOs;
  /** Every architecture inside (a Mach-O universal binary may hold several). */
  archs: BinaryArch[];
  /** ELF only: which C library it links against, when it says. */
  libc: 'glibc' | 'musl' | null;
  /** Libraries loaded with the binary (ELF DT_NEEDED, Mach-O LC_LOAD_DYLIB, PE imports without delay-loaded ones). */
  needs: string[];
}

const ELF_MACHINES: Record<number, BinaryArch> = { 0x3e: 'x64', 0xb7: 'arm64', 0x03: 'ia32', 0x28: 'arm' };
const MACHO_CPUS: Record<number, BinaryArch> = { 0x01000007: 'x64', 0x0100000c: 'arm64', 0x07: 'ia32', 0x0c: 'arm' };
const PE_MACHINES: Record<number, BinaryArch> = { 0x8664: 'x64', 0xaa64: 'arm64', 0x14c: 'ia32', 0x1c4: 'arm' };

function cstring(buf: Buffer, at: number): string {
  if (at < 0 || at >= buf.length) return '';
  const end = buf.indexOf(0, at);
  return buf.toString('latin1', at, end < 0 ? buf.length : end);
}

function elf(buf: Buffer): BinaryInfo {
  if (buf[4] !== 2 || buf[5] !== 1) throw new Error('only 64-bit little-endian ELF files are expected');
  const arch = ELF_MACHINES[buf.readUInt16LE(18)] ?? 'other';
  const phoff = Number(buf.readBigUInt64LE(32));
  const phentsize = buf.readUInt16LE(54);
  const phnum = buf.readUInt16LE(56);
  const loads: { vaddr: number; offset: number; filesz: number }[] = [];
  let dynamic: { offset: number; size: number } | null = null;
  let interp = '';
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    const type = buf.readUInt32LE(p);
    const offset = Number(buf.readBigUInt64LE(p + 8));
    const vaddr = Number(buf.readBigUInt64LE(p + 16));
    const filesz = Number(buf.readBigUInt64LE(p + 32));
    if (type === 1) loads.push({ vaddr, offset, filesz });
    if (type === 2) dynamic = { offset, size: filesz };
    if (type === 3) interp = cstring(buf, offset);
  }
  const fileOffset = (addr: number): number => {
    const seg = loads.find((l) => addr >= l.vaddr && addr < l.vaddr + l.filesz);
    return seg ? addr - seg.vaddr + seg.offset : -1;
  };
  const needed: number[] = [];
  let strtab = -1;
  if (dynamic) {
    for (let o = dynamic.offset; o + 16 <= dynamic.offset + dynamic.size; o += 16) {
      const tag = Number(buf.readBigInt64LE(o));
      const val = Number(buf.readBigUInt64LE(o + 8));
      if (tag === 0) break;
      if (tag === 1) needed.push(val);
      if (tag === 5) strtab = fileOffset(val);
    }
  }
  const needs = strtab < 0 ? [] : needed.map((n) => cstring(buf, strtab + n));
  const all = [interp, ...needs];
  // musl's C library is plain libc.so (ld-musl-*.so.1 as interpreter); glibc's is libc.so.6.
  const base = all.map((n) => n.split('/').pop() ?? '');
  const libc = base.some((n) => /musl/.test(n) || n === 'libc.so') ? 'musl' : base.some((n) => /^libc\.so\.6$|^ld-linux/.test(n)) ? 'glibc' : null;
  return { format: 'elf', os: 'linux', archs: [arch], libc, needs };
}

function machoThin(buf: Buffer, base: number): { arch: BinaryArch; needs: string[] } {
  const magic = buf.readUInt32LE(base);
  if (magic !== 0xfeedfacf && magic !== 0xfeedface) throw new Error('not a little-endian Mach-O file');
  const arch = MACHO_CPUS[buf.readUInt32LE(base + 4)] ?? 'other';
  const ncmds = buf.readUInt32LE(base + 16);
  let o = base + (magic === 0xfeedfacf ? 32 : 28);
  const needs: string[] = [];
  for (let i = 0; i < ncmds; i++) {
    const cmd = buf.readUInt32LE(o);
    const size = buf.readUInt32LE(o + 4);
    // LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB: the name's offset is at +8.
    if (cmd === 0xc || cmd === 0x80000018 || cmd === 0x8000001f) needs.push(cstring(buf, o + buf.readUInt32LE(o + 8)));
    o += size;
  }
  return { arch, needs };
}

function macho(buf: Buffer): BinaryInfo {
  if (buf.readUInt32BE(0) === 0xcafebabe) {
    const n = buf.readUInt32BE(4);
    const slices = Array.from({ length: n }, (_, i) => machoThin(buf, buf.readUInt32BE(8 + i * 20 + 8)));
    return { format: 'macho', os: 'darwin', archs: slices.map((s) => s.arch), libc: null, needs: [...new Set(slices.flatMap((s) => s.needs))] };
  }
  const thin = machoThin(buf, 0);
  return { format: 'macho', os: 'darwin', archs: [thin.arch], libc: null, needs: thin.needs };
}

function pe(buf: Buffer): BinaryInfo {
  const at = buf.readUInt32LE(0x3c);
  if (buf.toString('latin1', at, at + 4) !== 'PE\0\0') throw new Error('MZ file without a PE header');
  const arch = PE_MACHINES[buf.readUInt16LE(at + 4)] ?? 'other';
  const sections = buf.readUInt16LE(at + 6);
  const optSize = buf.readUInt16LE(at + 20);
  const opt = at + 24;
  const dirs = opt + (buf.readUInt16LE(opt) === 0x20b ? 112 : 96);
  const table: { va: number; size: number; raw: number }[] = [];
  for (let i = 0; i < sections; i++) {
    const s = opt + optSize + i * 40;
    table.push({ va: buf.readUInt32LE(s + 12), size: Math.max(buf.readUInt32LE(s + 8), buf.readUInt32LE(s + 16)), raw: buf.readUInt32LE(s + 20) });
  }
  const offsetOf = (rva: number): number => {
    const s = table.find((t) => rva >= t.va && rva < t.va + t.size);
    return s ? rva - s.va + s.raw : -1;
  };
  // Static imports only: delay-loaded DLLs (DirectML in onnxruntime) load on first use, if ever.
  const needs: string[] = [];
  const importRva = buf.readUInt32LE(dirs + 8);
  for (let o = importRva ? offsetOf(importRva) : -1; o >= 0 && o + 20 <= buf.length; o += 20) {
    const nameRva = buf.readUInt32LE(o + 12);
    if (nameRva === 0) break;
    needs.push(cstring(buf, offsetOf(nameRva)));
  }
  return { format: 'pe', os: 'win32', archs: [arch], libc: null, needs };
}

/** What the file is, or null when it is not a native binary. */
export function binaryInfo(buf: Buffer): BinaryInfo | null {
  if (buf.length < 64) return null;
  if (buf.readUInt32BE(0) === 0x7f454c46) return elf(buf);
  const le = buf.readUInt32LE(0);
  if (le === 0xfeedfacf || le === 0xfeedface || buf.readUInt32BE(0) === 0xcafebabe) {
    // 0xcafebabe is also a Java class file's magic: universal binaries hold few slices.
    if (buf.readUInt32BE(0) === 0xcafebabe && buf.readUInt32BE(4) > 20) return null;
    return macho(buf);
  }
  if (buf[0] === 0x4d && buf[1] === 0x5a && buf.readUInt32LE(0x3c) + 4 <= buf.length) return pe(buf);
  return null;
}
