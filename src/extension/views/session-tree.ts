// The Session tree: the open session (project, start, duration, score and its change), its
// checkpoints (score, time, commit), the last conversation import, what the context pack for the
// next agent holds, and first the previous session's handoff. Empty when no session is open, so the
// view's welcome content shows instead.
import * as vscode from 'vscode';
import type { ContextPack } from '../../protocol/context-schemas.js';
import type { ConversationStatus } from '../../protocol/conversation-schemas.js';
import type { ScoreHistoryOutput } from '../../protocol/session-schemas.js';
import { Commands } from '../command-ids.js';
import type { ExtensionCtx } from '../context.js';
import { conversationsDescription, conversationsDetails } from '../conversation-format.js';
import { readSettings, SECTION } from '../settings.js';

/** "7 items, ~1,100 tokens": the handoff counts as an item. */
export function contextSummary(pack: Pick<ContextPack, 'items' | 'handoff' | 'tokens'>): string {
  const n = pack.items.length + (pack.handoff ? 1 : 0);
  return `${n} item${n === 1 ? '' : 's'}, ~${pack.tokens.toLocaleString('en-US')} tokens`;
}

/** How often the Conversations row's age is redrawn (and, while the server watches, reloaded). */
const CONVERSATIONS_TICK_MS = 60_000;

type Node =
  | { kind: 'session' }
  | { kind: 'fact'; label: string; description: string; icon: string; tooltip?: string }
  | { kind: 'checkpoints'; points: ScoreHistoryOutput['points'] }
  | { kind: 'checkpoint'; point: ScoreHistoryOutput['points'][number]; previous: number }
  | { kind: 'handoff'; path: string; summary: string; endedAt: string }
  | { kind: 'conversations'; status: ConversationStatus }
  | { kind: 'context'; pack: ContextPack };

const signed = (d: number): string => (d > 0 ? `+${d}` : d === 0 ? '±0' : `${d}`);

export function ago(iso: string, now = Date.now()): string {
  const mins = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (mins < 60) return `${mins} min`;
  const h = Math.floor(mins / 60);
  return h < 48 ? `${h} h ${mins % 60} min` : `${Math.round(h / 24)} days`;
}

/** Time only for today, a short date otherwise: the sidebar is narrow. */
export function clock(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return d.toDateString() === now.toDateString() ? time : `${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`;
}

export class SessionTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private checkpoints: ScoreHistoryOutput['points'] = [];
  private loadedFor: string | null = null;
  /** The last conversation import as reflection_stats tells it; null when the server does not say. */
  private conversations: ConversationStatus | null = null;
  private conversationsLoaded = false;
  /** The context pack as the next agent would get it now; null until loaded or when the server cannot say. */
  private contextPack: ContextPack | null = null;
  private contextLoaded = false;
  /** The Agent context row last shown, so a change of the memories redraws that row alone. */
  private contextNode: Extract<Node, { kind: 'context' }> | null = null;
  private readonly subs: vscode.Disposable[];
  private readonly tick: NodeJS.Timeout;
  view: vscode.TreeView<Node> | null = null;

  constructor(private readonly ctx: ExtensionCtx) {
    this.subs = [
      ctx.state.onDidChange(() => this.refresh(false)),
      ctx.events.onCheckpoint(() => this.refresh(true)),
      ctx.conn.onDidChangeState((s) => {
        if (s === 'running') this.conversationsLoaded = false;
        this.changed.fire(undefined);
      }),
      ctx.events.onConversationsImported(() => this.reloadConversations()),
      ctx.imports.onDidChangeBusy(() => this.changed.fire(undefined)),
      ctx.events.onMemoriesChanged(() => void this.reloadContext()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.context.budget`)) void this.reloadContext();
      }),
    ];
    this.tick = setInterval(() => {
      if (!this.view?.visible || !this.ctx.state.snapshot.session) return;
      if (this.conversations?.watching) this.conversationsLoaded = false;
      this.changed.fire(undefined);
    }, CONVERSATIONS_TICK_MS);
  }

  refresh(reload = true): void {
    if (reload) {
      this.loadedFor = null;
      this.conversationsLoaded = false;
      this.contextLoaded = false;
    }
    this.changed.fire(undefined);
  }

  /**
   * Memories change often (an agent storing, an import in another process): only the Agent context
   * row is redrawn, and only when its summary changed, so the other rows (and a tooltip being read)
   * stay put. A hidden view, or one without the row yet, reloads as a whole when next shown.
   */
  private async reloadContext(): Promise<void> {
    this.contextLoaded = false;
    const node = this.contextNode;
    if (!node || !this.view?.visible) {
      this.changed.fire(undefined);
      return;
    }
    await this.loadContext();
    if (!this.contextPack) {
      this.changed.fire(undefined);
      return;
    }
    const shown = (p: ContextPack): string => `${contextSummary(p)} ${p.budget} ${p.more.count}`;
    const before = shown(node.pack);
    node.pack = this.contextPack;
    if (shown(node.pack) !== before) this.changed.fire(node);
  }

  private async loadContext(): Promise<void> {
    if (this.contextLoaded) return;
    try {
      this.contextPack = await this.ctx.client.contextPack(readSettings().contextBudget);
    } catch (err) {
      this.ctx.log.warn(`session tree: context pack: ${err instanceof Error ? err.message : String(err)}`);
      this.contextPack = null;
    }
    this.contextLoaded = true;
  }

  private reloadConversations(): void {
    this.conversationsLoaded = false;
    this.changed.fire(undefined);
  }

  private async loadConversations(): Promise<void> {
    if (this.conversationsLoaded) return;
    try {
      this.conversations = await this.ctx.client.conversationStatus();
      this.conversationsLoaded = true;
    } catch (err) {
      this.ctx.log.warn(`session tree: conversations: ${err instanceof Error ? err.message : String(err)}`);
      this.conversations = null;
    }
  }

  private async loadCheckpoints(sessionId: string): Promise<void> {
    if (this.loadedFor === sessionId) return;
    try {
      const reply = await this.ctx.client.history({ working_directory: this.ctx.workspaceRoot, limit: 1_000 });
      this.checkpoints = (reply.data?.points ?? []).filter((p) => p.session_id === sessionId && p.kind === 'checkpoint');
      this.loadedFor = sessionId;
    } catch (err) {
      this.ctx.log.warn(`session tree: ${err instanceof Error ? err.message : String(err)}`);
      this.checkpoints = [];
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    const { session, quality, previousHandoff } = this.ctx.state.snapshot;
    if (!node) {
      const out: Node[] = [];
      if (session && this.ctx.conn.state === 'running') {
        // First: where the last session left off is what this one starts from.
        if (previousHandoff?.path) out.push({ kind: 'handoff', path: previousHandoff.path, summary: previousHandoff.summary, endedAt: previousHandoff.ended_at });
        out.push({ kind: 'session' });
        // The project's conversation history, not the session's: a row of its own after it.
        await this.loadConversations();
        if (this.conversations) out.push({ kind: 'conversations', status: this.conversations });
        await this.loadContext();
        this.contextNode = this.contextPack ? { kind: 'context', pack: this.contextPack } : null;
        if (this.contextNode) out.push(this.contextNode);
      }
      return out;
    }
    if (node.kind === 'session' && session) {
      await this.loadCheckpoints(session.id);
      const score = quality?.score ?? session.start_score;
      const facts: Node[] = [
        { kind: 'fact', label: 'Project', description: session.project, icon: 'folder', tooltip: session.workspace },
        { kind: 'fact', label: 'Started', description: `${clock(session.started_at)}, ${ago(session.started_at)} ago`, icon: 'clock' },
        { kind: 'fact', label: 'Score', description: `${score}/100 (${signed(score - session.start_score)} since start)`, icon: 'pulse' },
      ];
      return [...facts, { kind: 'checkpoints', points: this.checkpoints }];
    }
    if (node.kind === 'checkpoints') {
      return [...node.points].reverse().map((point, i, all) => ({ kind: 'checkpoint', point, previous: all[i + 1]?.score ?? session?.start_score ?? point.score }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const { session, quality } = this.ctx.state.snapshot;
    switch (node.kind) {
      case 'session': {
        const item = new vscode.TreeItem(session?.project ?? 'Session', vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${quality?.score ?? session?.start_score ?? '–'}/100 · ${session ? ago(session.started_at) : ''}`;
        item.iconPath = new vscode.ThemeIcon('pulse');
        item.tooltip = session ? `Session ${session.id}\nOpen since ${clock(session.started_at)}` : undefined;
        item.id = `session:${session?.id ?? ''}`;
        return item;
      }
      case 'fact': {
        const item = new vscode.TreeItem(node.label);
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        if (node.tooltip) item.tooltip = node.tooltip;
        return item;
      }
      case 'checkpoints': {
        const item = new vscode.TreeItem(`Checkpoints (${node.points.length})`, node.points.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('milestone');
        if (!node.points.length) item.description = 'none yet';
        return item;
      }
      case 'checkpoint': {
        const p = node.point;
        const item = new vscode.TreeItem(`${p.score}/100`);
        const hash = p.commit_hash?.slice(0, 7);
        item.description = `${signed(p.score - node.previous)} · ${hash ? `${hash} · ` : ''}${clock(p.created_at)}`;
        item.iconPath = new vscode.ThemeIcon(p.commit_hash ? 'git-commit' : 'circle-outline');
        item.tooltip = p.commit_hash ? `Checkpoint commit ${p.commit_hash}: click to open it` : 'Checkpoint without a commit';
        if (p.commit_hash) {
          item.contextValue = 'checkpoint-commit';
          item.command = { command: Commands.sessionOpenCommit, title: 'Open Commit', arguments: [p.commit_hash] };
        }
        return item;
      }
      case 'conversations':
        return this.conversationsItem(node.status);
      case 'context': {
        // Short, so the counts stay visible in a narrow sidebar; the tooltip says it in full.
        const item = new vscode.TreeItem('Agent context');
        item.id = 'context';
        item.description = contextSummary(node.pack);
        item.iconPath = new vscode.ThemeIcon('book');
        item.tooltip = `Context for the next agent, what it is given without asking: ${contextSummary(node.pack)} of a ${node.pack.budget.toLocaleString('en-US')}-token budget${
          node.pack.more.count ? `; ${node.pack.more.count} more did not fit` : ''
        }. Click to open it.`;
        item.contextValue = 'context-pack';
        item.command = { command: Commands.showContextPack, title: 'Show Context for the Next Agent' };
        return item;
      }
      case 'handoff': {
        const item = new vscode.TreeItem('Previous handoff');
        item.description = clock(node.endedAt);
        item.tooltip = node.summary;
        item.iconPath = new vscode.ThemeIcon('notebook');
        item.command = { command: Commands.sessionOpenHandoff, title: 'Open Handoff', arguments: [node.path] };
        return item;
      }
    }
  }

  private conversationsItem(status: ConversationStatus): vscode.TreeItem {
    const item = new vscode.TreeItem('Conversations');
    const importing = this.ctx.imports.busy;
    const errors = status.last_import?.errors.length ?? 0;
    item.id = 'conversations';
    item.description = importing ? 'importing…' : conversationsDescription(status);
    item.iconPath = new vscode.ThemeIcon(importing ? 'sync~spin' : errors ? 'warning' : 'comment-discussion');
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('**Conversation history** (Claude Code transcripts)\n\n');
    for (const [label, value] of conversationsDetails(status)) {
      md.appendMarkdown(`**${label}:** `);
      md.appendText(value);
      md.appendMarkdown('  \n');
    }
    md.appendMarkdown('\nClick to import new lines now.');
    item.tooltip = md;
    item.contextValue = 'conversations';
    item.command = { command: Commands.importConversations, title: 'Import Conversation History' };
    return item;
  }

  dispose(): void {
    clearInterval(this.tick);
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
  }
}
