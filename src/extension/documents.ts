// Read-only documents for memories and reports, served from memory under the session-mgmt:
// scheme, so stored text is shown as text and nothing is written to disk.
import * as vscode from 'vscode';

export const SCHEME = 'session-mgmt';

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '(no longer available)';
  }

  uriFor(key: string, title: string): vscode.Uri {
    const safe = title.replace(/[\\/:*?"<>|#%]+/g, '-').slice(0, 80) || 'document';
    return vscode.Uri.from({ scheme: SCHEME, path: `/${key}/${safe}.md` });
  }

  async show(key: string, title: string, text: string, language = 'markdown'): Promise<vscode.TextEditor> {
    const uri = this.uriFor(key, title);
    this.contents.set(uri.path, text);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, language);
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  /** Shows markdown rendered in VS Code's preview, or as text where the preview is unavailable. */
  async showRendered(key: string, title: string, text: string): Promise<vscode.Uri> {
    const uri = this.uriFor(key, title);
    this.contents.set(uri.path, text);
    this.changed.fire(uri);
    await previewOrText(uri);
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}

export async function previewOrText(uri: vscode.Uri, column = vscode.ViewColumn.Active): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  try {
    // Contributed by the built-in markdown extension, which activates on this command.
    await vscode.commands.executeCommand(column === vscode.ViewColumn.Beside ? 'markdown.showPreviewToSide' : 'markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: column });
  }
}
