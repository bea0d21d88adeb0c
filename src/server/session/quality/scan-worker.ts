// Worker thread of the quality scan: reads and scans the files it is sent, so a large project's secret scan
// uses more than one core and the server's event loop stays free.
import { parentPort } from 'node:worker_threads';
import type { ScanItem } from './scan-files.js';
import { readAndDetect } from './scan-files.js';

export interface ScanRequest {
  id: number;
  dir: string;
  items: ScanItem[];
  deadline: number;
}

const port = parentPort;
if (!port) throw new Error('the scan worker must run in a worker thread');
port.on('message', (req: ScanRequest) => {
  readAndDetect(req.dir, req.items, req.deadline).then(
    (outcomes) => port.postMessage({ id: req.id, outcomes }),
    (err: unknown) => port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
