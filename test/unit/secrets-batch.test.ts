// detectSecretsInFiles gives each file exactly the findings detectSecrets gives it alone, and the
// generic rules' hints never hide a match.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectSecrets } from '../../src/server/secrets/detect.js';
import { detectSecretsInFiles } from '../../src/server/secrets/detect-files.js';

const j = (...parts: string[]): string => parts.join('');
const FILES = [
  { path: '.env', text: `# prod\nAPI_KEY=${j('sk_', 'live_', '4eC39HqLyjWDarjtT1zdp7dc')}\n` },
  { path: 'src/plain.ts', text: 'export const add = (a: number, b: number): number => a + b;\n' },
  { path: 'config/prod.yaml', text: `db:\n  url: postgres://admin:${j('Pr0d', 'S3cret', '!x')}@db:5432/app\n  password: ${j('Hunter', '2-Prod', '!')}\n` },
  { path: 'empty.txt', text: '' },
  { path: 'client.go', text: `req.Header.Set("Authorization", "Bearer ${j('gh', 'p_', 'R8xk2LmQ9vTz4NwYpB7cJ3dF6hK1sA0eU5gE')}")\nkey := "${j('AK', 'IA', 'Q3ZKX7RT2MBW5NDY')}"\n` },
  { path: 'jwt.txt', text: `token=${j('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.', 'eyJyb2xlIjoic2VydmljZV9yb2xlIn0', '.', 'c2lnbmF0dXJlc2lnbmF0dXJl')}\nend` },
  { path: 'url.sh', text: `curl "https://rpc.example.com/v1?api-key=${j('3f1c2a9e', '-8d2b-4b7a-9c1e-', '2f3a4b5c6d7e')}"\n` },
];

describe('secret detection over many files', () => {
  it('matches per-file detection exactly, lines and columns included', async () => {
    const batch = await detectSecretsInFiles(FILES.map((f) => ({ text: f.text, path: 'files.txt' })));
    for (const [k, f] of FILES.entries()) {
      const alone = await detectSecrets(f.text, 'files.txt');
      assert.deepEqual(batch[k], alone, f.path);
    }
    assert.ok(batch.flat().length >= 7, `found ${batch.flat().length}`);
    assert.deepEqual(batch[1], []);
    assert.deepEqual(batch[3], []);
  });
});
