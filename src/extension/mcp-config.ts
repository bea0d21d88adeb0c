// Ready-to-paste MCP configurations pointing at this installation's bundled server. The command
// is VS Code's own binary run as Node, so no separate Node install is needed.
export type McpClientKind = 'claude' | 'cursor' | 'vscode';

export function mcpConfig(kind: McpClientKind, nodePath: string, serverJs: string): string {
  const server = { command: nodePath, args: [serverJs], env: { ELECTRON_RUN_AS_NODE: '1' } };
  if (kind === 'vscode') {
    return JSON.stringify({ servers: { 'session-mgmt': { type: 'stdio', ...server, args: [serverJs, '--project-root', '${workspaceFolder}'] } } }, null, 2);
  }
  if (kind === 'cursor') {
    return JSON.stringify({ mcpServers: { 'session-mgmt': { ...server, args: [serverJs, '--project-root', '${workspaceFolder}'] } } }, null, 2);
  }
  return JSON.stringify({ mcpServers: { 'session-mgmt': server } }, null, 2);
}

export const MCP_CONFIG_TARGETS: { kind: McpClientKind; label: string; file: string }[] = [
  { kind: 'claude', label: 'Claude Code', file: '.mcp.json in your project' },
  { kind: 'cursor', label: 'Cursor', file: '.cursor/mcp.json or ~/.cursor/mcp.json' },
  { kind: 'vscode', label: 'VS Code', file: '.vscode/mcp.json' },
];
