// The Search view app: a search box with filters, results with safe highlighting, and the states
// explained in place. Plain DOM; the query, filters and scroll survive the view being hidden
// through getState/setState (the host does not retain the context).
import type { MemoryItem } from '../../src/protocol/memory-schemas.js';
import type { SearchViewMessage, SearchViewRequest } from '../../src/protocol/webview-messages.js';
import { el, hostBridge } from '../webview-api.js';
import { fileQuery, KIND_ICONS, KIND_LABELS, parseQuery, parseTags, type Kind } from './format.js';
import { RovingList } from './nav.js';
import * as R from './render.js';

const DEBOUNCE_MS = 250;
const BUSY_DELAY_MS = 120;
/** The server often is still starting when the view opens: say so before calling it "not running". */
const CONNECT_GRACE_MS = 5_000;
const LIMIT = 50;
const KINDS = Object.keys(KIND_ICONS) as Kind[];

interface ViewState {
  query: string;
  scope: 'project' | 'all';
  kinds: Kind[];
  tags: string;
  scroll: number;
  active: string | null;
  filtersOpen: boolean;
}

interface Shown {
  query: string;
  file: string | null;
  scope: string;
  results: MemoryItem[];
}

const bridge = hostBridge<SearchViewRequest, SearchViewMessage, ViewState>(onMessage);
const saved = bridge.state();
const st: ViewState = {
  query: typeof saved?.query === 'string' ? saved.query : '',
  scope: saved?.scope === 'all' ? 'all' : 'project',
  kinds: Array.isArray(saved?.kinds) ? saved.kinds.filter((k) => KINDS.includes(k)) : [],
  tags: typeof saved?.tags === 'string' ? saved.tags : '',
  scroll: typeof saved?.scroll === 'number' ? saved.scroll : 0,
  active: typeof saved?.active === 'string' ? saved.active : null,
  filtersOpen: saved?.filtersOpen === true,
};
let restoreScroll: number | null = st.scroll > 0 ? st.scroll : null;

let project = '';
let mode: 'hybrid' | 'keyword' | 'unknown' = 'unknown';
let connected = false;
let initialised = false;
let seq = 0;
let expect: { kind: 'text'; id: number } | { kind: 'file'; query: string } | null = null;
let shown: Shown | null = null;
let error: string | null = null;
let debounce: number | undefined;
let busyTimer: number | undefined;
/** A new query (or scope) starts again from the first result. */
let resetActive = false;
let disconnectedAt = Date.now();
let graceTimer: number | undefined;

const save = (): void => bridge.save(st);

// ---- controls ----

const input = el('input', { type: 'text', class: 'search-input', placeholder: 'Search memory', 'aria-label': 'Search memory', spellcheck: 'false', autocomplete: 'off', maxlength: '1000' });
const clearBtn = el('button', { type: 'button', class: 'icon-button clear', title: 'Clear (Escape)', 'aria-label': 'Clear search' }, R.icon('close'));
const toggle = (label: string, iconName: string | null, title: string): HTMLButtonElement =>
  el('button', { type: 'button', class: 'toggle', 'aria-pressed': 'false', title }, iconName ? R.icon(iconName) : null, el('span', { class: 'toggle-label' }, label));
const scopeProject = toggle('This project', null, 'Search this project only');
const scopeAll = toggle('All projects', null, 'Search every project in the memory folder');
const kindButtons = new Map<Kind, HTMLButtonElement>(KINDS.map((k) => [k, toggle(KIND_LABELS[k], KIND_ICONS[k], `Only ${KIND_LABELS[k].toLowerCase()} (any number of kinds can be on)`)]));
const tagsInput = el('input', { type: 'text', class: 'tags-input', placeholder: 'Tags, comma separated', 'aria-label': 'Filter by tags, comma separated', spellcheck: 'false', autocomplete: 'off' });
const filterCount = el('span', { class: 'count', hidden: '' });
const filterBtn = el('button', { type: 'button', class: 'toggle filter-toggle', 'aria-expanded': 'false', 'aria-controls': 'filters', title: 'Filter by kind and tag' }, R.icon('filter'), filterCount);
const filters = el('div', { id: 'filters', class: 'filters' }, el('div', { class: 'chips', role: 'group', 'aria-label': 'Only these kinds' }, ...kindButtons.values()), el('div', { class: 'tags-box input-box' }, R.icon('tag'), tagsInput));

const progress = el('div', { class: 'progress', 'aria-hidden': 'true' }, el('div', { class: 'progress-bit' }));
const status = el('div', { class: 'summary', role: 'status', 'aria-live': 'polite' });
const states = el('div', { class: 'states' });
const list = el('div', { class: 'results', role: 'list', 'aria-label': 'Search results' });
const scroller = el('main', { class: 'scroller' }, states, status, list);

document.body.append(
  progress,
  el(
    'header',
    { class: 'controls' },
    el('div', { class: 'search-box input-box' }, R.icon('search'), input, clearBtn),
    el('div', { class: 'row' }, el('div', { class: 'segmented', role: 'group', 'aria-label': 'Scope' }, scopeProject, scopeAll), filterBtn),
    filters,
  ),
  scroller,
);

const actions: R.ItemActions = {
  open: (id) => bridge.post({ type: 'open', id }),
  copy: (id) => bridge.post({ type: 'copy', id }),
  remove: (id) => bridge.post({ type: 'delete', id }),
  searchFile: (file) => setQuery(fileQuery(file)),
};
const nav = new RovingList(list, { open: actions.open, remove: actions.remove, leaveTop: () => input.focus() });

// ---- running searches ----

function setBusy(on: boolean): void {
  window.clearTimeout(busyTimer);
  list.setAttribute('aria-busy', String(on));
  if (on) busyTimer = window.setTimeout(() => progress.classList.add('on'), BUSY_DELAY_MS);
  else progress.classList.remove('on');
}

/** Sends the current query (now), or explains why nothing is sent. */
function run(): void {
  window.clearTimeout(debounce);
  error = null;
  seq++;
  const q = parseQuery(st.query);
  if ((q.kind === 'text' && !q.text) || !connected) {
    // Nothing to ask, or nobody to ask: an init with connected=true runs the query again.
    expect = null;
    if (q.kind === 'text' && !q.text) shown = null;
    setBusy(false);
    render();
    return;
  }
  if (q.kind === 'file') {
    expect = { kind: 'file', query: fileQuery(q.file) };
    bridge.post({ type: 'searchFile', file: q.file.slice(0, 1_024) });
  } else {
    expect = { kind: 'text', id: seq };
    bridge.post({ type: 'search', requestId: seq, query: q.text.slice(0, 1_000), scope: st.scope, kinds: [...st.kinds], tags: parseTags(st.tags) });
  }
  setBusy(true);
  render();
}

function runSoon(): void {
  window.clearTimeout(debounce);
  debounce = window.setTimeout(run, DEBOUNCE_MS);
}

function setQuery(query: string): void {
  input.value = query;
  st.query = query;
  save();
  run();
}

function accepts(m: Extract<SearchViewMessage, { type: 'results' }>): boolean {
  if (expect?.kind === 'text') return m.requestId === expect.id;
  if (expect?.kind === 'file') return m.query === expect.query;
  return false;
}

function onMessage(m: SearchViewMessage): void {
  switch (m.type) {
    case 'init': {
      const first = !initialised;
      const wasConnected = connected;
      initialised = true;
      project = m.project;
      if (!m.connected && wasConnected) disconnectedAt = Date.now();
      connected = m.connected;
      if (m.mode !== 'unknown') mode = m.mode;
      if (connected && (first || !wasConnected || error !== null)) run();
      else render();
      return;
    }
    case 'results': {
      if (!accepts(m)) return; // an answer to an older query
      setBusy(false);
      error = null;
      mode = m.mode;
      const q = parseQuery(m.query);
      const fresh = shown === null || shown.query !== m.query || shown.scope !== m.scope;
      shown = { query: m.query, file: q.kind === 'file' ? q.file : null, scope: m.scope, results: m.results };
      if (fresh && restoreScroll === null) {
        scroller.scrollTop = 0;
        resetActive = true;
      }
      render();
      return;
    }
    case 'error':
      if (m.requestId !== null && !(expect?.kind === 'text' && expect.id === m.requestId)) return;
      setBusy(false);
      error = m.message;
      render();
      return;
    case 'deleted':
      if (shown) shown = { ...shown, results: shown.results.filter((r) => r.id !== m.id) };
      render();
      return;
    case 'setQuery':
      setQuery(m.query);
      return;
  }
}

// ---- rendering ----

function visibleResults(s: Shown): MemoryItem[] {
  if (!s.file) return s.results; // the server applied the filters
  // File searches have no kind or tag filter on the server: apply them here.
  const tags = parseTags(st.tags);
  return s.results.filter((m) => (st.kinds.length === 0 || st.kinds.includes(m.kind)) && (tags.length === 0 || m.tags.some((t) => tags.includes(t))));
}

function renderControls(): void {
  clearBtn.hidden = st.query.length === 0;
  scopeProject.setAttribute('aria-pressed', String(st.scope === 'project'));
  scopeAll.setAttribute('aria-pressed', String(st.scope === 'all'));
  scopeProject.title = project ? `Search ${project} only` : 'Search this project only';
  for (const [k, b] of kindButtons) b.setAttribute('aria-pressed', String(st.kinds.includes(k)));
  const active = activeFilters();
  filterCount.hidden = active === 0;
  filterCount.textContent = String(active);
  filterBtn.classList.toggle('has-filters', active > 0);
  filterBtn.setAttribute('aria-expanded', String(st.filtersOpen));
  filterBtn.setAttribute('aria-label', active ? `Filters, ${active} on` : 'Filters');
  filterBtn.title = active ? `Filter by kind and tag (${active} on)` : 'Filter by kind and tag';
  filters.hidden = !st.filtersOpen;
}

function activeFilters(): number {
  return st.kinds.length + parseTags(st.tags).length;
}

function render(): void {
  const hadFocus = nav.hasFocus();
  const activeId = resetActive ? null : (nav.active ?? st.active);
  resetActive = false;
  const oldIndex = nav.indexOf(activeId);
  renderControls();
  states.replaceChildren();
  list.replaceChildren();
  status.textContent = '';
  if (error !== null) states.append(R.errorBox(error));
  if (!initialised) return;
  window.clearTimeout(graceTimer);
  if (!connected) {
    const waited = Date.now() - disconnectedAt;
    if (waited < CONNECT_GRACE_MS) {
      states.append(R.connecting());
      graceTimer = window.setTimeout(render, CONNECT_GRACE_MS - waited);
    } else {
      states.append(R.disconnected());
    }
    return;
  }
  const q = parseQuery(st.query);
  if (q.kind === 'text' && !q.text) {
    states.append(R.howTo());
    return;
  }
  if (!shown) return; // the first answer is on its way
  const s = shown;
  const where = s.scope === 'all' ? 'all projects' : s.scope || project || 'this project';
  if (mode === 'keyword' && !s.file) states.append(R.keywordNotice());
  const results = visibleResults(s);
  if (results.length === 0) {
    const filtered = activeFilters() > 0;
    states.append(
      R.noResults(s.query, where, {
        canWiden: st.scope === 'project' && !s.file,
        filtered,
        widen: () => setScope('all'),
        clearFilters,
      }),
    );
    return;
  }
  status.textContent = R.summary(results.length, where, s.file, LIMIT);
  const now = Date.now();
  const opts = { currentFile: s.file, now, showProject: (p: string) => s.scope === 'all' || p !== project };
  list.append(...results.map((m) => R.resultItem(m, opts, actions)));
  nav.restore(activeId, oldIndex, hadFocus);
  if (restoreScroll !== null) {
    scroller.scrollTop = restoreScroll;
    restoreScroll = null;
  }
}

function setScope(scope: 'project' | 'all'): void {
  st.scope = scope;
  save();
  run();
}

function clearFilters(): void {
  st.kinds = [];
  st.filtersOpen = false;
  st.tags = '';
  tagsInput.value = '';
  save();
  run();
}

// ---- events ----

input.value = st.query;
tagsInput.value = st.tags;
if (activeFilters() > 0) st.filtersOpen = true;

input.addEventListener('input', () => {
  st.query = input.value;
  save();
  renderControls();
  if (!st.query.trim()) run();
  else runSoon();
});
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    run();
  } else if (e.key === 'Escape' && input.value) {
    e.preventDefault();
    setQuery('');
  } else if (e.key === 'ArrowDown' && nav.focusActive()) {
    e.preventDefault();
  }
});
clearBtn.addEventListener('click', () => {
  setQuery('');
  input.focus();
});
filterBtn.addEventListener('click', () => {
  st.filtersOpen = !st.filtersOpen;
  save();
  renderControls();
});
scopeProject.addEventListener('click', () => setScope('project'));
scopeAll.addEventListener('click', () => setScope('all'));
for (const [k, b] of kindButtons) {
  b.addEventListener('click', () => {
    st.kinds = st.kinds.includes(k) ? st.kinds.filter((x) => x !== k) : [...st.kinds, k];
    save();
    run();
  });
}
tagsInput.addEventListener('input', () => {
  st.tags = tagsInput.value;
  save();
  runSoon();
});
tagsInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    run();
  }
});
list.addEventListener('focusin', () => {
  if (nav.active !== st.active) {
    st.active = nav.active;
    save();
  }
});
let scrollQueued = false;
scroller.addEventListener('scroll', () => {
  if (scrollQueued) return;
  scrollQueued = true;
  requestAnimationFrame(() => {
    scrollQueued = false;
    st.scroll = scroller.scrollTop;
    save();
  });
});
// Revealing the view (e.g. Session: Search) focuses the webview: put the caret in the search box.
window.addEventListener('focus', () => {
  if (document.activeElement === document.body || document.activeElement === null) input.focus();
});

renderControls();
bridge.post({ type: 'ready' });
