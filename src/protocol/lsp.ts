// What the language server (`dist/server.js lsp`) and its clients agree on: the command it
// executes, its settings, and the initialization options the VS Code client sends.

/** Server-side command behind the file lens in editors other than VS Code: returns the file's memories and shows a markdown summary. */
export const LSP_FILE_MEMORIES_COMMAND = 'sessionMgmt.lsp.fileMemories';

/** Source name of the language server's diagnostics. */
export const LSP_SOURCE = 'session-mgmt';

/** Which editor features the language server provides; each can be turned off. */
export interface LspFeatures {
  /** The lens at the top of a file that memories list or mention. */
  codeLens: boolean;
  /** Memories about the identifier, config key or path under the cursor. */
  hover: boolean;
  /** Information diagnostics for gotcha/warning memories naming an identifier. */
  diagnostics: boolean;
}

export const DEFAULT_LSP_FEATURES: LspFeatures = { codeLens: true, hover: true, diagnostics: false };

/**
 * initializationOptions (all optional). `workspace/didChangeConfiguration` may later send
 * `{ settings: { sessionMgmt: { editor: Partial<LspFeatures> } } }` to switch features.
 */
export interface LspInitOptions {
  features?: Partial<LspFeatures>;
  /** A client-side command the file lens runs instead of the server's, called with the file's path. */
  fileMemoriesCommand?: string;
  /** A client-side command that opens a memory, called with its id; hovers link to it instead of a markdown file. */
  openMemoryCommand?: string;
}

/** What `sessionMgmt.lsp.fileMemories` returns. */
export interface FileMemoriesResult {
  file: string;
  project: string;
  count: number;
  /** The generated markdown summary, also shown with window/showDocument when the client supports it. */
  summary_uri: string;
  memories: { id: string; kind: string; excerpt: string; created_at: string; tags: string[]; match: 'files' | 'text' }[];
}

/** Reads feature switches from untrusted JSON, keeping only booleans. */
export function featuresFrom(value: unknown, base: LspFeatures): LspFeatures {
  const out = { ...base };
  if (!value || typeof value !== 'object') return out;
  for (const key of Object.keys(base) as (keyof LspFeatures)[]) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'boolean') out[key] = v;
  }
  return out;
}
