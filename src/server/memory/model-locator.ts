// Where the embedding model comes from, in order: an explicit folder, the folder shipped with
// the extension, the download cache in the data dir, then a download from the model hub.
import fs from 'node:fs';
import path from 'node:path';
import type { ModelConfig } from '../config.js';

export type ModelSource = 'explicit' | 'bundled' | 'cache' | 'download';

export interface ModelCandidate {
  source: ModelSource;
  modelId: string;
  /** The model folder for local loads; null for a download. */
  localDir: string | null;
  /** Where the files are or will be, for display. */
  location: string;
}

/** The files a feature-extraction model needs (q8 weights, as loaded by the embedder). */
// Without tokenizer_config.json the library loads the model but no tokenizer.
export const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'];

export function missingModelFiles(dir: string): string[] {
  return MODEL_FILES.filter((f) => !fs.existsSync(path.join(dir, f)));
}

export function modelCacheDir(dataDir: string): string {
  return path.join(dataDir, 'models');
}

export interface LocateResult {
  candidates: ModelCandidate[];
  /** Why earlier sources were passed over, for the status detail. */
  notes: string[];
}

export function locateModel(cfg: ModelConfig, dataDir: string, includeDownload: boolean): LocateResult {
  const candidates: ModelCandidate[] = [];
  const notes: string[] = [];
  const local = (source: ModelSource, dir: string, modelId: string): void => {
    const missing = missingModelFiles(dir);
    if (missing.length === 0) candidates.push({ source, modelId, localDir: dir, location: dir });
    else if (source === 'explicit') notes.push(`model path ${dir} lacks ${missing.join(', ')}`);
  };

  if (cfg.path) local('explicit', cfg.path, path.basename(cfg.path));
  local('bundled', path.join(cfg.bundledDir, cfg.id), cfg.id);
  const cache = modelCacheDir(dataDir);
  // transformers.js caches downloads as <cacheDir>/<modelId>/<file>, the same layout as a model folder.
  local('cache', path.join(cache, cfg.id), cfg.id);
  if (includeDownload && cfg.allowDownload) {
    candidates.push({ source: 'download', modelId: cfg.id, localDir: null, location: path.join(cache, cfg.id) });
  } else if (!cfg.allowDownload) {
    notes.push('downloads are disabled');
  }
  return { candidates, notes };
}
