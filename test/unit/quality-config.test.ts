// Type-checker and linter configuration per ecosystem, read from real files in temp folders.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Ecosystem } from '../../src/server/session/quality/ecosystems.js';
import { detectLinters } from '../../src/server/session/quality/linters.js';
import { typeCheckFor } from '../../src/server/session/quality/type-config.js';
import { rootEntries } from '../../src/server/session/quality/files.js';
import type { FixtureRepo } from '../support/git-fixture.js';
import { makeTempDir, writeFiles } from '../support/git-fixture.js';

const dirs: FixtureRepo[] = [];
after(async () => {
  for (const d of dirs) await d.cleanup();
});

async function types(eco: Ecosystem, files: Record<string, string>): Promise<[number, string, string]> {
  const d = await makeTempDir('quality-types-');
  dirs.push(d);
  await writeFiles(d, files);
  const t = await typeCheckFor(d.dir, eco, await rootEntries(d.dir));
  return [t.percent, t.source, t.detail];
}

async function linters(files: Record<string, string>): Promise<string[]> {
  const d = await makeTempDir('quality-lint-');
  dirs.push(d);
  await writeFiles(d, files);
  return detectLinters(d.dir, await rootEntries(d.dir), Object.keys(files));
}

describe('TypeScript type checking', () => {
  it('strict, not strict, none', async () => {
    assert.deepEqual(await types('node', { 'tsconfig.json': '{ "compilerOptions": { "strict": true, }, }' }), [100, 'measured', 'tsconfig.json: "strict": true']);
    assert.deepEqual(await types('node', { 'tsconfig.json': '{ "compilerOptions": { "noImplicitAny": true } }' }), [70, 'fallback', 'tsconfig.json without "strict": true']);
    assert.deepEqual(await types('node', { 'package.json': '{}' }), [30, 'fallback', 'no tsconfig.json: JavaScript without type checking']);
  });
  it('follows extends; the nearer config wins', async () => {
    assert.equal((await types('node', { 'tsconfig.json': '{ "extends": "./base" }', 'base.json': '{ "compilerOptions": { "strict": true } }' }))[0], 100);
    assert.equal((await types('node', { 'tsconfig.json': '{ "extends": "./base.json", "compilerOptions": { "strict": false } }', 'base.json': '{ "compilerOptions": { "strict": true } }' }))[0], 70);
    assert.equal((await types('node', { 'tsconfig.json': '{ "extends": ["./a.json", "@tsconfig/strictest"] }', 'a.json': '{}', 'node_modules/@tsconfig/strictest/tsconfig.json': '{ "compilerOptions": { "strict": true } }' }))[0], 100);
  });
});

describe('Python type checking', () => {
  it('mypy and pyright, strict or not', async () => {
    assert.deepEqual(await types('python', { 'mypy.ini': '[mypy]\nstrict = True\n' }), [100, 'measured', 'mypy (mypy.ini) in strict mode']);
    assert.deepEqual(await types('python', { 'setup.cfg': '[metadata]\nname = x\n\n[mypy]\nwarn_unused_ignores = True\n' }), [70, 'fallback', 'mypy (setup.cfg) configured without strict mode']);
    assert.deepEqual(await types('python', { 'pyproject.toml': '[tool.pyright]\ntypeCheckingMode = "strict"\n' }), [100, 'measured', 'pyright (pyproject.toml) in strict mode']);
    assert.deepEqual(await types('python', { 'pyrightconfig.json': '{ // c\n "typeCheckingMode": "basic", }' }), [70, 'fallback', 'pyright (pyrightconfig.json) configured without strict mode']);
    assert.deepEqual(await types('python', { 'pyrightconfig.json': '{ "typeCheckingMode": "strict" }' }), [100, 'measured', 'pyright (pyrightconfig.json) in strict mode']);
    assert.deepEqual(await types('python', { 'requirements.txt': 'requests\n' }), [30, 'fallback', 'no mypy or pyright configuration']);
  });
});

describe('compiled languages', () => {
  it('are compiler-checked', async () => {
    assert.deepEqual(await types('go', {}), [100, 'measured', 'Go is compiler-checked']);
    assert.deepEqual(await types('java', {}), [100, 'measured', 'Java/Kotlin is compiler-checked']);
  });
});

describe('linters', () => {
  it('finds configurations per ecosystem', async () => {
    assert.deepEqual(await linters({ '.eslintrc.json': '{}' }), ['ESLint']);
    assert.deepEqual(await linters({ 'package.json': '{ "eslintConfig": {} }', 'biome.json': '{}' }), ['ESLint', 'Biome']);
    assert.deepEqual(await linters({ 'setup.cfg': '[flake8]\nmax-line-length = 100\n', 'pyproject.toml': '[tool.pylint.main]\njobs = 2\n' }), ['Flake8', 'Pylint']);
    assert.deepEqual(await linters({ '.golangci.yml': 'linters: {}\n' }), ['golangci-lint']);
    assert.deepEqual(await linters({ 'build.gradle.kts': 'plugins { id("io.gitlab.arturbosch.detekt") }\n' }), ['detekt/ktlint']);
    assert.deepEqual(await linters({ 'package.json': '{}' }), []);
  });
});
