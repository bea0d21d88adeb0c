// Typed calls to the session server. Results are parsed with the shared protocol schemas; a
// server that returns only text (an external or older server) still yields that text.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ResourceUris } from '../protocol/context-limits.js';
import { contextPack, type ContextPack } from '../protocol/context-schemas.js';
import * as C from '../protocol/conversation-schemas.js';
import * as M from '../protocol/memory-schemas.js';
import * as S from '../protocol/session-schemas.js';
import { MemoryToolNames as MT, SessionToolNames as ST } from '../protocol/tool-names.js';
import type { CallOptions, ServerConnection } from './connection/server-connection.js';

export class ToolError extends Error {}

export interface ToolReply<T> {
  /** Structured result, or null when the server sent only text (or an unexpected shape). */
  data: T | null;
  text: string;
}

type Shape = Record<string, z.ZodType>;
type Progress = (message: string, done: number, total: number) => void;

/** An import reports progress as it reads; without a report for this long it is considered stuck. */
const IMPORT_SILENCE_MS = 300_000;

export interface ImportArgs {
  path?: string;
  project?: string;
  since?: string;
}

function textOf(r: CallToolResult): string {
  return r.content
    .map((c) => (c.type === 'text' ? c.text : ''))
    .filter(Boolean)
    .join('\n');
}

export class SessionClient {
  constructor(private readonly conn: ServerConnection) {}

  private async call<S extends Shape>(name: string, args: Record<string, unknown>, shape: S, progress?: Progress, options?: CallOptions): Promise<ToolReply<z.output<z.ZodObject<S>>>> {
    const result = await this.conn.callTool(name, args, progress, options);
    const text = textOf(result);
    if (result.isError) throw new ToolError(text.replace(/^MCP error -?\d+: /, '') || `${name} failed`);
    const parsed = result.structuredContent ? z.object(shape).safeParse(result.structuredContent) : null;
    return { data: parsed?.success ? parsed.data : null, text };
  }

  start(workingDirectory?: string, progress?: Progress) {
    return this.call(ST.start, workingDirectory ? { working_directory: workingDirectory } : {}, S.startOutput, progress);
  }

  checkpoint(args: { working_directory?: string; commit: S.CommitMode; trigger: 'manual' | 'auto'; diagnostics?: { errors: number; warnings: number } }, progress?: Progress) {
    return this.call(ST.checkpoint, args, S.checkpointOutput, progress);
  }

  end(args: { working_directory?: string; diagnostics?: { errors: number; warnings: number } }, progress?: Progress) {
    return this.call(ST.end, args, S.endOutput, progress);
  }

  status(args: { working_directory?: string; diagnostics?: { errors: number; warnings: number } }) {
    return this.call(ST.status, args, S.statusOutput);
  }

  history(args: { working_directory?: string; limit?: number }) {
    return this.call(ST.scoreHistory, args, S.scoreHistoryOutput);
  }

  storeReflection(args: { content: string; tags?: string[]; files?: string[]; project?: string }) {
    return this.call(MT.storeReflection, args, M.storeReflectionOutput);
  }

  search(args: { query: string; limit?: number; min_score?: number; project?: string; kinds?: string[]; tags?: string[] }) {
    return this.call(MT.reflectOnPast, args, M.searchOutput);
  }

  searchByFile(args: { file_path: string; limit?: number; project?: string }) {
    return this.call(MT.searchByFile, args, M.searchByFileOutput);
  }

  searchByConcept(args: { concept: string; limit?: number; project?: string; include_files?: boolean }) {
    return this.call(MT.searchByConcept, args, M.searchByConceptOutput);
  }

  getMemory(id: string) {
    return this.call(MT.getMemory, { id }, M.getMemoryOutput);
  }

  deleteMemory(id: string) {
    return this.call(MT.deleteMemory, { id }, M.deleteMemoryOutput);
  }

  setTags(id: string, tags: string[]) {
    return this.call(MT.setTags, { id, tags }, M.setTagsOutput);
  }

  memoryGroups(args: { group_by: M.GroupBy; project?: string }) {
    return this.call(MT.memoryGroups, args, M.memoryGroupsOutput);
  }

  listMemories(args: { group_by?: M.GroupBy; group?: string; project?: string; offset?: number; limit?: number }) {
    return this.call(MT.listMemories, args, M.listMemoriesOutput);
  }

  /** The context pack as the next agent gets it, from the server's session-mgmt://context resource. */
  async contextPack(budget: number): Promise<ContextPack> {
    const res = await this.conn.readResource(`${ResourceUris.context}?budget=${budget}`);
    const json = res.contents.find((c) => c.mimeType === 'application/json');
    const parsed = json && 'text' in json ? contextPack.safeParse(JSON.parse(json.text)) : null;
    if (!parsed?.success) throw new ToolError('the server did not return a context pack');
    return parsed.data;
  }

  stats() {
    return this.call(MT.reflectionStats, {}, M.reflectionStatsOutput);
  }

  /** The conversation part of reflection_stats alone, so it parses even if other fields differ. */
  async conversationStatus(): Promise<C.ConversationStatus | null> {
    const result = await this.conn.callTool(MT.reflectionStats, {});
    if (result.isError) throw new ToolError(textOf(result).replace(/^MCP error -?\d+: /, '') || `${MT.reflectionStats} failed`);
    const parsed = C.conversationStatus.safeParse(result.structuredContent?.conversations);
    return parsed.success ? parsed.data : null;
  }

  /** Imports Claude Code transcripts; aborting the signal cancels the import (what was imported is kept). */
  importConversations(args: ImportArgs, progress?: Progress, options: { signal?: AbortSignal } = {}) {
    return this.call(MT.importConversations, { ...args }, C.importConversationsOutput, progress, {
      ...options,
      resetTimeoutOnProgress: true,
      timeout: IMPORT_SILENCE_MS,
    });
  }
}
