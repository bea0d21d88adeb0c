// Imports Claude Code transcripts as conversation memories, incrementally: each transcript's state
// says how far it was read, so a re-import reads only new lines; a truncated or rewritten one is
// imported again from the start. Chunk ids are derived from their content, so nothing is stored
// twice, and every write is followed by the state that covers it, so an import that stops
// anywhere (cancelled, crashed) resumes cleanly.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ConversationOrigin, ConversationStatus, ImportSummary, ImportTrigger } from '../../../protocol/conversation-schemas.js';
import type { Logger } from '../../log.js';
import type { Backfill } from '../backfill.js';
import type { Embedder } from '../embedder.js';
import type { MemoryRow } from '../schema.js';
import { sqlString, sqlStringList } from '../sql.js';
import type { MemoryStore } from '../store.js';
import { addRedactions } from '../../secrets/redact.js';
import type { Redactor } from '../redaction.js';
import { InputError, parseDate, resolveScope } from '../validate.js';
import { normalizeAnyOs, relativeInside, resolveAnyOs } from './any-os-path.js';
import { Chunker, type Anchor, type Chunk } from './chunker.js';
import { finishPart, type EventPart } from './event-part.js';
import { importFormat, type ImportStateStore, type TranscriptState } from './import-state.js';
import { EventReader } from './transcript-events.js';
import { listTranscripts, ProjectMapper, readHead, type ProjectOf } from './transcript-files.js';
import { readLines, readRange } from './transcript-lines.js';

/** Chunks written per batch: each batch is one LanceDB commit and one resumable point. */
const FLUSH_CHUNKS = 256;
const FLUSH_STATES = 200;
const HASH_SPAN = 4096;
/** Characters of message text gathered before secrets are redacted in one scan. */
const REDACT_BATCH_CHARS = 128 * 1024;
/** A last line without a newline is taken as whole once the file has been quiet this long. */
const QUIET_MS = 10_000;
const PROGRESS_EVERY_MS = 250;
const MAX_ERRORS = 50;

export interface ImportContext {
  project: string;
  projectRoot: string;
  transcriptsRoot: string;
}

export interface ImportRequest {
  path?: string | undefined;
  project?: string | undefined;
  since?: string | undefined;
  trigger: ImportTrigger;
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number, total: number, message: string) => void) | undefined;
}

interface Plan {
  file: string;
  size: number;
  mtime: number;
  owner: ProjectOf & { conversation: string };
  prior: TranscriptState | null;
  /** Where reading starts, and whether everything imported before must go first. */
  from: Anchor;
  reset: boolean;
}

function hash(buf: Buffer | string): string {
  return createHash('sha256').update(buf).digest('hex').slice(0, 32);
}

export function chunkId(source: string, chunk: Chunk): string {
  return hash(`${source}\0${chunk.lineStart}\0${chunk.text}`);
}

async function spanHashes(file: string, upTo: number): Promise<{ head: string; tail: string }> {
  const head = await readRange(file, 0, Math.min(HASH_SPAN, upTo));
  const tail = await readRange(file, Math.max(0, upTo - HASH_SPAN), upTo);
  return { head: hash(head), tail: hash(tail) };
}

export class ConversationImporter {
  private queue: Promise<unknown> = Promise.resolve();
  /** Which project each transcript without a state belongs to; its head does not change. */
  private readonly owners = new Map<string, Plan['owner']>();

  constructor(
    private readonly ctx: ImportContext,
    private readonly store: MemoryStore,
    private readonly state: ImportStateStore,
    private readonly embedder: Embedder,
    private readonly backfill: Backfill,
    private readonly log: Logger,
    private readonly redactor: Redactor,
    private readonly watching: () => boolean = () => false,
  ) {}

  /** Imports run one at a time per process; concurrent callers queue. */
  run(req: ImportRequest): Promise<ImportSummary> {
    const next = this.queue.then(() => this.runNow(req));
    this.queue = next.catch(() => undefined);
    return next;
  }

  async status(): Promise<ConversationStatus> {
    return { root: this.ctx.transcriptsRoot, watching: this.watching(), last_import: await this.state.lastImport() };
  }

  private target(p: string | undefined): string | null {
    if (p === undefined) return fs.existsSync(this.ctx.transcriptsRoot) ? this.ctx.transcriptsRoot : null;
    if (p.includes('\0')) throw new InputError('path must not contain NUL characters');
    const resolved = path.resolve(this.ctx.transcriptsRoot, p);
    if (!fs.existsSync(resolved)) throw new InputError(`path "${p}" does not exist (relative paths are taken from ${this.ctx.transcriptsRoot})`);
    return resolved;
  }

  private async runNow(req: ImportRequest): Promise<ImportSummary> {
    const target = this.target(req.path);
    const scope = resolveScope(req.project, this.ctx.project);
    const since = parseDate('since', req.since);
    const started = Date.now();
    const summary: ImportSummary = {
      trigger: req.trigger,
      root: target ?? this.ctx.transcriptsRoot,
      scope: scope ?? 'all',
      started_at: new Date(started).toISOString(),
      finished_at: '',
      duration_ms: 0,
      files: 0,
      files_changed: 0,
      files_reset: 0,
      lines: 0,
      bytes: 0,
      chunks_added: 0,
      chunks_removed: 0,
      skipped_lines: 0,
      repaired_lines: 0,
      sidechain_lines: 0,
      redacted: this.redactor.enabled,
      redactions: [],
      embedded: false,
      cancelled: false,
      by_project: {},
      errors: [],
    };
    const fail = (file: string, err: unknown): void => {
      this.log.warn(`conversation import: ${file}`, err);
      if (summary.errors.length < MAX_ERRORS) summary.errors.push({ file, message: err instanceof Error ? err.message : String(err) });
    };
    const plans = target ? await this.plan(target, scope, since, summary, fail) : [];
    const run = new ImportRun(this, summary, plans, req, fail);
    await run.execute();
    summary.finished_at = new Date().toISOString();
    summary.duration_ms = Date.now() - started;
    if (!summary.embedded && this.embedder.ready) void this.backfill.trigger();
    if (summary.files_changed > 0 || summary.errors.length > 0 || req.trigger === 'tool') await this.state.recordImport(summary);
    return summary;
  }

  private async plan(target: string, scope: string | null, since: Date | undefined, summary: ImportSummary, fail: (f: string, e: unknown) => void): Promise<Plan[]> {
    const files = listTranscripts(target);
    const known = await this.state.get(files);
    const mapper = new ProjectMapper(this.ctx);
    const plans: Plan[] = [];
    for (const file of files) {
      try {
        const st = fs.statSync(file);
        if (since && st.mtimeMs < since.getTime()) continue;
        const prior = known.get(file) ?? null;
        let owner: Plan['owner'];
        // A transcript imported under older rules (or the other redaction setting) is owned and read again under the current ones.
        if (prior && prior.format === importFormat(this.redactor.enabled)) owner = { project: prior.project, root: prior.root || null, conversation: prior.conversation };
        else {
          owner = this.owners.get(file) ?? (await this.ownerOf(file, st.size, mapper));
        }
        if (scope !== null && owner.project !== scope) continue;
        summary.files += 1;
        const plan = await this.decide(file, st, owner, prior);
        if (plan) plans.push(plan);
      } catch (err) {
        fail(file, err);
      }
    }
    return plans;
  }

  private async ownerOf(file: string, size: number, mapper: ProjectMapper): Promise<Plan['owner']> {
    const head = await readHead(file, size);
    const owner = { ...mapper.of(head.cwd, file), conversation: head.sessionId ?? path.basename(file, '.jsonl') };
    // An empty transcript may still get its first line; only a known owner is remembered.
    if (head.cwd || size > 0) this.owners.set(file, owner);
    return owner;
  }

  /** What to read of one transcript, or null when nothing changed. */
  private async decide(file: string, st: fs.Stats, owner: Plan['owner'], prior: TranscriptState | null): Promise<Plan | null> {
    const fresh = { file, size: st.size, mtime: st.mtimeMs, owner, prior };
    const fromStart = { ...fresh, from: { offset: 0, line: 1, carry: '', carryLine: 0 } };
    if (!prior) return { ...fromStart, reset: false };
    if (prior.format !== importFormat(this.redactor.enabled)) return { ...fromStart, reset: true };
    if (st.size === prior.read_to && st.mtimeMs === prior.mtime_ms) return null;
    if (st.size < prior.read_to) return { ...fromStart, reset: true };
    const now = await spanHashes(file, prior.read_to);
    if (now.head !== prior.head_hash || now.tail !== prior.tail_hash) return { ...fromStart, reset: true };
    return { ...fresh, from: { offset: prior.resume_offset, line: prior.resume_line, carry: prior.carry, carryLine: prior.carry_line }, reset: false };
  }

  // Used by ImportRun.
  get deps() {
    return { store: this.store, state: this.state, embedder: this.embedder, log: this.log, redactor: this.redactor };
  }
}

/** One import's batch of writes: chunks first, then the replaced chunks' removal, then the states. */
class ImportRun {
  private rows: MemoryRow[] = [];
  private removals: string[] = [];
  private states: TranscriptState[] = [];
  private done = 0;
  private total: number;
  private lastProgress = 0;
  private index = 0;
  /** Some chunk was stored without a vector. */
  private unembedded = false;

  constructor(
    private readonly owner: ConversationImporter,
    private readonly summary: ImportSummary,
    private readonly plans: Plan[],
    private readonly req: ImportRequest,
    private readonly fail: (file: string, err: unknown) => void,
  ) {
    this.total = plans.reduce((n, p) => n + (p.size - p.from.offset), 0);
  }

  private get aborted(): boolean {
    return this.req.signal?.aborted === true;
  }

  async execute(): Promise<void> {
    for (const plan of this.plans) {
      this.index += 1;
      if (this.aborted) break;
      try {
        await this.importFile(plan);
      } catch (err) {
        this.fail(plan.file, err);
      }
      if (this.aborted) break;
    }
    await this.flush();
    this.summary.cancelled = this.aborted;
    // A line still being written is not read; the import is nonetheless complete.
    if (!this.summary.cancelled) this.done = this.total;
    this.progress(true);
  }

  private progress(force = false): void {
    const now = Date.now();
    if (!this.req.onProgress || (!force && now - this.lastProgress < PROGRESS_EVERY_MS)) return;
    this.lastProgress = now;
    const n = this.plans.length;
    const message =
      n === 0
        ? `nothing new in ${this.summary.files.toLocaleString('en-US')} transcripts`
        : `${Math.min(this.index, n)}/${n} transcripts with new lines · ${this.summary.chunks_added.toLocaleString('en-US')} chunks`;
    this.req.onProgress(this.done, Math.max(this.total, this.done), message);
  }

  private async flush(): Promise<void> {
    const { store, state, embedder, log } = this.owner.deps;
    // Chunks stored before (a resumed or repeated import) are neither embedded nor counted again.
    const stored = await store.existingIds(this.rows.map((r) => r.id));
    const rows = this.rows.filter((r) => !stored.has(r.id));
    if (rows.length) {
      if (embedder.ready) {
        try {
          const vectors = await embedder.embed(rows.map((r) => r.text));
          rows.forEach((r, i) => (r.vector = vectors[i] ?? null));
        } catch (err) {
          log.warn('embedding conversation chunks failed; storing them for later embedding', err);
        }
      }
      if (rows.some((r) => r.vector === null)) this.unembedded = true;
      this.summary.chunks_added += await store.addMissing(rows);
      this.summary.embedded = !this.unembedded;
      for (const r of rows) this.summary.by_project[r.project] = (this.summary.by_project[r.project] ?? 0) + 1;
    }
    if (this.removals.length) this.summary.chunks_removed += await store.deleteWhere(`id IN (${sqlStringList(this.removals)})`);
    await state.put(this.states);
    this.rows = [];
    this.removals = [];
    this.states = [];
  }

  private async importFile(plan: Plan): Promise<void> {
    const { store, redactor } = this.owner.deps;
    const { file, owner } = plan;
    if (plan.reset) {
      // Remove what this transcript produced before; a crash here leaves the old state, which
      // still disagrees with the file (or its format), so the next import resets again.
      this.summary.files_reset += 1;
      this.summary.chunks_removed += await store.deleteWhere(`source = ${sqlString(file)} AND kind = 'conversation'`);
    }
    const prior = plan.reset ? null : plan.prior;
    const readTo = prior?.read_to ?? 0;
    const root = owner.root ? normalizeAnyOs(owner.root) : null;
    // A tool's path, resolved against the line's own cwd, shown relative to the project root when inside it.
    const show = (p: string, cwd: string | null): string => {
      const abs = resolveAnyOs(cwd ?? root, p.trim());
      return (root && relativeInside(root, abs)) || abs;
    };
    const reader = new EventReader(show);
    const chunker = new Chunker(plan.from.carry, plan.from.carryLine);
    const startAnchor = plan.from.offset;
    // The chunk stored last time while it could still grow: dropped unless produced again unchanged.
    let oldOpen = prior?.open_id ?? null;
    const emit = (c: Chunk): void => {
      const id = chunkId(file, c);
      if (oldOpen && (c.anchor.offset !== startAnchor || id === oldOpen)) {
        if (id !== oldOpen) this.removals.push(oldOpen);
        oldOpen = null;
      }
      this.rows.push(this.toRow(plan, id, c));
    };
    // Lines read but not chunked yet: their texts are redacted together, then chunked in order.
    let pending: { start: number; line: number; isNew: boolean; at: number | null; parts: EventPart[] }[] = [];
    let pendingChars = 0;
    let pos = plan.from.offset;
    let line = plan.from.line;
    const drain = async (): Promise<void> => {
      if (!pending.length) return;
      const texts = pending.flatMap((p) => p.parts.map((x) => x.text));
      const red = await redactor.redactMany(texts);
      let k = 0;
      for (const p of pending) {
        for (const part of p.parts) {
          const i = k++;
          if (p.isNew && red.each[i]!.length) this.summary.redactions = addRedactions(this.summary.redactions, red.each[i]!);
          const text = finishPart(red.texts[i]!, part);
          for (const c of chunker.push({ ...part, text, offset: p.start, line: p.line, at: p.at })) emit(c);
        }
      }
      pending = [];
      pendingChars = 0;
    };
    const quiet = Date.now() - plan.mtime > QUIET_MS;
    let counted = false;
    // Skipped warm-up lines since the last part: a later import must read them again to know that
    // the replies chained to them are the warm-up's too.
    let skipRun: Anchor | null = null;
    const resumeAt = (): Anchor => chunker.resumePoint() ?? skipRun ?? { offset: pos, line, carry: plan.from.carry, carryLine: plan.from.carryLine };
    for await (const l of readLines(file, plan.from.offset, plan.from.line, plan.size, quiet)) {
      const isNew = l.start >= readTo;
      if (isNew && !counted) {
        counted = true;
        this.summary.files_changed += 1;
      }
      if (l.kind === 'too-long') {
        if (isNew) this.summary.skipped_lines += 1;
      } else {
        let value: unknown;
        let ok = true;
        try {
          value = l.text.trim() ? JSON.parse(l.text) : undefined;
        } catch {
          ok = false;
        }
        // An unterminated last line that is not whole JSON is probably still being written.
        if (l.unterminated && !ok) break;
        const info = ok && value !== undefined ? reader.read(value) : null;
        if (isNew) {
          if (l.repaired) this.summary.repaired_lines += 1;
          if (!ok || (value !== undefined && !info)) this.summary.skipped_lines += 1;
          if (info?.sidechain && info.parts.length) this.summary.sidechain_lines += 1;
        }
        if (info?.skipped) skipRun ??= { offset: l.start, line: l.line, carry: plan.from.carry, carryLine: plan.from.carryLine };
        else if (info?.parts.length) skipRun = null;
        if (info?.parts.length) {
          pending.push({ start: l.start, line: l.line, isNew, at: info.at, parts: info.parts });
          for (const part of info.parts) pendingChars += part.text.length;
        }
      }
      if (isNew) {
        this.summary.lines += 1;
        this.summary.bytes += l.end - l.start;
      }
      this.done += l.end - l.start;
      pos = l.end;
      line = l.line + 1;
      if (pendingChars >= REDACT_BATCH_CHARS) await drain();
      if (this.rows.length >= FLUSH_CHUNKS) {
        // Resume from the open chunk, which is not written yet (every line read so far is chunked).
        await drain();
        const at = resumeAt();
        await this.saveState(plan, at, at.offset, at.line, oldOpen);
        await this.flush();
        this.progress();
        if (this.aborted) return;
      }
      this.progress();
    }
    await drain();
    const open = chunker.peek();
    let openId: string | null = null;
    if (open) {
      openId = chunkId(file, open);
      emit(open);
    }
    if (oldOpen && oldOpen !== openId) this.removals.push(oldOpen);
    const at = resumeAt();
    await this.saveState(plan, at, pos, line, openId);
    if (this.rows.length >= FLUSH_CHUNKS || this.states.length >= FLUSH_STATES) await this.flush();
  }

  private async saveState(plan: Plan, at: Anchor, readTo: number, readLine: number, openId: string | null): Promise<void> {
    const hashes = await spanHashes(plan.file, readTo);
    this.states.push({
      path: plan.file,
      project: plan.owner.project,
      root: plan.owner.root ?? '',
      conversation: plan.owner.conversation,
      size: plan.size,
      mtime_ms: readTo === plan.size ? plan.mtime : 0,
      read_to: readTo,
      read_line: readLine,
      resume_offset: at.offset,
      resume_line: at.line,
      carry: at.carry,
      carry_line: at.carryLine,
      format: importFormat(this.owner.deps.redactor.enabled),
      open_id: openId,
      head_hash: hashes.head,
      tail_hash: hashes.tail,
    });
  }

  private toRow(plan: Plan, id: string, c: Chunk): MemoryRow {
    const meta: ConversationOrigin = {
      conversation_id: plan.owner.conversation,
      lines: [c.lineStart, c.lineEnd],
      tools: c.tools,
      edited: c.edited,
      subagent: c.sidechainParts > 0,
      first_at: c.firstAt === null ? null : new Date(c.firstAt).toISOString(),
      last_at: c.lastAt === null ? null : new Date(c.lastAt).toISOString(),
    };
    return {
      id,
      kind: 'conversation',
      text: c.text,
      tags: [],
      project: plan.owner.project,
      session_id: null,
      files: c.files,
      source: plan.file,
      meta: JSON.stringify(meta),
      created_at: new Date(c.firstAt ?? plan.mtime),
      vector: null,
    };
  }
}
