// Loopback stand-in for the Hugging Face hub, so download-and-cache code paths
// can be tested without internet. transformers.js v4 builds file URLs as
//   env.remoteHost + env.remotePathTemplate ('{model}/resolve/{revision}/') + file
// and, besides plain GETs, probes files with `GET` + `Range: bytes=0-0`
// (get_file_metadata) before downloading, so single byte ranges are honoured.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface HubRequest {
  method: string;
  /** Decoded URL path, e.g. `/test/tiny-minilm/resolve/main/config.json`. */
  path: string;
  /** Value of the Range header, if any (transformers.js probes with `bytes=0-0`). */
  range: string | null;
  status: number;
}

export interface ModelHub {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Every requested path, in arrival order (range probes included). */
  requests: string[];
  /** Same requests with method, Range header and response status. */
  log: HubRequest[];
  close(): Promise<void>;
}

const RESOLVE_SEGMENT = '/resolve/';

function contentType(file: string): string {
  return file.endsWith('.json') ? 'application/json; charset=utf-8' : 'application/octet-stream';
}

/** Parses a single `bytes=a-b` / `bytes=a-` / `bytes=-n` range; null if absent or unsatisfiable. */
function parseRange(header: string, size: number): { start: number; end: number } | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start <= end && start < size ? { start, end } : null;
}

/**
 * Serves `<rootDir>/<modelId>/<file>` at `/<modelId>/resolve/<revision>/<file>`
 * on 127.0.0.1 (ephemeral port). The revision is accepted but ignored: one
 * snapshot per model. Missing files and other URL shapes get 404.
 */
export async function startModelHub(rootDir: string): Promise<ModelHub> {
  const root = path.resolve(rootDir);
  const requests: string[] = [];
  const log: HubRequest[] = [];

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      urlPath = req.url ?? '/';
    }
    const rangeHeader = typeof req.headers.range === 'string' ? req.headers.range : null;
    requests.push(urlPath);
    const entry: HubRequest = { method, path: urlPath, range: rangeHeader, status: 404 };
    log.push(entry);

    const send = (status: number, headers: http.OutgoingHttpHeaders, body?: Buffer): void => {
      entry.status = status;
      res.writeHead(status, headers);
      res.end(method === 'HEAD' ? undefined : body);
    };
    const notFound = (): void => send(404, { 'Content-Type': 'text/plain' }, Buffer.from('Entry not found'));

    if (method !== 'GET' && method !== 'HEAD') {
      send(405, { Allow: 'GET, HEAD' });
      return;
    }

    // `/<org>/<name>/resolve/<revision>/<file...>`; model ids may contain '/'.
    const at = urlPath.indexOf(RESOLVE_SEGMENT);
    if (at <= 1) return notFound();
    const modelId = urlPath.slice(1, at);
    const rest = urlPath.slice(at + RESOLVE_SEGMENT.length);
    const slash = rest.indexOf('/');
    if (slash <= 0 || slash === rest.length - 1) return notFound();
    const file = rest.slice(slash + 1);

    const target = path.resolve(root, modelId, file);
    // Refuse anything that escapes rootDir (e.g. `..` segments).
    if (!target.startsWith(root + path.sep)) return notFound();
    let body: Buffer;
    try {
      if (!fs.statSync(target).isFile()) return notFound();
      body = fs.readFileSync(target);
    } catch {
      return notFound();
    }

    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': contentType(target),
      'Accept-Ranges': 'bytes',
      ETag: `"${body.length}"`,
    };
    if (rangeHeader !== null) {
      const range = parseRange(rangeHeader, body.length);
      if (range === null) {
        // 416 is also what the real hub answers for `bytes=0-0` on an empty file.
        send(416, { ...headers, 'Content-Range': `bytes */${body.length}` });
        return;
      }
      const chunk = body.subarray(range.start, range.end + 1);
      send(
        206,
        { ...headers, 'Content-Length': chunk.length, 'Content-Range': `bytes ${range.start}-${range.end}/${body.length}` },
        chunk,
      );
      return;
    }
    send(200, { ...headers, 'Content-Length': body.length }, body);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    log,
    // Idempotent, so tests can close early and again in cleanup.
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // fetch() keeps connections alive; drop them or close() waits for their timeout.
        server.closeAllConnections();
      })),
  };
}
