// Store Reflection (input box or editor selection), Search Memory (live quick pick), Search for
// Current File, Search by Concept, and opening a memory as a read-only document.
import * as vscode from 'vscode';
import { Limits } from '../../protocol/limits.js';
import type { MemoryItem } from '../../protocol/memory-schemas.js';
import type { ExtensionCtx } from '../context.js';
import { memoryLabel } from '../memory-label.js';
import { defaultTags, locationOf, selectionMemory } from '../selection-memory.js';

const DEBOUNCE_MS = 250;

interface MemoryPick extends vscode.QuickPickItem {
  id?: string;
}

function age(iso: string): string {
  const mins = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  if (mins < 60) return `${Math.max(mins, 0)} min ago`;
  const hours = Math.round(mins / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

const KIND_ICON: Record<string, string> = { reflection: 'lightbulb', conversation: 'comment-discussion', checkpoint: 'milestone', handoff: 'notebook' };

/** A one-line label shows the excerpt from a little before its first match, so the match is in view. */
export function fromFirstMatch(m: Pick<MemoryItem, 'excerpt' | 'matches'>): string {
  const first = m.matches?.[0]?.start ?? 0;
  if (first <= 30) return m.excerpt;
  const cut = m.excerpt.lastIndexOf(' ', first - 20);
  return `…${m.excerpt.slice(cut > 0 ? cut + 1 : first - 20)}`;
}

export function toPick(m: MemoryItem): MemoryPick {
  return {
    id: m.id,
    label: `$(${KIND_ICON[m.kind] ?? 'note'}) ${memoryLabel(fromFirstMatch(m), 90)}`,
    description: `${m.score.toFixed(2)} · ${m.project} · ${age(m.created_at)}`,
    detail: [m.tags.length ? `#${m.tags.join(' #')}` : '', m.files.slice(0, 3).join(', ')].filter(Boolean).join('  ') || undefined,
    alwaysShow: true,
  };
}

function validateContent(v: string): string | undefined {
  if (!v.trim()) return 'A reflection cannot be empty.';
  if (v.length > Limits.contentMaxChars) return `A reflection can have at most ${Limits.contentMaxChars.toLocaleString('en-US')} characters (this has ${v.length.toLocaleString('en-US')}).`;
  return undefined;
}

function parseTags(v: string): string[] {
  return v
    .split(/[,\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

export async function storeReflection(ctx: ExtensionCtx, args?: { content?: string; tags?: string[]; files?: string[] }): Promise<string | null> {
  let content = args?.content;
  let tags = args?.tags;
  if (content === undefined) {
    content = await vscode.window.showInputBox({
      title: 'Store Reflection',
      prompt: 'What did you learn or decide? It becomes searchable by you and your agents.',
      placeHolder: 'e.g. Dates from the billing API are UTC; convert them only for display',
      ignoreFocusOut: true,
      validateInput: validateContent,
    });
    if (content === undefined) return null;
    const tagText = await vscode.window.showInputBox({ title: 'Store Reflection: tags (optional)', prompt: 'Comma- or space-separated tags', ignoreFocusOut: true });
    if (tagText === undefined) return null;
    tags = parseTags(tagText);
  }
  const problem = validateContent(content);
  if (problem) throw new Error(`Reflection not stored: ${problem}`);
  const reply = await ctx.client.storeReflection({ content, ...(tags?.length ? { tags } : {}), ...(args?.files ? { files: args.files } : {}) });
  ctx.events.fireMemoriesChanged();
  const id = reply.data?.id ?? null;
  const note = reply.data && !reply.data.embedded ? ' (keyword search only until an embedding model is available)' : '';
  const redacted = reply.data?.redactions?.length ? ` Secrets were replaced with markers before storing: ${reply.data.redactions.map((r) => `${r.count} ${r.kind}`).join(', ')}.` : '';
  void vscode.window.showInformationMessage(`Reflection stored${note}.${redacted}`);
  return id;
}

export async function storeSelection(ctx: ExtensionCtx): Promise<string | null> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) throw new Error('Select the text to store first.');
  const doc = editor.document;
  const sel = editor.selection;
  const file = doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined;
  const source = {
    file: file ? vscode.workspace.asRelativePath(file).replace(/\\/g, '/') : doc.fileName,
    startLine: sel.start.line + 1,
    endLine0: sel.end.line,
    endCharacter: sel.end.character,
    languageId: doc.languageId,
    text: doc.getText(sel),
  };
  const where = locationOf(source);
  const note = await vscode.window.showInputBox({
    title: `Store Selection (1/2): ${where}`,
    prompt: 'Why does this code matter? Optional: Enter with nothing stores just the code.',
    placeHolder: 'e.g. retries here must stay idempotent: the webhook can arrive twice',
    ignoreFocusOut: true,
    validateInput: (v) => validateContent(selectionMemory(source, v) || ' '),
  });
  if (note === undefined) return null;
  const tagText = await vscode.window.showInputBox({
    title: `Store Selection (2/2): tags for ${where}`,
    prompt: 'Comma- or space-separated tags (optional)',
    value: defaultTags(source.file, source.languageId).join(', '),
    ignoreFocusOut: true,
  });
  if (tagText === undefined) return null;
  return storeReflection(ctx, { content: selectionMemory(source, note), tags: parseTags(tagText), ...(file ? { files: [file] } : {}) });
}

export async function openMemory(ctx: ExtensionCtx, id: string): Promise<void> {
  const reply = await ctx.client.getMemory(id);
  const m = reply.data?.memory;
  const title = m ? `${m.kind} ${m.created_at.slice(0, 10)} ${m.id.slice(0, 8)}` : `memory ${id.slice(0, 8)}`;
  const header = m
    ? `<!-- ${m.kind} · ${m.project} · ${m.created_at}${m.tags.length ? ` · #${m.tags.join(' #')}` : ''}${m.files.length ? ` · ${m.files.join(', ')}` : ''} -->\n\n`
    : '';
  await ctx.documents.show(`memory/${id}`, title, header + (m?.text ?? reply.text));
}

/**
 * A quick pick over results; returns after the user picked (and the memory opened) or dismissed it.
 * With no results it says so in a notification: a lone "nothing found" row would count as a result.
 */
async function pickFrom(ctx: ExtensionCtx, title: string, items: MemoryPick[], emptyText: string): Promise<void> {
  if (!items.some((i) => i.id)) {
    const pick = await vscode.window.showInformationMessage(emptyText, 'Search Memory');
    if (pick) await vscode.commands.executeCommand('sessionMgmt.searchMemory');
    return;
  }
  const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true });
  if (picked?.id) await openMemory(ctx, picked.id);
}

export function searchMemory(ctx: ExtensionCtx, initial = ''): Promise<void> {
  const qp = vscode.window.createQuickPick<MemoryPick>();
  qp.title = 'Search Memory';
  qp.placeholder = 'Search reflections, checkpoints, handoffs and conversations in this project';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.value = initial;
  let timer: NodeJS.Timeout | null = null;
  let seq = 0;
  const run = async (query: string): Promise<void> => {
    const mine = ++seq;
    if (!query.trim()) {
      qp.items = [];
      qp.busy = false;
      return;
    }
    qp.busy = true;
    try {
      const reply = await ctx.client.search({ query, limit: 20, min_score: 0.2 });
      if (mine !== seq) return;
      const results = reply.data?.results ?? [];
      qp.items = results.length ? results.map(toPick) : [{ label: 'No memories match', description: reply.data?.mode === 'keyword' ? 'keyword search: no embedding model' : '' }];
    } catch (err) {
      if (mine === seq) qp.items = [{ label: `$(error) ${err instanceof Error ? err.message : String(err)}` }];
    } finally {
      if (mine === seq) qp.busy = false;
    }
  };
  qp.onDidChangeValue((v) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(v), DEBOUNCE_MS);
  });
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      const id = qp.selectedItems[0]?.id;
      qp.hide();
      if (id) void openMemory(ctx, id).finally(resolve);
      else resolve();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve();
    });
    qp.show();
    if (initial) void run(initial);
  });
}

export async function searchCurrentFile(ctx: ExtensionCtx, file?: string): Promise<void> {
  const target = file ?? (vscode.window.activeTextEditor?.document.uri.scheme === 'file' ? vscode.window.activeTextEditor.document.uri.fsPath : undefined);
  if (!target) throw new Error('Open a file first: this searches the memories about the current file.');
  const reply = await ctx.client.searchByFile({ file_path: target, limit: 50 });
  const items = (reply.data?.results ?? []).map((r) => ({ ...toPick(r), description: `${r.match === 'files' ? 'touched' : 'mentioned'} · ${toPick(r).description}` }));
  const rel = vscode.workspace.asRelativePath(target);
  await pickFrom(ctx, `Memories about ${rel}`, items, `No memories about ${rel} yet.`);
}

export async function searchByConcept(ctx: ExtensionCtx, concept?: string): Promise<void> {
  const value = concept ?? (await vscode.window.showInputBox({ title: 'Search by Concept', prompt: 'A concept, e.g. "error handling" or "database migrations"', validateInput: (v) => (v.trim() ? undefined : 'Enter a concept.') }));
  if (!value) return;
  const reply = await ctx.client.searchByConcept({ concept: value, limit: 20 });
  const items: MemoryPick[] = (reply.data?.results ?? []).map(toPick);
  const files = reply.data?.related_files ?? [];
  if (files.length) {
    items.push({ label: 'Related files', kind: vscode.QuickPickItemKind.Separator });
    for (const f of files) items.push({ label: `$(file) ${f.path}`, description: `${f.count} memor${f.count === 1 ? 'y' : 'ies'}` });
  }
  await pickFrom(ctx, `Concept: ${value}`, items, `No memories about "${value}" yet.`);
}
