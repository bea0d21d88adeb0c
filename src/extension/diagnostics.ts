// The Problems view's counts, passed to the server with what they cover. Language servers usually
// report only the files that are open, so the counts say "open-files" (and the server leaves them
// out of the score) unless the user says their Problems panel covers the whole workspace.
import * as vscode from 'vscode';
import type { Diagnostics } from '../protocol/quality-schemas.js';

export const WORKSPACE_DIAGNOSTICS_SETTING = 'quality.workspaceDiagnostics';

export function problemCounts(): Diagnostics {
  let errors = 0;
  let warnings = 0;
  for (const [, diags] of vscode.languages.getDiagnostics()) {
    for (const d of diags) {
      if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
    }
  }
  const whole = vscode.workspace.getConfiguration('sessionMgmt').get<boolean>(WORKSPACE_DIAGNOSTICS_SETTING, false);
  return { errors, warnings, scope: whole ? 'workspace' : 'open-files' };
}
