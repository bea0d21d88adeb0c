// The context pack: what the next agent is given without asking. One function gathers it for
// `start`, the `start`/`resume` prompts, the `context` subcommand (Claude Code hooks), the
// session-mgmt://context resource and the Session view. Everything is found through the memory
// service's public searches, so the pack improves with the search it calls.
import fs from 'node:fs';
import path from 'node:path';
import {
  DECISION_TAGS,
  DEFAULT_CONTEXT_BUDGET,
  DEFAULT_PROMPT_BUDGET,
  MAX_CONTEXT_BUDGET,
  MIN_CONTEXT_BUDGET,
  RELEVANCE_FLOOR,
  SUPERSEDED_TAG,
  ResourceUris,
} from '../../protocol/context-limits.js';
import type { ContextHandoff, ContextItem, ContextPack } from '../../protocol/context-schemas.js';
import type { MemoryKind } from '../../protocol/limits.js';
import type { MemoryItem } from '../../protocol/memory-schemas.js';
import { MemoryToolNames } from '../../protocol/tool-names.js';
import { lastCommitTimes, readGitContext, type GitContext } from '../session/git-context.js';
import type { MemoryBrowser } from './browse.js';
import { parseHandoff } from './context-handoff.js';
import { ageOf, renderPack, type Candidate } from './context-pack-text.js';
import type { MemoryService } from './memory-service.js';
import type { IndexBound } from './store.js';
import { InputError } from './validate.js';

export interface ContextPackSources {
  memory: Pick<MemoryService, 'searchByFile' | 'reflectOnPast' | 'supersededBy' | 'getMemory'>;
  browser: Pick<MemoryBrowser, 'list'>;
}

export interface ContextPackRequest {
  project: string;
  projectRoot: string;
  /** Token budget; default 1,500 (400 for a prompt). */
  budget?: number | undefined;
  /** Git facts; read from the project root when not given. */
  git?: GitContext | undefined;
  /** With a prompt, only the memories relevant to it (the UserPromptSubmit hook). */
  prompt?: string | undefined;
  /** The quality score line, when the caller knows the score. */
  scoreLine?: string | null | undefined;
  /** Epoch ms: searches still running then are named in the pack instead of waited for (hooks). */
  deadline?: number | undefined;
  /** Set when the searches covered only the newest memories of the project (hooks at scale). */
  searched?: IndexBound | undefined;
  now?: number | undefined;
}

/** Memory kinds that are context rather than noise: handoffs get their own section, checkpoints only repeat scores. */
const PACK_KINDS: readonly MemoryKind[] = ['reflection', 'conversation'];
const FILES_SEARCHED = 10;
// Per search; the budget does the cutting, and what is cut is counted in the "more" line.
const PER_FILE = 25;
const PER_QUERY = 10;
const PER_DECISION_TAG = 30;
const PROMPT_MAX_CHARS = 1_000;
/** Branch names that say nothing about the work. */
const PLAIN_BRANCHES = new Set(['main', 'master', 'develop', 'dev', 'trunk', 'default', 'head']);

export function resolveBudget(budget: number | undefined, prompt: boolean): number {
  if (budget === undefined) return prompt ? DEFAULT_PROMPT_BUDGET : DEFAULT_CONTEXT_BUDGET;
  if (!Number.isInteger(budget) || budget < MIN_CONTEXT_BUDGET || budget > MAX_CONTEXT_BUDGET) {
    throw new InputError(`budget must be a whole number of tokens from ${MIN_CONTEXT_BUDGET} to ${MAX_CONTEXT_BUDGET}, got ${budget}`);
  }
  return budget;
}

/** "feature/JIRA-12-token_refresh" → "JIRA token refresh": type prefixes and bare numbers say little. */
export function branchQuery(branch: string | null): string | null {
  if (!branch || PLAIN_BRANCHES.has(branch.toLowerCase())) return null;
  const words = branch
    .split(/[/_.\-\s]+/)
    .filter((w) => w && !/^\d+$/.test(w) && !/^(feature|feat|fix|bugfix|hotfix|chore|release|refactor|wip|users?)$/i.test(w));
  return words.length ? words.join(' ') : null;
}

class Gatherer {
  readonly byId = new Map<string, Candidate>();
  /** A search returned as many results as asked for: there may be more than were gathered. */
  capped = false;

  add(item: MemoryItem, section: ContextItem['section'], score: number, why: string): void {
    if (!PACK_KINDS.includes(item.kind)) return;
    const prev = this.byId.get(item.id);
    if (prev) {
      if (!prev.whys.includes(why)) prev.whys.push(why);
      if (score > prev.score) prev.score = score;
      // A decision that is also about a changed file is shown once, where it ranks higher.
      if (section === 'relevant' && prev.section === 'decision') prev.section = 'relevant';
      return;
    }
    this.byId.set(item.id, { item, section, score, whys: [why], stale: null, supersededBy: null });
  }
}

async function latestHandoff(src: ContextPackSources, project: string, now: number): Promise<ContextHandoff | null> {
  const list = await src.browser.list({ project, kinds: ['handoff'], offset: 0, limit: 1 });
  const item = list.items[0];
  if (!item) return null;
  const full = await src.memory.getMemory(item.id);
  const parsed = parseHandoff(full.memory.text);
  return { id: item.id, created_at: item.created_at, age: ageOf(item.created_at, now), summary: parsed.summary, open_items: parsed.openItems, next_steps: parsed.nextSteps };
}

/** One search the pack runs. */
interface SearchResult {
  hits: { item: MemoryItem; section: ContextItem['section']; score: number; why: string }[];
  capped: boolean;
  mode?: string;
}

interface Search {
  /** How to run it by hand, named in the "more" line if it did not finish in time. */
  label: string;
  run(): Promise<SearchResult>;
}

function textSearch(src: ContextPackSources, project: string, query: string, section: ContextItem['section'], why: (score: number) => string): Search {
  return {
    label: `${MemoryToolNames.reflectOnPast} "${query.slice(0, 60)}"`,
    async run() {
      const out = await src.memory.reflectOnPast({ query, limit: PER_QUERY, min_score: RELEVANCE_FLOOR, project, kinds: [...PACK_KINDS] });
      const hits = out.results.filter((r) => r.score >= RELEVANCE_FLOOR).map((r) => ({ item: r, section, score: r.score, why: why(r.score) }));
      return { hits, capped: out.results.length >= PER_QUERY, mode: out.mode };
    },
  };
}

function fileSearch(src: ContextPackSources, project: string, file: string): Search {
  return {
    label: `${MemoryToolNames.searchByFile} ${file}`,
    async run() {
      const out = await src.memory.searchByFile({ file_path: file, limit: PER_FILE, project });
      const hits = out.results.map((r) => ({ item: r, section: 'relevant' as const, score: r.score, why: `${r.match === 'files' ? 'about' : 'mentions'} ${file} (changed)` }));
      return { hits, capped: out.results.length >= PER_FILE };
    },
  };
}

function tagList(src: ContextPackSources, project: string, tag: string): Search {
  return {
    label: `${MemoryToolNames.listMemories} tag ${tag}`,
    async run() {
      const list = await src.browser.list({ project, group_by: 'tag', group: tag, offset: 0, limit: PER_DECISION_TAG });
      return { hits: list.items.map((item) => ({ item, section: 'decision' as const, score: RELEVANCE_FLOOR, why: `tagged ${tag}` })), capped: list.has_more };
    },
  };
}

/** Waits for work until the deadline (if any); work still running then is named, and its fallback used. */
class Deadline {
  readonly unfinished: string[] = [];
  constructor(private readonly at: number | undefined) {}

  async bound<T>(work: Promise<T>, fallback: T, label: string): Promise<T> {
    if (this.at === undefined) return work;
    work.catch(() => undefined);
    // Out of time already: do not wait at all (fast work would otherwise beat a zero-length timer).
    if (Date.now() >= this.at) {
      this.unfinished.push(label);
      return fallback;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = Symbol('late');
    const r = await Promise.race([work, new Promise<typeof late>((resolve) => (timer = setTimeout(() => resolve(late), Math.max(0, this.at! - Date.now()))))]);
    clearTimeout(timer);
    if (r !== late) return r as T;
    this.unfinished.push(label);
    return fallback;
  }
}

/** Files that still exist, of those a memory names, were committed after it: it may be out of date. */
async function markStale(src: ContextPackSources, candidates: Candidate[], root: string, times: Map<string, number>, deadline: Deadline): Promise<void> {
  const superseded = await deadline.bound(src.memory.supersededBy(candidates.map((c) => c.item.id)), new Map<string, string>(), 'which items are superseded');
  for (const c of candidates) {
    const created = Date.parse(c.item.created_at);
    const newer = c.item.files.filter((f) => !path.isAbsolute(f) && (times.get(f) ?? 0) > created && fs.existsSync(path.join(root, f)));
    if (newer.length) c.stale = `${newer.slice(0, 2).join(', ')}${newer.length > 2 ? ` and ${newer.length - 2} more` : ''} committed since`;
    c.supersededBy = superseded.get(c.item.id) ?? (c.item.tags.includes(SUPERSEDED_TAG) ? SUPERSEDED_TAG : null);
  }
}

export async function buildContextPack(src: ContextPackSources, req: ContextPackRequest): Promise<ContextPack> {
  const now = req.now ?? Date.now();
  const prompt = req.prompt?.trim() ? req.prompt.trim().slice(0, PROMPT_MAX_CHARS) : null;
  const budget = resolveBudget(req.budget, prompt !== null);
  const deadline = new Deadline(req.deadline);
  const noGit: GitContext = { branch: null, changedFiles: [], changedTotal: 0, recentSubjects: [] };
  const git = req.git ?? (await deadline.bound(readGitContext(req.projectRoot), noGit, 'git status (branch and changed files)'));
  const searches: Search[] = [];
  if (prompt !== null) searches.push(textSearch(src, req.project, prompt, 'prompt', (s) => `matches the prompt (${s.toFixed(2)})`));
  else {
    for (const file of git.changedFiles.slice(0, FILES_SEARCHED)) searches.push(fileSearch(src, req.project, file));
    const bq = branchQuery(git.branch);
    if (bq) searches.push(textSearch(src, req.project, bq, 'relevant', (s) => `matches branch ${git.branch} (${s.toFixed(2)})`));
    for (const subject of git.recentSubjects) searches.push(textSearch(src, req.project, subject, 'relevant', (s) => `matches commit "${subject.slice(0, 60)}" (${s.toFixed(2)})`));
    for (const tag of DECISION_TAGS) searches.push(tagList(src, req.project, tag));
  }
  // Run at once; each result is taken in the order listed, whatever order they finish in.
  const [handoff, results, times] = await Promise.all([
    prompt === null ? deadline.bound(latestHandoff(src, req.project, now), null, `the last handoff (${ResourceUris.handoffLatest})`) : null,
    Promise.all(searches.map((s) => deadline.bound(s.run().then((r): SearchResult | null => r), null, s.label))),
    deadline.bound(lastCommitTimes(req.projectRoot), new Map<string, number>(), 'commit times (stale marks)'),
  ]);

  const g = new Gatherer();
  for (const r of results) {
    if (!r) continue;
    for (const h of r.hits) g.add(h.item, h.section, h.score, h.why);
    if (r.capped) g.capped = true;
  }
  const candidates = [...g.byId.values()];
  await markStale(src, candidates, req.projectRoot, times, deadline);
  const unfinished = deadline.unfinished;
  return renderPack({
    project: req.project,
    mode: prompt !== null ? 'prompt' : 'session',
    branch: git.branch,
    changedFiles: git.changedFiles,
    changedTotal: git.changedTotal,
    filesSearched: prompt !== null ? 0 : Math.min(FILES_SEARCHED, git.changedFiles.length),
    budget,
    searchMode: results.some((r) => r?.mode === 'hybrid') ? 'hybrid' : 'keyword',
    scoreLine: prompt !== null ? null : (req.scoreLine ?? null),
    handoff,
    candidates,
    capped: g.capped,
    unfinished,
    searched: req.searched ?? null,
    now,
  });
}
