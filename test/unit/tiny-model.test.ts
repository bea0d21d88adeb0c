// Proves the offline test model and the loopback hub work with the real
// @huggingface/transformers + onnxruntime-node stack, in-process and in a Worker.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { writeTinyModel } from '../support/tiny-model';
import { startModelHub, type ModelHub } from '../support/model-hub';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const MODEL_ID = 'test/tiny-minilm';
// A distinct id for the hub test: transformers.js memoizes config and file
// probes per model id for the life of the process, regardless of env changes.
const HUB_MODEL_ID = 'test/tiny-minilm-hub';
const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'];

const tmpDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpDirs.push(dir);
  return dir;
}

function cosine(a: readonly number[], b: readonly number[]): number {
  assert.equal(a.length, b.length);
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? NaN;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return dot / Math.sqrt(na * nb);
}

function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  assert.equal(a.length, b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - (b[i] ?? NaN))), 0);
}

function row(rows: readonly number[][], i: number): number[] {
  const r = rows[i];
  assert.ok(r, `missing row ${i}`);
  return r;
}

async function embed(extractor: FeatureExtractionPipeline, texts: string[]): Promise<number[][]> {
  const out = await extractor(texts, { pooling: 'mean', normalize: true });
  return out.tolist() as number[][];
}

async function embedOne(extractor: FeatureExtractionPipeline, text: string): Promise<number[]> {
  return row(await embed(extractor, [text]), 0);
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((rel) => fs.statSync(path.join(dir, rel)).isFile())
    .map((rel) => rel.split(path.sep).join('/'))
    .sort();
}

interface WorkerEnv {
  allowRemoteModels: boolean;
  allowLocalModels: boolean;
  localModelPath: string;
  cacheDir: string;
  useFSCache: boolean;
  remoteHost?: string;
}

// Plain .mjs so the Worker needs no TS loader; it imports transformers by the
// absolute path the project would resolve, and gets its own module state (env, memo caches).
const WORKER_SOURCE = `
import { parentPort, workerData } from 'node:worker_threads';
const mod = await import(workerData.transformersUrl);
const { env, pipeline } = typeof mod.pipeline === 'function' ? mod : mod.default;
Object.assign(env, workerData.env);
const extractor = await pipeline('feature-extraction', workerData.modelId, { dtype: 'q8' });
const out = await extractor(workerData.texts, { pooling: 'mean', normalize: true });
parentPort.postMessage(out.tolist());
await extractor.dispose();
`;

let workerScript: string | undefined;

async function embedInWorker(modelId: string, workerEnv: WorkerEnv, texts: string[]): Promise<number[][]> {
  const script = (workerScript ??= path.join(tempDir('tiny-worker-'), 'embed-worker.mjs'));
  fs.writeFileSync(script, WORKER_SOURCE);
  const transformersPath = createRequire(path.join(PROJECT_ROOT, 'package.json')).resolve('@huggingface/transformers');
  const worker = new Worker(script, {
    workerData: { transformersUrl: pathToFileURL(transformersPath).href, env: workerEnv, modelId, texts },
  });
  return new Promise<number[][]>((resolve, reject) => {
    let result: number[][] | undefined;
    worker.once('message', (msg: number[][]) => {
      result = msg;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result !== undefined) resolve(result);
      else reject(new Error(`embedding worker exited with code ${code} before replying`));
    });
  });
}

describe('tiny offline model', () => {
  let modelsRoot: string;
  let extractor: FeatureExtractionPipeline;
  let loadMs: number;
  const extractors: FeatureExtractionPipeline[] = [];

  before(async () => {
    modelsRoot = tempDir('tiny-model-');
    writeTinyModel(modelsRoot, MODEL_ID);
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = modelsRoot;
    env.useFSCache = false;
    const started = performance.now();
    extractor = await pipeline('feature-extraction', MODEL_ID, { dtype: 'q8' });
    loadMs = performance.now() - started;
    extractors.push(extractor);
  });

  after(async () => {
    for (const e of extractors) await e.dispose();
    for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('writes a small model with the expected files', (t) => {
    const modelDir = path.join(modelsRoot, MODEL_ID);
    assert.deepEqual(listFiles(modelDir), [...MODEL_FILES].sort());
    const onnxBytes = fs.statSync(path.join(modelDir, 'onnx/model_quantized.onnx')).size;
    assert.ok(onnxBytes < 5 * 1024 * 1024, `model is ${onnxBytes} bytes`);
    const config = JSON.parse(fs.readFileSync(path.join(modelDir, 'config.json'), 'utf8')) as { model_type: string; hidden_size: number };
    assert.equal(config.model_type, 'bert');
    assert.equal(config.hidden_size, 384);
    t.diagnostic(`onnx ${onnxBytes} bytes, offline load ${loadMs.toFixed(0)} ms`);
  });

  test('loads offline and yields 384-dim unit vectors', async () => {
    const vec = await embedOne(extractor, 'hello world');
    assert.equal(vec.length, 384);
    const norm = Math.sqrt(vec.reduce((s, x) => s + x * x, 0));
    assert.ok(Math.abs(norm - 1) < 1e-5, `norm ${norm}`);
    assert.ok(vec.every(Number.isFinite));
  });

  test('tokenizes any ASCII text without [UNK] and adds [CLS]/[SEP]', () => {
    const tokens = extractor.tokenizer.tokenize('Refactor xyzzy_42 in LanceDB!');
    assert.ok(!tokens.includes('[UNK]'), tokens.join(' '));
    const [cls, sep, git, commit] = extractor.tokenizer.convert_tokens_to_ids(['[CLS]', '[SEP]', 'git', 'commit']);
    assert.deepEqual(extractor.tokenizer.encode('Git COMMIT'), [cls, git, commit, sep]);
  });

  test('is deterministic: same text, same vector (alone and padded in a batch)', async () => {
    const a = await embedOne(extractor, 'session memory quality');
    const b = await embedOne(extractor, 'session memory quality');
    assert.deepEqual(a, b);
    const c = row(await embed(extractor, ['session memory quality', 'a much longer text that forces padding of the first one']), 0);
    assert.ok(maxAbsDiff(a, c) < 1e-6, 'padding must not change the pooled vector');
  });

  test('same seed writes byte-identical files; another seed changes the weights', () => {
    const a = writeTinyModel(tempDir('tiny-a-'), MODEL_ID, { seed: 7 });
    const b = writeTinyModel(tempDir('tiny-b-'), MODEL_ID, { seed: 7 });
    const c = writeTinyModel(tempDir('tiny-c-'), MODEL_ID, { seed: 8 });
    for (const file of MODEL_FILES) {
      assert.ok(fs.readFileSync(path.join(a, file)).equals(fs.readFileSync(path.join(b, file))), file);
    }
    const onnx = (dir: string): Buffer => fs.readFileSync(path.join(dir, 'onnx/model_quantized.onnx'));
    assert.ok(!onnx(a).equals(onnx(c)));
  });

  test('shared words score closer than unrelated text', async () => {
    const vecs = await embed(extractor, ['database vector search', 'vector search in a database', 'the cat sat on a mat']);
    const near = cosine(row(vecs, 0), row(vecs, 1));
    const far = cosine(row(vecs, 0), row(vecs, 2));
    assert.ok(near > far + 0.3, `related ${near.toFixed(3)} vs unrelated ${far.toFixed(3)}`);
  });

  test('downloads through the loopback hub into the FS cache, then reloads offline from it', async () => {
    const hubRoot = tempDir('tiny-hub-');
    const cacheDir = tempDir('tiny-cache-');
    writeTinyModel(hubRoot, HUB_MODEL_ID); // default seed: same weights as MODEL_ID
    const hub: ModelHub = await startModelHub(hubRoot);
    const saved = {
      allowRemoteModels: env.allowRemoteModels,
      allowLocalModels: env.allowLocalModels,
      remoteHost: env.remoteHost,
      cacheDir: env.cacheDir,
      useFSCache: env.useFSCache,
    };
    try {
      env.allowRemoteModels = true;
      env.allowLocalModels = false;
      env.remoteHost = `${hub.url}/`;
      env.cacheDir = cacheDir;
      env.useFSCache = true;
      const downloaded = await pipeline('feature-extraction', HUB_MODEL_ID, { dtype: 'q8' });
      extractors.push(downloaded);

      const prefix = `/${HUB_MODEL_ID}/resolve/main/`;
      for (const file of MODEL_FILES) assert.ok(hub.requests.includes(prefix + file), `hub never saw ${file}`);
      assert.ok(hub.log.every((r) => r.status === 200 || r.status === 206), JSON.stringify(hub.log));

      // FileCache stores `<cacheDir>/<modelId>/<file>` for revision main.
      assert.deepEqual(listFiles(cacheDir), MODEL_FILES.map((f) => `${HUB_MODEL_ID}/${f}`).sort());
      for (const file of MODEL_FILES) {
        const cached = fs.readFileSync(path.join(cacheDir, HUB_MODEL_ID, file));
        assert.ok(cached.equals(fs.readFileSync(path.join(hubRoot, HUB_MODEL_ID, file))), file);
      }

      const text = 'database vector search';
      const viaHub = await embedOne(downloaded, text);
      const local = await embedOne(extractor, text);
      assert.ok(maxAbsDiff(viaHub, local) < 1e-6);

      // Fresh module state (a Worker) so memoized probes cannot mask a cache miss.
      await hub.close();
      const seen = hub.requests.length;
      const offline = await embedInWorker(
        HUB_MODEL_ID,
        {
          allowRemoteModels: false,
          allowLocalModels: true,
          localModelPath: path.join(hubRoot, 'does-not-exist'),
          cacheDir,
          useFSCache: true,
        },
        [text],
      );
      assert.equal(hub.requests.length, seen);
      assert.ok(maxAbsDiff(row(offline, 0), local) < 1e-6);
    } finally {
      Object.assign(env, saved);
      await hub.close();
    }
  });

  test('loads inside a worker_threads Worker and matches the main thread', async () => {
    const texts = ['fix the typescript build error', 'the cat sat on a mat'];
    const inWorker = await embedInWorker(
      MODEL_ID,
      { allowRemoteModels: false, allowLocalModels: true, localModelPath: modelsRoot, cacheDir: modelsRoot, useFSCache: false },
      texts,
    );
    const inMain = await embed(extractor, texts);
    assert.equal(inWorker.length, 2);
    texts.forEach((text, i) => assert.ok(maxAbsDiff(row(inWorker, i), row(inMain, i)) < 1e-6, text));
  });
});
