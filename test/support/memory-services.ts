// The memory service and browser over a real store in a data dir, in process, in keyword mode
// (no embedding model), built the way the server builds them.
import path from 'node:path';
import { createLogger } from '../../src/server/log.js';
import { Backfill } from '../../src/server/memory/backfill.js';
import { MemoryBrowser } from '../../src/server/memory/browse.js';
import { Embedder } from '../../src/server/memory/embedder.js';
import { Redactor } from '../../src/server/memory/redaction.js';
import { MemoryService } from '../../src/server/memory/memory-service.js';
import { SearchEngine } from '../../src/server/memory/search.js';
import { MemoryStore } from '../../src/server/memory/store.js';

export interface MemoryServices {
  memory: MemoryService;
  browser: MemoryBrowser;
  close(): Promise<void>;
}

export async function openMemoryServices(dataDir: string, project: string, projectRoot: string): Promise<MemoryServices> {
  const log = createLogger('error');
  const store = await MemoryStore.open(dataDir, log);
  const model = { path: null, id: 'none/none', bundledDir: path.join(dataDir, 'no-models'), allowDownload: false, host: null, recheckMs: 60_000 };
  const embedder = new Embedder(model, dataDir, path.join(dataDir, 'no-worker.js'), log);
  const memory = new MemoryService({ project, projectRoot, dataDir }, store, embedder, new SearchEngine(store, embedder, log), new Backfill(store, embedder, log), log, new Redactor(true));
  return {
    memory,
    browser: new MemoryBrowser(store, project),
    async close() {
      await embedder.close();
      await store.close();
    },
  };
}
