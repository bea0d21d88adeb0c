// Paths of any OS, and redaction of many texts at once (what conversation import uses).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHomeFolder, normalizeAnyOs, relativeInside, resolveAnyOs } from '../../src/server/memory/conversations/any-os-path.js';
import { Redactor } from '../../src/server/memory/redaction.js';
import { redactSecrets } from '../../src/server/secrets/redact.js';
import { mulberry32 } from '../support/prng.js';
import { SECRETS } from '../support/transcript-shapes.js';

describe('paths of any OS', () => {
  it('reads Windows, UNC and POSIX paths as what they are', () => {
    assert.equal(normalizeAnyOs('c:\\Users\\ann\\dev\\shop\\'), 'C:/Users/ann/dev/shop');
    assert.equal(normalizeAnyOs('C:/Users/ann/dev/shop/../lib'), 'C:/Users/ann/dev/lib');
    assert.equal(normalizeAnyOs('\\\\fileserver\\specs\\a.md'), '//fileserver/specs/a.md');
    assert.equal(normalizeAnyOs('/home/ann/shop/./src/'), '/home/ann/shop/src');
    assert.equal(resolveAnyOs('c:\\Users\\ann\\dev\\shop\\web', '..\\api\\x.ts'), 'C:/Users/ann/dev/shop/api/x.ts');
    assert.equal(resolveAnyOs('c:\\Users\\ann\\dev\\shop', 'src/x.ts'), 'C:/Users/ann/dev/shop/src/x.ts');
    assert.equal(resolveAnyOs('/repo/crates/core', 'docs/STANDARDS.md'), '/repo/crates/core/docs/STANDARDS.md');
    assert.equal(resolveAnyOs('/repo', 'C:\\x\\y.ts'), 'C:/x/y.ts');
    assert.equal(resolveAnyOs(null, './src/x.ts'), 'src/x.ts');
    assert.equal(resolveAnyOs('~/Projects/alpha', 'src/x.ts'), '~/Projects/alpha/src/x.ts');
    assert.equal(relativeInside(normalizeAnyOs('~/Projects/alpha/'), '~/Projects/alpha/src/x.ts'), 'src/x.ts');
  });

  it('tells inside from outside, without regard to case on Windows', () => {
    assert.equal(relativeInside('C:/Users/ann/dev/shop', 'c:/users/ANN/dev/shop/src/x.ts'.replace(/^c/, 'C')), 'src/x.ts');
    assert.equal(relativeInside('C:/Users/ann/dev/shop', 'C:/Users/ann/dev/shopping/x.ts'), null);
    assert.equal(relativeInside('/repo', '/repo/src/x.ts'), 'src/x.ts');
    assert.equal(relativeInside('/repo', '/Repo/src/x.ts'), null);
    assert.equal(relativeInside('/repo', 'C:/repo/x.ts'), null);
  });

  it('knows home folders of every OS', () => {
    for (const home of ['/Users/ann', '/home/bob/', 'C:\\Users\\ann', 'c:/Users/ann', '/root', '~', '~/']) assert.ok(isHomeFolder(home), home);
    for (const dir of ['/Users/ann/dev/shop', '/home/bob/work', 'C:\\Users\\ann\\Documents', '/srv/app']) assert.ok(!isHomeFolder(dir), dir);
  });
});

describe('redacting many texts at once', () => {
  const secretTexts = [
    `curl "https://rpc.example.dev/?api-key=${SECRETS.rpcKey}"`,
    `Authorization: Bearer ${SECRETS.bearer}`,
    `postgres://app:${SECRETS.dbPassword}@db:5432/x`,
    `token ${SECRETS.githubToken} and ${SECRETS.awsKeyId}`,
    `SERVICE_ROLE=${SECRETS.jwt}`,
    `-----BEGIN RSA PRIVATE KEY-----\n${SECRETS.privateKeyBody}`,
    'password:',
    'Bearer',
    `${SECRETS.rpcKey}`,
  ];
  const prose = ['User: fix the cart total', 'Result: 12 passed', '[Bash: npm test]', 'Assistant: the password field is validated on blur', 'api_key=', ''];

  it('finds exactly what one scan per text finds, however the texts are batched', async () => {
    const r = mulberry32(5);
    const texts = Array.from({ length: 3_000 }, () => {
      const pool = r() < 0.2 ? secretTexts : prose;
      return pool[Math.floor(r() * pool.length)]! + (r() < 0.1 ? ` ${'word '.repeat(Math.floor(r() * 400))}` : '');
    });
    const many = await new Redactor(true).redactMany(texts);
    for (let i = 0; i < texts.length; i++) {
      const one = await redactSecrets(texts[i]!);
      assert.equal(many.texts[i], one.text, texts[i]);
      assert.deepEqual(many.each[i], one.redactions);
    }
    assert.ok(many.texts.some((t) => t.includes('[redacted: private key]')));
  });

  it('handles text with NUL characters alone, and does nothing when turned off', async () => {
    const texts = [`a\u0000b ${SECRETS.githubToken}`, 'plain'];
    const on = await new Redactor(true).redactMany(texts);
    assert.equal(on.texts[0], 'a\u0000b [redacted: token]');
    const off = await new Redactor(false).redactMany(texts);
    assert.deepEqual(off, { texts, each: [[], []] });
    assert.deepEqual(await new Redactor(false).redact(`k ${SECRETS.githubToken}`), { text: `k ${SECRETS.githubToken}`, redactions: [] });
  });
});

describe('the redaction option', () => {
  it('is on by default; --no-redact or SESSION_MGMT_REDACT=0 turns it off', async () => {
    const { parseConfig } = await import('../../src/server/config.js');
    const cfg = (argv: string[], env: Record<string, string> = {}) => {
      const c = parseConfig(argv, env, process.cwd(), __dirname);
      if (c === 'help') throw new Error('help');
      return c.redact;
    };
    assert.equal(cfg([]), true);
    assert.equal(cfg(['--no-redact']), false);
    assert.equal(cfg([], { SESSION_MGMT_REDACT: '0' }), false);
    assert.equal(cfg([], { SESSION_MGMT_REDACT: '1' }), true);
  });
});
