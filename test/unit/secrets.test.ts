// The shared secret detector and redaction: real credential shapes are found where they sit in
// commands, outputs, configs and prose; ordinary code and placeholders are left alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectSecrets, maskedPreview } from '../../src/server/secrets/detect.js';
import { addRedactions, redactSecrets } from '../../src/server/secrets/redact.js';

// Assembled at run time so no scanner flags this test file as a leak.
const j = (...parts: string[]): string => parts.join('');
const STRIPE = j('sk_', 'live_', '4eC39HqLyjWDarjtT1zdp7dc');
const GITHUB = j('ghp_', '16C7e42F292c6912E7710c838347Ae178B4a');
const AWS_ID = j('AKIA', 'Z3MSJV4WWNKWYQ7Q');
const UUID = '3f1c2a9e-8d2b-4b7a-9c1e-2f3a4b5c6d7e';
const JWT = j('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.', 'eyJyb2xlIjoic2VydmljZV9yb2xlIiwiaWF0IjoxNjAwMDAwMDAwfQ', '.', 'c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl');
const PEM = j('-----BEGIN ', 'RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAwJ3k\nq8Z1xY\n-----END ', 'RSA PRIVATE KEY-----');

async function kinds(text: string): Promise<string[]> {
  return (await detectSecrets(text)).map((f) => `${f.kind}@${f.line}:${text.slice(f.start, f.end)}`);
}

describe('secret detection', () => {
  it('finds vendor keys with their line and column', async () => {
    const text = `# prod\nAPI_KEY=${STRIPE}\nDEBUG=1\n`;
    const [f, ...rest] = await detectSecrets(text, '.env');
    assert.equal(rest.length, 0);
    assert.ok(f);
    assert.equal(text.slice(f.start, f.end), STRIPE);
    assert.equal(f.line, 2);
    assert.equal(f.column, 9);
    assert.equal(f.confidence, 'high');
    assert.match(f.rule, /^secretlint\/stripe\//);
  });

  it('finds the five shapes of a leaked config', async () => {
    const found = await kinds(
      [
        'db:',
        '  password: Pr0dS3cret!x',
        `aws_access_key_id = ${AWS_ID}`,
        `req.Header.Set("Authorization", "Bearer ${GITHUB}")`,
        'const dsn = "postgres://admin:Pr0dPassw0rd@db.internal:5432/shop"',
      ].join('\n'),
    );
    assert.deepEqual(found, [
      'password@2:Pr0dS3cret!x',
      `aws access key@3:${AWS_ID}`,
      `token@4:${GITHUB}`,
      'password@5:Pr0dPassw0rd',
    ]);
  });

  it('finds key-like URL parameters, authorization headers, JWTs and private keys', async () => {
    assert.deepEqual(await kinds(`curl -s "https://rpc.example.net/?api-key=${UUID}" -d '{}'`), [`api key@1:${UUID}`]);
    assert.deepEqual(await kinds(`curl -H 'Authorization: Basic YWRtaW46aHVudGVyMg=='`), ['authorization header@1:YWRtaW46aHVudGVyMg==']);
    assert.deepEqual(await kinds(`SUPABASE_SERVICE_ROLE_KEY=${JWT}`), [`jwt@1:${JWT}`]);
    const pem = await detectSecrets(`key:\n${PEM}\ndone`);
    assert.equal(pem.length, 1);
    assert.equal(pem[0]?.kind, 'private key');
    // A key cut off by a truncated tool output is still hidden to the end.
    const cut = await detectSecrets(PEM.slice(0, 50));
    assert.equal(cut[0]?.end, 50);
  });

  it('leaves code, placeholders and prose alone', async () => {
    for (const text of [
      'const token = getToken();',
      'password: ${DB_PASSWORD}',
      'API_KEY=your-api-key-here',
      "apiKey: 'extended'",
      'token: process.env.GITHUB_TOKEN',
      'The token refresh failed because the password reset expired.',
      'postgres://localhost:5432/shop',
      'see https://example.com/docs?page=2&sort=asc',
      'secret_name = config.secrets.primary',
    ]) {
      assert.deepEqual(await kinds(text), [], text);
    }
  });

  it('masks previews', () => {
    assert.equal(maskedPreview(STRIPE), 'sk************dc');
    assert.equal(maskedPreview('abc'), '***');
  });
});

describe('redaction', () => {
  it('replaces each secret with a marker and counts kinds', async () => {
    const r = await redactSecrets(`export API_KEY=${STRIPE}\ncurl "https://x.example/?key=${UUID}&q=1"\nexport KEY2=${STRIPE}`);
    assert.equal(r.text, 'export API_KEY=[redacted: api key]\ncurl "https://x.example/?key=[redacted: api key]&q=1"\nexport KEY2=[redacted: api key]');
    assert.deepEqual(r.redactions, [{ kind: 'api key', count: 3 }]);
    assert.ok(!r.text.includes(UUID));
  });

  it('changes nothing without secrets, and is idempotent', async () => {
    const plain = 'Fixed the retry loop in src/queue/worker.ts; maxRetriesPerRequest must be null.';
    assert.deepEqual(await redactSecrets(plain), { text: plain, redactions: [] });
    const once = await redactSecrets(`password=Hunter2!xyz and ${GITHUB}`);
    const twice = await redactSecrets(once.text);
    assert.equal(twice.text, once.text);
    assert.deepEqual(twice.redactions, []);
  });

  it('adds counts', () => {
    assert.deepEqual(addRedactions([{ kind: 'jwt', count: 1 }], [{ kind: 'jwt', count: 2 }, { kind: 'password', count: 1 }]), [
      { kind: 'jwt', count: 3 },
      { kind: 'password', count: 1 },
    ]);
  });
});
