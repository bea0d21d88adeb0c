// Messages between the server's main thread and its embedding worker.
export interface LoadRequest {
  type: 'load';
  modelId: string;
  /** Absolute model folder for local loads (used as the model id, so the library's cache never shadows it); null to download. */
  localDir: string | null;
  cacheDir: string;
  remoteHost: string | null;
}

export interface EmbedRequest {
  type: 'embed';
  id: number;
  texts: string[];
}

export type WorkerRequest = LoadRequest | EmbedRequest;

export type WorkerReply =
  | { type: 'loaded'; dimension: number; ms: number }
  | { type: 'load-failed'; error: string }
  | { type: 'progress'; file: string; loaded: number; total: number }
  | { type: 'embedded'; id: number; vectors: Float32Array[] }
  | { type: 'embed-failed'; id: number; error: string };
