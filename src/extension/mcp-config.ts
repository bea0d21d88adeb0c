// Ready-to-paste MCP configurations. They start the server through the stable launcher in the data
// dir (see launcher.ts), so they survive extension updates and need no separate Node install.
import { externalServerCommand, type ExternalServerInputs } from './external-server.js';

export type McpClientKind = 'claude' | 'cursor' | 'vscode';

export function mcpConfig(kind: McpClientKind, server: Omit<ExternalServerInputs, 'subcommand' | 'args'>): string {
  // Claude Code starts servers in the project folder; Cursor and VS Code need it named.
  const args = kind === 'claude' ? [] : ['--project-root', '${workspaceFolder}'];
  const { command, args: argv, env } = externalServerCommand({ ...server, args });
  const entry = { command, args: argv, ...(Object.keys(env).length > 0 ? { env } : {}) };
  if (kind === 'vscode') return JSON.stringify({ servers: { 'session-mgmt': { type: 'stdio', ...entry } } }, null, 2);
  return JSON.stringify({ mcpServers: { 'session-mgmt': entry } }, null, 2);
}

export const MCP_CONFIG_TARGETS: { kind: McpClientKind; label: string; file: string }[] = [
  { kind: 'claude', label: 'Claude Code', file: '.mcp.json in your project' },
  { kind: 'cursor', label: 'Cursor', file: '.cursor/mcp.json or ~/.cursor/mcp.json' },
  { kind: 'vscode', label: 'VS Code', file: '.vscode/mcp.json' },
];
