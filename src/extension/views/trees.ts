// Registers the Session and Memories trees, their actions, and the context keys their welcome
// content depends on.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { Commands } from '../command-ids.js';
import { openMemory } from '../commands/memory-commands.js';
import type { ExtensionCtx } from '../context.js';
import { openHandoff } from '../handoff.js';
import { MemoriesTree, type MemoriesNode } from './memories-tree.js';
import type { SearchViewHandle } from './search-view.js';
import { SessionTree } from './session-tree.js';
import { readSettings } from '../settings.js';

function memoryOf(node: unknown): { id: string; excerpt: string; tags: string[] } | null {
  const n = node as MemoriesNode | undefined;
  return n && n.kind === 'memory' ? n.item : null;
}

function gitShow(cwd: string, hash: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', ['show', '--stat', '--patch', '--format=fuller', hash], { cwd, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(stderr.trim() || err.message)) : resolve(stdout),
    );
  });
}

export function registerTrees(ctx: ExtensionCtx, search: SearchViewHandle): vscode.Disposable {
  const sessionTree = new SessionTree(ctx);
  const memories = new MemoriesTree(ctx);
  const sessionView = vscode.window.createTreeView('sessionMgmt.session', { treeDataProvider: sessionTree });
  const memoriesView = vscode.window.createTreeView('sessionMgmt.memories', { treeDataProvider: memories, showCollapseAll: true });
  memories.view = memoriesView;
  sessionTree.view = sessionView;
  memoriesView.description = `by ${memories.groupBy}`;

  const setContext = (): void => {
    void vscode.commands.executeCommand('setContext', 'sessionMgmt.serverState', ctx.conn.state);
    void vscode.commands.executeCommand('setContext', 'sessionMgmt.hasSession', ctx.state.snapshot.session !== null);
  };
  setContext();

  const requireMemory = (node: unknown): { id: string; excerpt: string; tags: string[] } => {
    const m = memoryOf(node);
    if (!m) throw new Error('Pick a memory in the Memories view.');
    return m;
  };
  const cmd = (id: string, fn: (...args: never[]) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        ctx.log.error(`${id}: ${msg}`);
        void vscode.window.showErrorMessage(msg);
        return undefined;
      }
    });

  return vscode.Disposable.from(
    sessionTree,
    memories,
    sessionView,
    memoriesView,
    ctx.conn.onDidChangeState(setContext),
    ctx.state.onDidChange(setContext),
    cmd(Commands.sessionRefresh, () => sessionTree.refresh()),
    cmd(Commands.showContextPack, async () => {
      const pack = await ctx.client.contextPack(readSettings().contextBudget);
      await ctx.documents.show('context', `Context for ${pack.project}`, pack.text || 'Nothing in memory for this project yet.');
    }),
    cmd(Commands.memoriesRefresh, () => memories.refresh()),
    cmd(Commands.memoriesGroupByDay, () => memories.setGroupBy('day')),
    cmd(Commands.memoriesGroupByTag, () => memories.setGroupBy('tag')),
    cmd(Commands.memoriesGroupByFile, () => memories.setGroupBy('file')),
    cmd('sessionMgmt.memories.loadMore', (group: string) => memories.loadMore(group)),
    cmd(Commands.memoryOpen, (node: unknown) => openMemory(ctx, requireMemory(node).id)),
    cmd(Commands.memoryCopy, async (node: unknown) => {
      const m = requireMemory(node);
      const full = await ctx.client.getMemory(m.id);
      await vscode.env.clipboard.writeText(full.data?.memory.text ?? m.excerpt);
      vscode.window.setStatusBarMessage('Memory copied', 2_000);
    }),
    cmd(Commands.memoryDelete, async (node: unknown) => {
      const m = requireMemory(node);
      const ok = await vscode.window.showWarningMessage(`Delete this memory?\n\n${m.excerpt.slice(0, 200)}`, { modal: true }, 'Delete');
      if (ok !== 'Delete') return;
      await ctx.client.deleteMemory(m.id);
      ctx.events.fireMemoriesChanged();
    }),
    cmd(Commands.memoryEditTags, async (node: unknown) => {
      const m = requireMemory(node);
      const value = await vscode.window.showInputBox({ title: 'Edit Tags', prompt: 'Comma- or space-separated; empty removes all tags', value: m.tags.join(', ') });
      if (value === undefined) return;
      await ctx.client.setTags(m.id, value.split(/[,\s]+/).filter(Boolean));
      ctx.events.fireMemoriesChanged();
    }),
    cmd(Commands.memoryFindSimilar, async (node: unknown) => search.search(requireMemory(node).excerpt.replace(/…/g, '').slice(0, 300))),
    cmd(Commands.sessionOpenCommit, async (hash: string) => {
      const root = ctx.workspaceRoot;
      if (!root || !/^[0-9a-f]{7,64}$/i.test(String(hash))) throw new Error('No checkpoint commit to open.');
      await ctx.documents.show(`commit/${hash}`, `checkpoint ${hash.slice(0, 7)}`, await gitShow(root, hash), 'diff');
    }),
    cmd(Commands.sessionOpenHandoff, async (file: string) => openHandoff(file)),
  );
}
