// Orders the context pack's candidates and writes them within the token budget. Nothing is cut
// silently: what passed the relevance floor but did not fit is counted on a last "more" line with
// its ids (for get_memory) or a search to run.
import { estimateTokens } from '../../protocol/context-limits.js';
import type { ContextHandoff, ContextItem, ContextPack } from '../../protocol/context-schemas.js';
import type { MemoryItem } from '../../protocol/memory-schemas.js';
import { MemoryToolNames } from '../../protocol/tool-names.js';
import type { IndexBound } from './store.js';

export interface Candidate {
  item: MemoryItem;
  section: ContextItem['section'];
  score: number;
  whys: string[];
  stale: string | null;
  supersededBy: string | null;
}

export interface PackParts {
  project: string;
  mode: ContextPack['mode'];
  branch: string | null;
  changedFiles: string[];
  changedTotal: number;
  /** The first this many changed files were searched; the rest are named on the last line. */
  filesSearched: number;
  budget: number;
  searchMode: ContextPack['search_mode'];
  scoreLine: string | null;
  handoff: ContextHandoff | null;
  candidates: Candidate[];
  /** Some search stopped at its limit: there may be more than the candidates. */
  capped: boolean;
  /** Searches that did not finish before the deadline. */
  unfinished: string[];
  /** The searches covered only the newest memories (null: all of them). */
  searched: IndexBound | null;
  now: number;
}

const EXCERPT_CHARS = 180;
const HANDOFF_LIST_MAX = 5;
const SECTION_ORDER: ContextItem['section'][] = ['prompt', 'relevant', 'decision'];
const SECTION_TITLES: Record<ContextItem['section'], string> = {
  prompt: '',
  relevant: '## Relevant to the current work',
  decision: '## Decisions and gotchas',
};

const flat = (s: string, max: number): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).replace(/\s\S*$/, '')}…`;
};

export function ageOf(iso: string, now: number): string {
  const mins = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (mins < 1) return 'just now';
  if (mins < 60) return `${mins} min ago`;
  const hours = Math.round(mins / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

/** Best first (then those chosen for more reasons); superseded ones last, stale after fresh of the same score; decisions newest first. */
export function orderCandidates(cs: readonly Candidate[]): Candidate[] {
  const rank = (c: Candidate): number => SECTION_ORDER.indexOf(c.section);
  return [...cs].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      Number(a.supersededBy !== null) - Number(b.supersededBy !== null) ||
      (a.section === 'decision' ? 0 : b.score - a.score || b.whys.length - a.whys.length) ||
      Number(a.stale !== null) - Number(b.stale !== null) ||
      Date.parse(b.item.created_at) - Date.parse(a.item.created_at) ||
      a.item.id.localeCompare(b.item.id),
  );
}

export function itemLine(c: Candidate, now: number): string {
  const marks = [c.supersededBy ? `SUPERSEDED${c.supersededBy === 'superseded' ? '' : ` by ${c.supersededBy}`}` : null, c.stale ? `STALE: ${c.stale}` : null]
    .filter(Boolean)
    .map((m) => ` [${m}]`)
    .join('');
  const tags = c.item.tags.filter((t) => t === 'decision' || t === 'gotcha');
  const kind = tags.length ? tags.join('/') : c.item.kind;
  return `- (${kind}, ${ageOf(c.item.created_at, now)}, id ${c.item.id})${marks} ${flat(c.item.excerpt, EXCERPT_CHARS)}\n  why: ${c.whys.slice(0, 2).join('; ')}`;
}

function header(p: PackParts): string[] {
  if (p.mode === 'prompt') return [`Memories relevant to this prompt (session-mgmt memory of ${p.project}; ${MemoryToolNames.getMemory} <id> gives the full text):`];
  const where = [p.branch ? `branch ${p.branch}` : null, `${p.changedTotal} changed file${p.changedTotal === 1 ? '' : 's'}`].filter(Boolean).join(', ');
  const lines = [`# Context for ${p.project} (${where})`];
  if (p.scoreLine) lines.push(p.scoreLine);
  return lines;
}

function handoffLines(h: ContextHandoff): string[][] {
  // Each inner list is added whole or not at all.
  const blocks: string[][] = [[``, `## Last handoff (${h.age}, id ${h.id})`, flat(h.summary, 300)]];
  const list = (title: string, items: string[]): void => {
    if (!items.length) return;
    blocks.push([`${title}:`, `- ${flat(items[0]!, 200)}`]);
    for (const it of items.slice(1, HANDOFF_LIST_MAX)) blocks.push([`- ${flat(it, 200)}`]);
    if (items.length > HANDOFF_LIST_MAX) blocks.push([`- … ${items.length - HANDOFF_LIST_MAX} more in the handoff`]);
  };
  list('Open items', h.open_items);
  list('Next steps', h.next_steps);
  return blocks;
}

function moreLine(left: Candidate[], handoffCut: string | null, p: PackParts, room: number): string {
  const late = p.unfinished.length ? `\nNot done in time: ${p.unfinished.join('; ')}` : '';
  const newest = p.searched ? `\nSearched the newest ${p.searched.indexed.toLocaleString('en-US')} of ${p.searched.total.toLocaleString('en-US')} memories of ${p.project} (time limit); ${MemoryToolNames.reflectOnPast} searches them all.` : '';
  const rest = p.mode === 'session' ? p.changedTotal - p.filesSearched : 0;
  const unsearched = rest > 0 ? `\n${rest} more changed file${rest === 1 ? '' : 's'} not searched: ${MemoryToolNames.searchByFile} ${p.changedFiles.slice(p.filesSearched, p.filesSearched + 3).join(', ')}${rest > 3 ? ', …' : ''}` : '';
  return moreItems(left, handoffCut, p, room - estimateTokens(late + unsearched + newest)) + unsearched + late + newest;
}

function moreItems(left: Candidate[], handoffCut: string | null, p: PackParts, room: number): string {
  if (left.length === 0 && !handoffCut) return '';
  const search =
    p.mode === 'prompt'
      ? `${MemoryToolNames.reflectOnPast} with the prompt`
      : p.changedFiles[0]
        ? `${MemoryToolNames.searchByFile} ${p.changedFiles[0]}`
        : `${MemoryToolNames.reflectOnPast}`;
  const parts: string[] = [];
  if (left.length) parts.push(`${p.capped ? 'at least ' : ''}${left.length} more over the budget`);
  if (handoffCut) parts.push(`the rest of handoff ${handoffCut}`);
  let ids = left.map((c) => c.item.id);
  const build = (n: number): string =>
    `\n${parts.join('; ')}: ${n > 0 ? `${MemoryToolNames.getMemory} ${ids.slice(0, n).join(', ')}${n < ids.length ? ', …' : ''} or ` : ''}${left.length ? search : `${MemoryToolNames.getMemory} ${handoffCut}`}`;
  let n = ids.length;
  while (n > 0 && estimateTokens(build(n)) > room) n--;
  ids = ids.slice(0, Math.max(n, 0));
  return build(n);
}

export function renderPack(p: PackParts): ContextPack {
  const ordered = orderCandidates(p.candidates);
  const lines = header(p);
  const tokens = (extra: string[] = []): number => estimateTokens([...lines, ...extra].join('\n'));
  // Room kept for the "more" line while filling: a count, three ids and a search.
  const reserve = 70;
  let handoffCut: string | null = null;

  if (p.handoff) {
    for (const block of handoffLines(p.handoff)) {
      if (tokens(block) + reserve <= p.budget) lines.push(...block);
      else handoffCut = p.handoff.id;
    }
  }
  const shown: Candidate[] = [];
  const left: Candidate[] = [];
  let section: ContextItem['section'] | null = null;
  for (const c of ordered) {
    const title = c.section !== section && SECTION_TITLES[c.section] ? ['', SECTION_TITLES[c.section]] : [];
    const add = [...title, itemLine(c, p.now)];
    if (left.length === 0 && tokens(add) + reserve <= p.budget) {
      lines.push(...add);
      shown.push(c);
      section = c.section;
    } else left.push(c);
  }
  if (p.mode === 'session' && !p.handoff && shown.length === 0 && left.length === 0 && p.unfinished.length === 0) {
    lines.push('', 'Nothing in memory passes the relevance floor for this branch and these changes yet.');
  }
  let text = lines.join('\n');
  const more = moreLine(left, handoffCut, p, p.budget - estimateTokens(text));
  text += more;
  // A budget too small for even the header: keep what fits.
  while (estimateTokens(text) > p.budget && text.includes('\n')) text = text.slice(0, text.lastIndexOf('\n'));
  if (estimateTokens(text) > p.budget) text = text.slice(0, p.budget * 4);
  const items: ContextItem[] = shown.map((c) => ({
    id: c.item.id,
    kind: c.item.kind,
    section: c.section,
    created_at: c.item.created_at,
    age: ageOf(c.item.created_at, p.now),
    score: Math.min(1, Math.max(0, c.score)),
    why: c.whys.join('; '),
    excerpt: c.item.excerpt,
    stale: c.stale,
    superseded_by: c.supersededBy,
  }));
  if (p.mode === 'prompt' && shown.length === 0) text = '';
  return {
    project: p.project,
    mode: p.mode,
    branch: p.branch,
    changed_files: p.changedFiles,
    budget: p.budget,
    tokens: estimateTokens(text),
    search_mode: p.searchMode,
    score_line: p.scoreLine,
    handoff: p.handoff,
    items,
    more: {
      count: left.length,
      ids: left.map((c) => c.item.id),
      hint: more.trim(),
    },
    text,
  };
}
