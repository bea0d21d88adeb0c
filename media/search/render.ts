// DOM for results and the explained states of the Search view. Stored text is untrusted: every
// piece of it becomes a text node (or a <mark> holding a text node), never markup.
import type { MatchRange, MemoryItem } from '../../src/protocol/memory-schemas.js';
import { el } from '../webview-api.js';
import { age, baseName, highlight, KIND_ICONS, plural, type Kind } from './format.js';

export interface ItemActions {
  open(id: string): void;
  copy(id: string): void;
  remove(id: string): void;
  searchFile(file: string): void;
}

const KIND_NAMES: Record<Kind, string> = { reflection: 'Reflection', conversation: 'Conversation', checkpoint: 'Checkpoint', handoff: 'Handoff' };
const FILES_SHOWN = 4;

export function icon(name: string): HTMLSpanElement {
  return el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** Text with the server's match ranges wrapped in <mark>, built from text nodes only. */
export function marked(text: string, ranges: readonly MatchRange[] | undefined): DocumentFragment {
  const f = document.createDocumentFragment();
  for (const s of highlight(text, ranges)) f.append(s.mark ? el('mark', {}, s.text) : document.createTextNode(s.text));
  return f;
}

function iconButton(name: string, label: string, onClick: () => void, extraClass = ''): HTMLButtonElement {
  const b = el('button', { type: 'button', class: `icon-button ${extraClass}`.trim(), title: label, 'aria-label': label, tabindex: '-1' }, icon(name));
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    onClick();
  });
  return b;
}

function fileButton(file: string, current: boolean, a: ItemActions): HTMLButtonElement {
  const b = el(
    'button',
    { type: 'button', class: `file${current ? ' current' : ''}`, title: `Search memories about ${file}`, 'aria-label': `Search by this file: ${file}`, tabindex: '-1' },
    icon('file'),
    el('span', { class: 'file-name' }, baseName(file)),
  );
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    a.searchFile(file);
  });
  return b;
}

function filesRow(files: readonly string[], currentFile: string | null, a: ItemActions): HTMLElement {
  const row = el('div', { class: 'files' });
  const shown = files.slice(0, FILES_SHOWN);
  for (const f of shown) row.append(fileButton(f, f === currentFile, a));
  const rest = files.slice(FILES_SHOWN);
  if (rest.length) {
    const more = el('button', { type: 'button', class: 'more', title: rest.join('\n'), tabindex: '-1' }, `+${rest.length} more`);
    more.addEventListener('click', (e) => {
      e.stopPropagation();
      const tabindex = more.getAttribute('tabindex') ?? '-1';
      const added = rest.map((f) => fileButton(f, f === currentFile, a));
      for (const b of added) b.setAttribute('tabindex', tabindex);
      more.replaceWith(...added);
      added[0]?.focus();
    });
    row.append(more);
  }
  return row;
}

export interface ItemOptions {
  /** The file of a "file:" query: its chip is outlined. */
  currentFile: string | null;
  now: number;
  /** The project is shown when it says something: all-projects searches, or another project. */
  showProject(project: string): boolean;
}

export function resultItem(m: MemoryItem, o: ItemOptions, a: ItemActions): HTMLElement {
  const kind = (m.kind in KIND_ICONS ? m.kind : 'reflection') as Kind;
  const meta = el(
    'div',
    { class: 'meta' },
    el('span', { class: 'score', title: `Relevance ${m.score.toFixed(2)} (1 is a perfect match)` }, m.score.toFixed(2)),
    el('span', { class: 'age', title: new Date(m.created_at).toLocaleString() }, age(m.created_at, o.now)),
    m.folded_ids?.length
      ? el('span', { class: 'folded', title: `${plural(m.folded_ids.length, 'near-identical memory', 'near-identical memories')} (the same text apart from numbers) shown as this one` }, `+${m.folded_ids.length} similar`)
      : null,
    o.showProject(m.project) ? el('span', { class: 'project', title: `Project: ${m.project}` }, icon('folder'), el('span', { class: 'ellipsis' }, m.project)) : null,
    m.tags.length ? el('span', { class: 'tags', title: m.tags.map((t) => `#${t}`).join(' ') }, ...m.tags.map((t) => el('span', { class: 'tag' }, `#${t}`))) : null,
    el(
      'span',
      { class: 'actions' },
      iconButton('go-to-file', 'Open (Enter)', () => a.open(m.id)),
      iconButton('copy', 'Copy text', () => a.copy(m.id)),
      iconButton('trash', 'Delete… (Delete)', () => a.remove(m.id), 'danger'),
    ),
  );
  const item = el(
    'div',
    { class: 'result', role: 'listitem', tabindex: '-1', 'data-id': m.id, 'data-kind': kind },
    el(
      'div',
      { class: 'line' },
      el('span', { class: `kind codicon codicon-${KIND_ICONS[kind]}`, title: KIND_NAMES[kind], 'aria-hidden': 'true' }),
      el('span', { class: 'visually-hidden' }, `${KIND_NAMES[kind]}: `),
      el('div', { class: 'excerpt', title: m.excerpt }, marked(m.excerpt, m.matches)),
    ),
    meta,
    m.files.length ? filesRow(m.files, o.currentFile, a) : null,
  );
  item.addEventListener('dblclick', (e) => {
    if (!(e.target as HTMLElement).closest('button')) a.open(m.id);
  });
  return item;
}

// ---- explained states ----

function state(iconName: string, title: string, ...body: (Node | string | null)[]): HTMLElement {
  return el('div', { class: 'state' }, el('div', { class: 'state-title' }, icon(iconName), el('span', {}, title)), ...body);
}

function kbd(text: string): HTMLElement {
  return el('kbd', {}, text);
}

/** The help, folded to one line (its title and a "more" toggle) so the sidebar keeps its room. */
export function howTo(): HTMLElement {
  return el(
    'details',
    { class: 'state howto' },
    el('summary', { class: 'state-title' }, icon('search'), el('span', {}, 'Search your memory'), el('span', { class: 'more-toggle', 'aria-hidden': 'true' })),
    el('p', {}, 'Find what you and your agents remembered: decisions, lessons, checkpoints and handoffs.'),
    el(
      'ul',
      {},
      el('li', {}, 'Type words or a question, e.g. ', el('code', {}, 'flaky test timeout'), '.'),
      el('li', {}, el('code', {}, 'file: src/app.ts'), ' finds the memories about a file.'),
      el('li', {}, 'Narrow by kind or tag; ', el('em', {}, 'All projects'), ' searches everywhere.'),
      el('li', {}, kbd('↓'), ' moves to the results, ', kbd('Enter'), ' opens, ', kbd('Delete'), ' removes.'),
    ),
  );
}

export function noResults(query: string, where: string, opts: { canWiden: boolean; filtered: boolean; widen(): void; clearFilters(): void }): HTMLElement {
  const buttons = el('div', { class: 'state-actions' });
  if (opts.canWiden) {
    const b = el('button', { type: 'button', class: 'secondary' }, icon('globe'), el('span', {}, 'Search all projects'));
    b.addEventListener('click', opts.widen);
    buttons.append(b);
  }
  if (opts.filtered) {
    const b = el('button', { type: 'button', class: 'secondary' }, icon('clear-all'), el('span', {}, 'Clear filters'));
    b.addEventListener('click', opts.clearFilters);
    buttons.append(b);
  }
  const tips = [opts.canWiden ? 'search all projects' : null, opts.filtered ? 'remove some filters' : null, 'use fewer or other words'].filter((t): t is string => t !== null);
  return state(
    'search-stop',
    'No memories match',
    el('p', {}, 'Nothing matches ', el('strong', {}, `“${query}”`), ` in ${where}.`),
    el('p', { class: 'hint' }, `Try to ${tips.join(', or ')}.`),
    buttons.childElementCount ? buttons : null,
  );
}

export function connecting(): HTMLElement {
  const title = state('loading', 'Connecting to the session server…');
  title.querySelector('.codicon')?.classList.add('codicon-modifier-spin');
  return title;
}

export function disconnected(): HTMLElement {
  return state(
    'debug-disconnect',
    'The session server is not running',
    el('p', {}, 'Search works as soon as the server runs; it usually starts within a few seconds.'),
    el(
      'p',
      { class: 'state-actions' },
      el('a', { href: 'command:sessionMgmt.restartServer' }, 'Restart Server'),
      el('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '),
      el('a', { href: 'command:sessionMgmt.showLog' }, 'Show Log'),
    ),
  );
}

export function errorBox(message: string): HTMLElement {
  return el('div', { class: 'error', role: 'alert' }, icon('error'), el('span', {}, message));
}

export function keywordNotice(): HTMLElement {
  return el(
    'div',
    { class: 'notice', title: 'Results match your words, not their meaning: search by meaning needs the local embedding model (all-MiniLM-L6-v2), which the server could not load. Session: Show Log tells where it looked.' },
    icon('info'),
    el('span', {}, 'Keyword search only: no embedding model, so words must match.'),
  );
}

export function summary(count: number, where: string, file: string | null, limit: number): string {
  const n = count >= limit ? `Top ${limit} memories` : plural(count, 'memory', 'memories');
  return file ? `${n} about ${baseName(file)} in ${where}` : `${n} in ${where}`;
}
