// One status-bar item: the session's quality score, a spinner while working, "No session" (click
// to start one) when none is open, a disconnected state that restarts the server when clicked.
import * as vscode from 'vscode';
import type { QualityReport } from '../protocol/quality-schemas.js';
import type { ServerConnection } from './connection/server-connection.js';
import type { SessionState } from './session-state.js';
import { readSettings } from './settings.js';
import { Commands } from './command-ids.js';

/** One decimal at most, as the Quality panel shows them. */
export const fmtPoints = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));

function tooltip(q: QualityReport, threshold: number, delta: number | null): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**Quality score: ${q.score}/100** (${q.band})`);
  if (delta !== null && delta !== 0) md.appendMarkdown(` — ${delta > 0 ? '+' : ''}${delta} since the last checkpoint`);
  md.appendMarkdown(`\n\nMeasured: ${q.measured_max} of 100 points${q.last_commit ? ` · last commit ${q.last_commit.days_ago === 0 ? 'today' : `${q.last_commit.days_ago} day${q.last_commit.days_ago === 1 ? '' : 's'} ago`}` : ''}`);
  md.appendMarkdown('\n\n| part | points |\n|---|---:|\n');
  for (const p of q.parts) md.appendMarkdown(`| ${p.label} | ${fmtPoints(p.points)}/${fmtPoints(p.measured_max)}${p.measured_max < p.max ? ` (of ${p.max})` : ''} |\n`);
  const unknown = q.parts.flatMap((p) => p.metrics.filter((m) => m.source === 'unknown'));
  if (unknown.length) {
    md.appendMarkdown('\n$(question) Unknown (not counted): ');
    md.appendText(unknown.map((m) => `${m.label} — ${m.how_to_measure ?? m.detail}`).join('; '));
  }
  const real = q.secrets.findings.filter((f) => f.severity === 'high').length;
  if (real > 0) md.appendMarkdown(`\n\n$(key) ${real} possible credential${real === 1 ? '' : 's'} in the repository`);
  if (q.score < threshold) md.appendMarkdown(`\n$(warning) Below your threshold of ${threshold}.`);
  const top = q.recommendations[0];
  if (top) md.appendMarkdown(`\n\n$(lightbulb) ${top.text}`);
  md.appendMarkdown('\n\nClick to open the Quality panel.');
  return md;
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('sessionMgmt.score', vscode.StatusBarAlignment.Left, 50);
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly conn: ServerConnection,
    private readonly state: SessionState,
  ) {
    this.item.name = 'Session Quality Score';
    this.subs.push(conn.onDidChangeState(() => this.render()), state.onDidChange(() => this.render()));
    this.subs.push(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('sessionMgmt.qualityThreshold') && this.render()));
    this.render();
    this.item.show();
  }

  render(): void {
    const it = this.item;
    const conn = this.conn.state;
    const { quality, session, delta } = this.state.snapshot;
    it.backgroundColor = undefined;
    if (conn === 'starting' || conn === 'reconnecting') {
      it.text = '$(sync~spin) Session';
      it.tooltip = conn === 'starting' ? 'Starting the session server…' : 'The session server stopped; reconnecting…';
      it.command = Commands.showLog;
      return;
    }
    if (conn === 'failed' || conn === 'stopped') {
      it.text = '$(debug-disconnect) Session';
      it.tooltip = `Session server ${conn === 'failed' ? `not available: ${this.conn.description}` : 'stopped'}. Click to restart it.`;
      it.command = Commands.restartServer;
      it.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      return;
    }
    const spin = this.state.busy ? '$(sync~spin)' : '$(pulse)';
    it.accessibilityInformation = undefined;
    if (!session) {
      // The last score belongs to a session that is over: say so instead of showing it.
      it.text = `${spin} No session`;
      it.tooltip = 'No session is open. Click to start one.';
      it.command = Commands.startSession;
      return;
    }
    if (!quality) {
      it.text = `${spin} Session`;
      it.tooltip = 'Session open; score not computed yet';
      it.command = Commands.showStatus;
      return;
    }
    const threshold = readSettings().qualityThreshold;
    it.text = `${spin} ${quality.score}`;
    it.tooltip = tooltip(quality, threshold, delta);
    it.command = Commands.openQualityPanel;
    it.accessibilityInformation = { label: `Session quality score ${quality.score} out of 100, ${quality.band}` };
    if (quality.score < threshold) it.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.item.dispose();
  }
}
