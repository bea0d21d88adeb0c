// Runs transformers.js in a worker thread so embedding never blocks tool calls.
import { parentPort } from 'node:worker_threads';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { guardStdout } from '../stdout-guard.js';
import type { LoadRequest, WorkerReply, WorkerRequest } from './embed-messages.js';

guardStdout();

const port = parentPort;
if (!port) throw new Error('embed-worker must run in a worker thread');

let extractor: FeatureExtractionPipeline | null = null;
const reply = (m: WorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function load(req: LoadRequest): Promise<void> {
  const started = Date.now();
  env.cacheDir = req.cacheDir;
  env.useFSCache = true;
  if (req.localDir) {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
  } else {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    if (req.remoteHost) env.remoteHost = req.remoteHost.endsWith('/') ? req.remoteHost : `${req.remoteHost}/`;
  }
  const next = (await pipeline('feature-extraction', req.localDir ?? req.modelId, {
    dtype: 'q8',
    progress_callback: (p: unknown) => {
      const info = p as { status?: string; file?: string; loaded?: number; total?: number };
      if (info.status === 'progress' && info.file) {
        reply({ type: 'progress', file: info.file, loaded: info.loaded ?? 0, total: info.total ?? 0 });
      }
    },
  })) as FeatureExtractionPipeline;
  const probe = await next(['dimension probe'], { pooling: 'mean', normalize: true });
  extractor = next;
  reply({ type: 'loaded', dimension: probe.dims[probe.dims.length - 1] ?? 0, ms: Date.now() - started });
}

async function embed(id: number, texts: string[]): Promise<void> {
  if (!extractor) throw new Error('no model loaded');
  const out = await extractor(texts, { pooling: 'mean', normalize: true });
  const dim = out.dims[out.dims.length - 1] ?? 0;
  const data = out.data as Float32Array;
  const vectors = texts.map((_, i) => data.slice(i * dim, (i + 1) * dim));
  reply({ type: 'embedded', id, vectors }, vectors.map((v) => v.buffer as ArrayBuffer));
}

port.on('message', (req: WorkerRequest) => {
  if (req.type === 'load') {
    load(req).catch((err: unknown) => reply({ type: 'load-failed', error: message(err) }));
  } else {
    embed(req.id, req.texts).catch((err: unknown) => reply({ type: 'embed-failed', id: req.id, error: message(err) }));
  }
});
