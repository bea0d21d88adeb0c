// The HTML shell every webview uses: a strict CSP with a fresh nonce per render, nothing remote,
// scripts and styles only from the extension's own dist/ and media/ folders.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Escapes text for an HTML attribute or element; stored memories are untrusted. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface ShellOptions {
  title: string;
  /** dist/webview/<script>.js */
  script: string;
  /** media/<style> */
  styles: string[];
  /** Static markup inside <body>; the app renders the rest. */
  body?: string;
}

export function renderShell(webview: vscode.Webview, extensionUri: vscode.Uri, o: ShellOptions): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...p: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
  ].join('; ');
  const styles = [asset('dist', 'webview', 'codicons', 'codicon.css'), ...o.styles.map((s) => asset('media', s))]
    .map((href) => `<link rel="stylesheet" href="${href}">`)
    .join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${escapeHtml(o.title)}</title>
  </head>
  <body>
    ${o.body ?? ''}
    <script nonce="${nonce}" src="${asset('dist', 'webview', `${o.script}.js`)}"></script>
  </body>
</html>`;
}
