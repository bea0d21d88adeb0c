// The Memories tree: the project's memories grouped by day, tag or file (switchable), loaded
// lazily, a page at a time, so it stays quick with tens of thousands of memories.
import * as vscode from 'vscode';
import { Limits } from '../../protocol/limits.js';
import type { GroupBy, MemoryItem } from '../../protocol/memory-schemas.js';
import { Commands } from '../command-ids.js';
import type { ExtensionCtx } from '../context.js';
import { memoryLabel } from '../memory-label.js';

export const PAGE = 100;
const GROUP_KEY = 'sessionMgmt.memories.groupBy';
const KIND_ICON: Record<string, string> = { reflection: 'lightbulb', conversation: 'comment-discussion', checkpoint: 'milestone', handoff: 'notebook' };

type Node =
  | { kind: 'group'; key: string; count: number }
  | { kind: 'memory'; item: MemoryItem }
  | { kind: 'more'; group: string; left: number };

interface GroupState {
  items: MemoryItem[];
  total: number;
}

export function groupLabel(groupBy: GroupBy, key: string, today = new Date()): string {
  if (key === '') return groupBy === 'tag' ? '(no tags)' : '(no files)';
  if (groupBy !== 'day') return key;
  const day = (d: Date): string => d.toISOString().slice(0, 10);
  if (key === day(today)) return 'Today';
  if (key === day(new Date(today.getTime() - 86_400_000))) return 'Yesterday';
  return new Date(`${key}T00:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export class MemoriesTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly loaded = new Map<string, GroupState>();
  /** How many memories each open group showed before a refresh, so a reload keeps the pages loaded. */
  private shown = new Map<string, number>();
  private refreshTimer: NodeJS.Timeout | null = null;
  private readonly subs: vscode.Disposable[];
  view: vscode.TreeView<Node> | null = null;

  constructor(private readonly ctx: ExtensionCtx) {
    this.subs = [ctx.events.onMemoriesChanged(() => this.refreshSoon()), ctx.conn.onDidChangeState((s) => s === 'running' && this.refresh())];
  }

  get groupBy(): GroupBy {
    const g = this.ctx.extension.workspaceState.get<string>(GROUP_KEY);
    return g === 'tag' || g === 'file' ? g : 'day';
  }

  async setGroupBy(g: GroupBy): Promise<void> {
    await this.ctx.extension.workspaceState.update(GROUP_KEY, g);
    this.refresh();
  }

  refresh(keepPages = false): void {
    this.shown = keepPages ? new Map([...this.loaded].map(([group, state]) => [group, state.items.length])) : new Map();
    this.loaded.clear();
    if (this.view) this.view.description = `by ${this.groupBy}`;
    this.changed.fire(undefined);
  }

  /** Coalesces bursts of changes (e.g. a checkpoint storing a reflection) into one reload. */
  private refreshSoon(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh(true), 300);
  }

  private async page(group: string, offset: number, limit = PAGE): Promise<GroupState> {
    const reply = await this.ctx.client.listMemories({ group_by: this.groupBy, group, offset, limit });
    const prev = this.loaded.get(group);
    const state = { items: [...(offset > 0 ? (prev?.items ?? []) : []), ...(reply.data?.items ?? [])], total: reply.data?.total ?? 0 };
    this.loaded.set(group, state);
    return state;
  }

  async loadMore(group: string): Promise<void> {
    await this.page(group, this.loaded.get(group)?.items.length ?? 0);
    this.changed.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (this.ctx.conn.state !== 'running') return [];
    if (!node) {
      const reply = await this.ctx.client.memoryGroups({ group_by: this.groupBy });
      const data = reply.data;
      const empty = !data || data.total === 0;
      void vscode.commands.executeCommand('setContext', 'sessionMgmt.memoriesEmpty', empty);
      if (!data || empty) return [];
      const groups: Node[] = data.groups.map((g) => ({ kind: 'group', key: g.key, count: g.count }));
      if (data.ungrouped > 0 && this.groupBy !== 'day') groups.push({ kind: 'group', key: '', count: data.ungrouped });
      return groups;
    }
    if (node.kind !== 'group') return [];
    const state = this.loaded.get(node.key) ?? (await this.page(node.key, 0, Math.min(Limits.limitMax, Math.max(PAGE, this.shown.get(node.key) ?? 0))));
    const items: Node[] = state.items.map((item) => ({ kind: 'memory', item }));
    const left = state.total - state.items.length;
    if (left > 0) items.push({ kind: 'more', group: node.key, left });
    return items;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(groupLabel(this.groupBy, node.key), vscode.TreeItemCollapsibleState.Collapsed);
      item.description = String(node.count);
      item.id = `group:${this.groupBy}:${node.key}`;
      item.iconPath = new vscode.ThemeIcon(this.groupBy === 'day' ? 'calendar' : this.groupBy === 'tag' ? 'tag' : 'file');
      return item;
    }
    if (node.kind === 'more') {
      const item = new vscode.TreeItem(`Load ${Math.min(PAGE, node.left)} more (${node.left} left)…`);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: 'sessionMgmt.memories.loadMore', title: 'Load More', arguments: [node.group] };
      return item;
    }
    const m = node.item;
    const item = new vscode.TreeItem(memoryLabel(m.excerpt) || '(empty)');
    item.id = `memory:${this.groupBy}:${m.id}`;
    item.description = `${m.kind} · ${new Date(m.created_at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`;
    // Stored text is untrusted: appendText escapes it.
    const tip = new vscode.MarkdownString();
    tip.appendText(m.excerpt);
    if (m.tags.length) tip.appendMarkdown('\n\n').appendText(`#${m.tags.join(' #')}`);
    if (m.files.length) tip.appendMarkdown('\n\n').appendText(m.files.join(', '));
    item.tooltip = tip;
    item.iconPath = new vscode.ThemeIcon(KIND_ICON[m.kind] ?? 'note');
    item.contextValue = 'memory';
    item.command = { command: Commands.memoryOpen, title: 'Open', arguments: [node] };
    return item;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
  }
}

export type MemoriesNode = Node;
