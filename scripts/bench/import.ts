// Conversation import throughput: ~50 MB of Claude Code transcripts across several projects,
// imported over MCP stdio by the real server, in keyword mode and with the tiny test model; then an
// import with nothing new, and one after ~1 MB was appended to a few transcripts.
import fs from 'node:fs';
import path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ImportSummary } from '../../src/protocol/conversation-schemas.js';
import { startServer, textOf, type ServerHandle } from '../../test/support/server-process.js';
import { generateCorpus, growTranscripts } from '../../test/support/transcripts.js';
import { ms, percentile, timeEach } from './stats.js';

export interface ImportBenchContext {
  root: string;
  modelDir: string;
  report: (metric: string, value: string, target?: string) => void;
  rssMb: (pid: number) => number;
  waitReady: (srv: ServerHandle) => Promise<void>;
}

const CORPUS_BYTES = 50_000_000;
const GROW_BYTES = 1_000_000;
const GROW_FILES = 4;
const IMPORT_TIMEOUT_MS = 30 * 60_000;
/** Words from the generated projects' vocabularies, to search the imported conversations. */
const QUERIES = ['refresh token reuse detection', 'cart total rounding cents', 'parquet duplicate rows retry', 'tunnel through thin walls', 'span one byte off', 'biometric prompt twice', 'NDCG above one', 'stripe webhook retried', 'schema drift orders table', 'key rotation JWKS'];

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
const secs = (msec: number): string => (msec >= 1000 ? `${(msec / 1000).toFixed(2)} s` : ms(msec));
const rate = (n: number, msec: number): string => Math.round(n / (msec / 1000)).toLocaleString('en-US');
const count = (n: number): string => n.toLocaleString('en-US');

/** CPU time (user + system) a process has used, in ms: steadier than wall time on a busy machine. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function runImport(srv: ServerHandle): Promise<{ summary: ImportSummary; wallMs: number }> {
  let lastNote = 0;
  const t = performance.now();
  const res = (await srv.client.callTool({ name: 'import_conversations', arguments: { project: 'all' } }, undefined, {
    timeout: IMPORT_TIMEOUT_MS,
    onprogress: (p) => {
      const now = performance.now();
      if (now - lastNote < 5_000) return;
      lastNote = now;
      process.stderr.write(`    progress ${p.progress}${p.total ? `/${p.total}` : ''}${p.message ? ` ${p.message}` : ''} after ${secs(now - t)}\n`);
    },
  })) as CallToolResult;
  const wallMs = performance.now() - t;
  if (res.isError) throw new Error(`import_conversations failed after ${secs(wallMs)}: ${textOf(res)}`);
  return { summary: res.structuredContent as unknown as ImportSummary, wallMs };
}

function problems(s: ImportSummary): string {
  const parts: string[] = [];
  if (s.skipped_lines) parts.push(`${count(s.skipped_lines)} lines skipped`);
  if (s.repaired_lines) parts.push(`${count(s.repaired_lines)} lines repaired`);
  if (s.errors.length) parts.push(`${s.errors.length} errors, first: ${s.errors[0]?.file}: ${s.errors[0]?.message}`);
  if (s.cancelled) parts.push('cancelled');
  return parts.join('; ');
}

async function oneMode(ctx: ImportBenchContext, mode: 'keyword' | 'hybrid', source: string, corpus: { lines: number; bytes: number; files: string[] }): Promise<void> {
  const { report } = ctx;
  const conv = path.join(ctx.root, `transcripts-${mode}`);
  fs.cpSync(source, conv, { recursive: true });
  const files = corpus.files.map((f) => path.join(conv, path.relative(source, f)));
  const args = ['--conversations-dir', conv, ...(mode === 'hybrid' ? ['--model-path', ctx.modelDir] : [])];
  const srv = await startServer({ dataDir: path.join(ctx.root, `import-data-${mode}`), args });
  try {
    if (mode === 'hybrid') await ctx.waitReady(srv);
    process.stderr.write(`  importing ${mb(corpus.bytes)} MB, ${mode}...\n`);
    const cpuBefore = cpuMs(srv.pid);
    const first = await runImport(srv);
    const cpu = cpuMs(srv.pid) - cpuBefore;
    const s = first.summary;
    const w = first.wallMs;
    report(`import ${mb(corpus.bytes)} MB, ${mode}: read`, `${mb(s.bytes)} MB, ${count(s.files)} files, ${count(s.lines)} lines (written: ${count(corpus.lines)} lines, ${count(files.length)} files)`);
    report(`import ${mb(corpus.bytes)} MB, ${mode}: chunks`, `${count(s.chunks_added)} added, embedded during import: ${s.embedded ? 'yes' : 'no'}`);
    report(`import ${mb(corpus.bytes)} MB, ${mode}: chunks by project`, Object.entries(s.by_project).map(([p, n]) => `${p} ${count(n)}`).join(', ') || 'none');
    report(`import ${mb(corpus.bytes)} MB, ${mode}: wall time`, `${secs(w)} (server's duration_ms ${count(Math.round(s.duration_ms))})`);
    report(`import ${mb(corpus.bytes)} MB, ${mode}: throughput`, `${rate(s.lines, w)} lines/s, ${rate(s.chunks_added, w)} chunks/s, ${(s.bytes / 1e6 / (w / 1000)).toFixed(2)} MB/s`);
    report(`import ${mb(corpus.bytes)} MB, ${mode}: server CPU time`, `${secs(cpu)}, ${rate(s.lines, cpu)} lines per CPU second (embedding runs in a worker thread of the same process)`);
    report(`server RSS after import, ${mode}`, `${ctx.rssMb(srv.pid).toFixed(0)} MB (peak ${peakRssMb(srv.pid).toFixed(0)} MB)`);
    const odd = problems(s);
    if (odd) report(`import ${mb(corpus.bytes)} MB, ${mode}: problems`, odd);

    if (mode === 'hybrid' && !s.embedded) {
      const t = performance.now();
      for (;;) {
        const stats = await srv.call<{ not_embedded: number }>('reflection_stats');
        if (stats.not_embedded === 0) break;
        if (performance.now() - t > IMPORT_TIMEOUT_MS) throw new Error(`vectors not filled in after ${secs(IMPORT_TIMEOUT_MS)}: ${stats.not_embedded} left`);
        await new Promise((r) => setTimeout(r, 500));
      }
      report(`vectors filled in after the import, ${mode}`, `${secs(performance.now() - t)} more (${rate(s.chunks_added, performance.now() - t)} chunks/s)`);
    }

    const again = await runImport(srv);
    report(`import again, nothing new, ${mode}`, `${secs(again.wallMs)} (${count(again.summary.lines)} lines, ${count(again.summary.chunks_added)} chunks added)`);

    // grow the largest transcripts of a few projects, as sessions going on would
    const bySize = [...files].sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
    const picked: string[] = [];
    for (const f of bySize) if (picked.length < GROW_FILES && !picked.some((p) => path.dirname(p) === path.dirname(f))) picked.push(f);
    const grown = growTranscripts({ files: picked, bytes: GROW_BYTES, seed: 17 });
    const g = await runImport(srv);
    const gs = g.summary;
    report(
      `import after appending ${mb(grown.bytes)} MB to ${picked.length} files, ${mode}`,
      `${secs(g.wallMs)}, ${rate(gs.lines, g.wallMs)} lines/s; read ${count(gs.lines)} lines (appended ${count(grown.lines)}), ${mb(gs.bytes)} MB, ${gs.files_changed} files changed, ${gs.files_reset} reset, ${count(gs.chunks_added)} chunks added, ${count(gs.chunks_removed)} removed`,
    );
    const oddGrow = problems(gs);
    if (oddGrow) report(`import after appending, ${mode}: problems`, oddGrow);

    for (const q of QUERIES) await srv.call('reflect_on_past', { query: q, project: 'all' }); // warm-up
    const times = await timeEach(50, (i) => srv.call('reflect_on_past', { query: QUERIES[i % QUERIES.length], project: 'all', limit: 10 }));
    report(`reflect_on_past over the imported conversations, ${mode}`, `p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}`);
    report(`server RSS at the end, ${mode}`, `${ctx.rssMb(srv.pid).toFixed(0)} MB (peak ${peakRssMb(srv.pid).toFixed(0)} MB)`);
  } catch (err) {
    report(`import, ${mode}`, `FAILED: ${err instanceof Error ? err.message : String(err)}`);
    const tail = srv.stderr().trim().split('\n').slice(-20).join('\n');
    if (tail) process.stderr.write(`  server stderr (last lines):\n${tail}\n`);
  } finally {
    await srv.close();
    fs.rmSync(conv, { recursive: true, force: true });
  }
}

export async function importBench(ctx: ImportBenchContext): Promise<void> {
  const source = path.join(ctx.root, 'transcripts');
  const t = performance.now();
  const corpus = generateCorpus({ root: source, bytes: CORPUS_BYTES, seed: 2026, projects: 6 });
  ctx.report(
    `generate transcripts: ${mb(corpus.bytes)} MB`,
    `${secs(performance.now() - t)} (${corpus.projects.length} projects, ${count(corpus.sessions)} sessions, ${count(corpus.lines)} lines)`,
  );
  for (const mode of ['keyword', 'hybrid'] as const) await oneMode(ctx, mode, source, corpus);
}
