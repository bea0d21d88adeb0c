// The Quality panel's webview app: plain DOM, rendered from the host's `state` messages. The last
// state and which parts are collapsed survive the panel being hidden (getState/setState), so it
// shows at once when it comes back while the host fetches a fresh report.
import type { QualityPanelMessage, QualityPanelRequest } from '../../src/protocol/webview-messages.js';
import { el, hostBridge } from '../webview-api.js';
import { legendSwatch, renderChart } from './chart.js';
import { icon, renderPart, renderRecommendations, renderSecrets, renderSummary, type PanelAction } from './report.js';

type StateMsg = Extract<QualityPanelMessage, { type: 'state' }>;
type Pending = 'checkpoint' | 'endSession' | 'startSession' | 'refresh' | null;
interface ViewState {
  last: StateMsg | null;
  closed: string[];
}

const bridge = hostBridge<QualityPanelRequest, QualityPanelMessage, ViewState>(onMessage);
const app = document.getElementById('app') ?? document.body.appendChild(el('div', { id: 'app' }));
const saved = bridge.state();
let model: StateMsg | null = saved?.last ?? null;
const closed = new Set<string>(saved?.closed ?? []);
let busy = { busy: false, label: '' };
let pending: Pending = null;
let chartHost: HTMLElement | null = null;
let chartWidth = 0;
let updatedAt: Date | null = null;
const SESSION_BUTTONS = new Set(['checkpoint', 'end', 'start']);

function save(): void {
  bridge.save({ last: model, closed: [...closed] });
}

function onMessage(m: QualityPanelMessage): void {
  if (m.type === 'state') {
    model = m;
    updatedAt = new Date();
    busy = { busy: m.busy, label: m.busy ? busy.label || 'Working…' : '' };
    if (!m.busy) pending = null;
    save();
  } else {
    busy = { busy: m.busy, label: m.label };
    if (!m.busy) pending = null;
  }
  render();
}

function request(kind: Exclude<Pending, null>, label: string): void {
  if (busy.busy) return;
  pending = kind;
  busy = { busy: true, label };
  render();
  bridge.post({ type: kind });
}

const runAction = (command: PanelAction): void => bridge.post({ type: 'action', command });

function button(opts: { id: string; label: string; icon: string; kind?: 'primary' | 'secondary' | 'icon'; onClick: () => void; busyFor?: Pending; busyLabel?: string }): HTMLButtonElement {
  const spinning = opts.busyFor !== undefined && pending === opts.busyFor && busy.busy;
  const disabled = opts.busyFor !== undefined && busy.busy;
  const kind = opts.kind ?? 'secondary';
  const label = spinning && opts.busyLabel ? opts.busyLabel : opts.label;
  const b = el(
    'button',
    { type: 'button', class: kind, 'data-focus': opts.id, 'aria-disabled': String(disabled) },
    icon(spinning ? 'loading' : opts.icon, spinning ? 'codicon-modifier-spin' : ''),
    kind === 'icon' ? null : el('span', {}, label),
  );
  if (kind === 'icon') {
    b.setAttribute('aria-label', opts.label);
    b.title = opts.label;
  }
  b.addEventListener('click', () => {
    if (b.getAttribute('aria-disabled') !== 'true') opts.onClick();
  });
  return b;
}

function toolbar(): HTMLElement {
  const s = model?.status ?? null;
  const actions = el('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Session actions' });
  if (s?.session) {
    actions.append(
      button({ id: 'checkpoint', label: 'Checkpoint Now', busyLabel: 'Checkpointing…', icon: 'save', kind: 'primary', busyFor: 'checkpoint', onClick: () => request('checkpoint', 'Making a checkpoint…') }),
      button({ id: 'end', label: 'End Session', busyLabel: 'Ending…', icon: 'debug-stop', busyFor: 'endSession', onClick: () => request('endSession', 'Ending the session…') }),
    );
  } else if (s) {
    actions.append(button({ id: 'start', label: 'Start Session', busyLabel: 'Starting…', icon: 'play', kind: 'primary', busyFor: 'startSession', onClick: () => request('startSession', 'Starting a session…') }));
  }
  actions.append(button({ id: 'refresh', label: 'Refresh', icon: 'refresh', kind: 'icon', busyFor: 'refresh', onClick: () => request('refresh', 'Refreshing…') }));
  const project = s?.project;
  return el(
    'header',
    { class: 'top' },
    el('div', { class: 'title' }, el('h1', {}, 'Session Quality'), project ? el('span', { class: 'project', title: s.workspace }, icon('repo'), project) : null),
    actions,
  );
}

function statusLine(): HTMLElement {
  const line = el('p', { class: 'status-line', role: 'status', 'aria-live': 'polite' });
  if (busy.busy) line.append(icon('loading', 'codicon-modifier-spin'), busy.label || 'Working…');
  else if (updatedAt) line.append(`Updated ${updatedAt.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`);
  return line;
}

function errorBanner(message: string): HTMLElement {
  const log = button({ id: 'show-log', label: 'Show Log', icon: 'output', onClick: () => runAction('sessionMgmt.showLog') });
  return el('div', { class: 'banner error', role: 'alert' }, icon('error'), el('p', {}, message), log);
}

function chartCard(m: StateMsg): HTMLElement {
  chartHost = el('div', { class: 'chart-host' });
  const legend = el(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    el('li', {}, legendSwatch('start'), 'session start'),
    el('li', {}, legendSwatch('checkpoint'), 'checkpoint'),
    el('li', {}, legendSwatch('end'), 'session end'),
    el('li', {}, legendSwatch('threshold'), `threshold ${m.threshold}`),
  );
  return el('section', { class: 'card chart-card', 'aria-labelledby': 'chart-heading' }, el('div', { class: 'card-head' }, el('h2', { id: 'chart-heading' }, 'Score over time'), legend), chartHost);
}

function drawChart(force = false): void {
  if (!chartHost || !model) return;
  const width = Math.floor(chartHost.clientWidth);
  if (!force && Math.abs(width - chartWidth) < 2) return;
  chartWidth = width;
  chartHost.replaceChildren(renderChart(model.history, model.threshold, width, model.status?.session?.id ?? null));
}

function render(): void {
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.focus : undefined;
  const m = model;
  const nodes: Node[] = [toolbar(), statusLine()];
  if (m?.error) nodes.push(errorBanner(m.error));
  chartHost = null;
  if (!m) {
    nodes.push(el('p', { class: 'placeholder' }, icon('loading', 'codicon-modifier-spin'), 'Loading the quality report…'));
  } else if (!m.status) {
    if (!m.error) nodes.push(el('p', { class: 'placeholder' }, 'No quality report yet.'));
  } else {
    const q = m.status.quality;
    nodes.push(el('div', { class: 'overview' }, renderSummary(m.status, m.threshold), chartCard(m)));
    nodes.push(renderRecommendations(q, runAction));
    nodes.push(renderSecrets(q, (path, line) => bridge.post({ type: 'openFile', path, line })));
    nodes.push(
      el(
        'section',
        { class: 'breakdown', 'aria-labelledby': 'parts-heading' },
        el('h2', { id: 'parts-heading' }, 'Breakdown'),
        el(
          'div',
          { class: 'parts' },
          ...q.parts.map((p) =>
            renderPart(p, !closed.has(p.id), (open) => {
              if (open) closed.delete(p.id);
              else closed.add(p.id);
              save();
            }),
          ),
        ),
      ),
    );
  }
  app.setAttribute('aria-busy', String(busy.busy));
  app.replaceChildren(...nodes);
  drawChart(true);
  if (focused) {
    // A session button that was replaced (End → Start) hands focus to the first session action.
    const target = app.querySelector<HTMLElement>(`[data-focus="${CSS.escape(focused)}"]`) ?? (SESSION_BUTTONS.has(focused) ? app.querySelector<HTMLElement>('.actions button') : null);
    target?.focus();
  }
}

new ResizeObserver(() => drawChart()).observe(app);
render();
bridge.post({ type: 'ready' });
