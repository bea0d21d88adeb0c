// The memory operations behind the MCP tools: validation, storage, search and shaping of results.
import { randomUUID } from 'node:crypto';
import { SUPERSEDES_TAG_PREFIX } from '../../protocol/context-limits.js';
import { EMBEDDING_DIM, MEMORY_KINDS, type MemoryKind } from '../../protocol/limits.js';
import type {
  FileMatchItem,
  GetMemoryOutput,
  MemoryItem,
  PagedSearchOutput,
  QuickSearchOutput,
  ReflectionStatsOutput,
  SearchByConceptOutput,
  SearchByFileOutput,
  SearchOutput,
  SearchSummaryOutput,
  StoreReflectionOutput,
} from '../../protocol/memory-schemas.js';
import type { Logger } from '../log.js';
import type { Backfill } from './backfill.js';
import type { Embedder } from './embedder.js';
import type { MemoryRow, StoredMemory } from './schema.js';
import { filterClause, filterPredicate, type Hit, type SearchEngine, type SearchFilter, type SearchRun } from './search.js';
import { fileSearch } from './file-search.js';
import { normalisePath, pathText } from './analysis/paths.js';
import { sqlString, sqlStringList } from './sql.js';
import { pathTerms } from './excerpt.js';
import type { MemoryStore } from './store.js';
import { toMemoryItem } from './items.js';
import { frequentTerms } from './text.js';
import { conversationOriginOf } from './conversations/origin.js';
import { otherProjectForm } from './other-project.js';
import type { Redactor } from './redaction.js';
import { canonicalPath, InputError, normalizeFiles, normalizeTags, parseDate, requireRange, requireText, resolveScope } from './validate.js';

export interface MemoryContext {
  project: string;
  projectRoot: string;
  dataDir: string;
}

export interface StoreInput {
  content: string;
  kind?: MemoryKind;
  tags?: string[] | undefined;
  project?: string | undefined;
  files?: string[] | undefined;
  sessionId?: string | null;
  source?: string | null;
  meta?: string | null;
}

export interface SearchInput {
  query: string;
  limit: number;
  min_score: number;
  project?: string | undefined;
  kinds?: MemoryKind[] | undefined;
  tags?: string[] | undefined;
  since?: string | undefined;
  until?: string | undefined;
  use_decay?: boolean | undefined;
}

const RELATED_FILES = 20;
/** Related files and tags are counted over this many best matches. */
const RELATED_FROM = 50;

export class MemoryService {
  constructor(
    readonly ctx: MemoryContext,
    private readonly store: MemoryStore,
    private readonly embedder: Embedder,
    private readonly engine: SearchEngine,
    private readonly backfill: Backfill,
    private readonly log: Logger,
    private readonly redactor: Redactor,
  ) {}

  private scopeName(scope: string | null): string {
    return scope ?? 'all';
  }

  /** The fields every search result states: what was asked, how it was searched, and where. */
  private meta(input: { query: string; min_score: number }, run: SearchRun, filter: SearchFilter) {
    return { query: input.query, mode: run.mode, scope: this.scopeName(filter.scope), min_score: input.min_score };
  }

  private item(hit: Hit, run: SearchRun): MemoryItem {
    return toMemoryItem(hit.row, hit.score, run.matched, hit.folded.map((r) => r.id));
  }

  async storeMemory(input: StoreInput): Promise<StoreReflectionOutput> {
    // Credentials never reach the store (unless redaction is turned off).
    const { text, redactions } = await this.redactor.redact(requireText('content', input.content));
    const tags = normalizeTags(input.tags);
    const project = input.project?.trim() || this.ctx.project;
    if (project.toLowerCase() === 'all') throw new InputError('project "all" is reserved for searching every project');
    if (project.includes('\0')) throw new InputError('project must not contain NUL characters');
    const files = normalizeFiles(input.files, this.ctx.projectRoot);
    let vector: number[] | null = null;
    if (this.embedder.ready) {
      try {
        vector = (await this.embedder.embed([text]))[0] ?? null;
      } catch (err) {
        this.log.warn('embedding failed; storing without a vector for later', err);
      }
    }
    const row: MemoryRow = {
      id: randomUUID(),
      kind: input.kind ?? 'reflection',
      text,
      tags,
      project,
      session_id: input.sessionId ?? null,
      files,
      source: input.source ?? null,
      meta: input.meta ?? null,
      created_at: new Date(),
      vector,
    };
    await this.store.add([row]);
    // A model may have appeared while this one was stored without a vector.
    if (!vector && this.embedder.ready) void this.backfill.trigger();
    return { id: row.id, kind: row.kind, project, tags, files, embedded: vector !== null, created_at: row.created_at.toISOString(), redactions };
  }

  private filterOf(input: Pick<SearchInput, 'project' | 'kinds' | 'tags' | 'since' | 'until'>): SearchFilter {
    const since = parseDate('since', input.since);
    const until = parseDate('until', input.until);
    requireRange(since, until);
    const tags = input.tags ? normalizeTags(input.tags) : undefined;
    return { scope: resolveScope(input.project, this.ctx.project), kinds: input.kinds, tags, since, until };
  }

  private async run(input: SearchInput, want: number): Promise<{ run: SearchRun; filter: SearchFilter }> {
    const query = requireText('query', input.query);
    const filter = this.filterOf(input);
    const run = await this.engine.search({ ...filter, query, minScore: input.min_score, useDecay: input.use_decay ?? false, want });
    return { run, filter };
  }

  async reflectOnPast(input: SearchInput): Promise<SearchOutput> {
    const { run, filter } = await this.run(input, input.limit);
    const results = run.hits.slice(0, input.limit).map((h) => this.item(h, run));
    return { ...this.meta(input, run, filter), count: results.length, results };
  }

  async getMoreResults(input: SearchInput & { offset: number }): Promise<PagedSearchOutput> {
    // One more than the page, so has_more is known.
    const { run, filter } = await this.run(input, input.offset + input.limit + 1);
    const page = run.hits.slice(input.offset, input.offset + input.limit);
    return {
      ...this.meta(input, run, filter),
      count: page.length,
      offset: input.offset,
      has_more: run.hits.length > input.offset + input.limit,
      results: page.map((h) => this.item(h, run)),
    };
  }

  async quickSearch(input: SearchInput): Promise<QuickSearchOutput> {
    const { run, filter } = await this.run(input, input.limit);
    const results = run.hits.slice(0, input.limit).map((h) => this.item(h, run));
    return {
      ...this.meta(input, run, filter),
      count: run.total,
      top: results[0] ?? null,
      results,
    };
  }

  async searchSummary(input: Omit<SearchInput, 'limit'>): Promise<SearchSummaryOutput> {
    const { run, filter } = await this.run({ ...input, limit: 1 }, Number.MAX_SAFE_INTEGER);
    const by_kind: Record<string, number> = {};
    const by_project: Record<string, number> = {};
    let first = Infinity;
    let last = -Infinity;
    for (const row of run.hits.flatMap((h) => [h.row, ...h.folded])) {
      by_kind[row.kind] = (by_kind[row.kind] ?? 0) + 1;
      by_project[row.project] = (by_project[row.project] ?? 0) + 1;
      first = Math.min(first, row.created_at);
      last = Math.max(last, row.created_at);
    }
    return {
      ...this.meta(input, run, filter),
      count: run.total,
      first_at: run.hits.length ? new Date(first).toISOString() : null,
      last_at: run.hits.length ? new Date(last).toISOString() : null,
      by_kind,
      by_project,
      frequent_terms: frequentTerms(
        run.hits.flatMap((h) => [h.row.text, ...h.folded.map((r) => r.text)]),
        run.query.units.map((u) => u.text),
      ),
    };
  }

  async searchByConcept(input: SearchInput & { include_files: boolean }): Promise<SearchByConceptOutput> {
    const { run, filter } = await this.run(input, Math.max(input.limit, 50));
    const results = run.hits.slice(0, input.limit).map((h) => this.item(h, run));
    const files = new Map<string, number>();
    const tags = new Map<string, number>();
    for (const { row } of run.hits.slice(0, RELATED_FROM)) {
      if (input.include_files) for (const f of row.files) files.set(f, (files.get(f) ?? 0) + 1);
      for (const t of row.tags) tags.set(t, (tags.get(t) ?? 0) + 1);
    }
    const top = (m: Map<string, number>): [string, number][] =>
      [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, RELATED_FILES);
    const related_files = top(files).map(([path, count]) => ({ path, count }));
    const related_tags = top(tags).map(([tag, count]) => ({ tag, count }));
    return { ...this.meta(input, run, filter), count: results.length, results, related_files, related_tags };
  }

  /** Memories listing the file, then memories whose text mentions it; see file-search.ts for the score. */
  async searchByFile(input: { file_path: string; limit: number; project?: string | undefined }): Promise<SearchByFileOutput> {
    const canonical = canonicalPath(requireText('file_path', input.file_path), this.ctx.projectRoot);
    const normalised = normalisePath(canonical);
    const scope = resolveScope(input.project, this.ctx.project);
    const accept = filterPredicate({ scope });
    const other = otherProjectForm(canonical, this.ctx.projectRoot);
    const index = await this.store.lexicalIndex();
    const hits = fileSearch(index, {
      path: canonical,
      accept: (d) => accept(d.row),
      currentProject: this.ctx.project,
      // canonicalPath made a path under the current root relative.
      inCurrentProject: !normalised.absolute,
      otherProject: other?.project ?? null,
    });
    const results: FileMatchItem[] = hits.slice(0, input.limit).map((h) => ({
      ...toMemoryItem(h.doc.row, h.score, h.match === 'text' ? pathTerms(h.path) : undefined, h.folded),
      match: h.match,
      matched_path: h.path,
    }));
    return { file_path: input.file_path, forms: [pathText(normalised)], scope: this.scopeName(scope), count: results.length, results };
  }

  async getMemory(id: string): Promise<GetMemoryOutput> {
    const row = await this.store.get(id);
    if (!row) throw new InputError(`no memory with id "${id}"`);
    const { meta, embedded, ...rest } = row;
    const conversation = row.kind === 'conversation' ? conversationOriginOf(meta) : null;
    return { memory: { ...rest, embedded, created_at: new Date(row.created_at).toISOString(), conversation } };
  }

  async deleteMemory(id: string): Promise<{ id: string; deleted: boolean }> {
    return { id, deleted: await this.store.delete(id) };
  }

  async setTags(id: string, tags: string[]): Promise<{ id: string; tags: string[] }> {
    const normalized = normalizeTags(tags);
    if (!(await this.store.setTags(id, normalized))) throw new InputError(`no memory with id "${id}"`);
    return { id, tags: normalized };
  }

  /** Memories of a project stored at or after a time, oldest first. */
  async memoriesSince(project: string, since: Date): Promise<StoredMemory[]> {
    const rows = await this.store.find(filterClause({ scope: project, since }), 10_000);
    return rows.sort((a, b) => a.created_at - b.created_at);
  }

  /** For each of these memories that a newer one supersedes (tagged `supersedes-<id>`): that one's id. */
  async supersededBy(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    const tags = ids.map((id) => `${SUPERSEDES_TAG_PREFIX}${id.toLowerCase()}`);
    for (const row of await this.store.find(`array_has_any(tags, [${sqlStringList(tags)}])`, 1_000)) {
      for (const t of row.tags) if (t.startsWith(SUPERSEDES_TAG_PREFIX)) out.set(t.slice(SUPERSEDES_TAG_PREFIX.length), row.id);
    }
    return new Map([...out].filter(([id]) => ids.includes(id)));
  }

  /** Changes whenever the memories change, in this process or another sharing the data dir. */
  async changeMark(): Promise<number> {
    return this.store.version();
  }

  async health(): Promise<{ mode: 'hybrid' | 'keyword'; model_state: string; model_detail: string; data_dir: string; memories: number }> {
    const model = this.embedder.status();
    return { mode: this.engine.mode, model_state: model.state, model_detail: model.detail, data_dir: this.ctx.dataDir, memories: await this.store.count() };
  }

  /** The memory part of reflection_stats; the conversation-import part comes from the importer. */
  async stats(): Promise<Omit<ReflectionStatsOutput, 'conversations'>> {
    const by_kind: Record<string, number> = {};
    for (const kind of MEMORY_KINDS) by_kind[kind] = await this.store.count(`kind = ${sqlString(kind)}`);
    const by_project: Record<string, number> = {};
    for (const p of await this.store.column('project')) by_project[String(p)] = (by_project[String(p)] ?? 0) + 1;
    const total = await this.store.count();
    const embedded = await this.store.count('vector IS NOT NULL');
    return {
      total,
      by_kind,
      by_project,
      embedded,
      not_embedded: total - embedded,
      mode: this.engine.mode,
      model: this.embedder.status(),
      dimension: EMBEDDING_DIM,
      metric: 'cosine',
      data_dir: this.ctx.dataDir,
      size_bytes: this.store.sizeOnDisk(),
      project: this.ctx.project,
    };
  }
}
