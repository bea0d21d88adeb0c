// Type-checker and linter configuration per ecosystem, read from real files in temp folders.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Ecosystem } from '../../src/server/session/quality/ecosystems.js';
import { ciFacts } from '../../src/server/session/quality/ci.js';
import { computeQuality } from '../../src/server/session/quality/compute.js';
import { detectLinters } from '../../src/server/session/quality/linters.js';
import { typeCheckFor } from '../../src/server/session/quality/type-config.js';
import { rootEntries } from '../../src/server/session/quality/files.js';
import { RootTexts } from '../../src/server/session/quality/root-texts.js';
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
  const root = await rootEntries(d.dir);
  return detectLinters(d.dir, root, Object.keys(files), new RootTexts(d.dir, root));
}

describe('TypeScript type checking', () => {
  it('strict, not strict, none', async () => {
    assert.deepEqual(await types('node', { 'tsconfig.json': '{ "compilerOptions": { "strict": true, }, }' }), [100, 'measured', 'tsconfig.json: "strict": true']);
    assert.deepEqual(await types('node', { 'tsconfig.json': '{ "compilerOptions": { "noImplicitAny": true } }' }), [70, 'measured', 'tsconfig.json without "strict": true']);
    assert.deepEqual(await types('node', { 'package.json': '{}' }), [30, 'measured', 'no tsconfig.json: JavaScript without type checking']);
  });
  it('follows extends; the nearer config wins', async () => {
    assert.equal((await types('node', { 'tsconfig.json': '{ "extends": "./base" }', 'base.json': '{ "compilerOptions": { "strict": true } }' }))[0], 100);
    assert.equal((await types('node', { 'tsconfig.json': '{ "extends": "./base.json", "compilerOptions": { "strict": false } }', 'base.json': '{ "compilerOptions": { "strict": true } }' }))[0], 70);
    assert.equal((await types('node', { 'tsconfig.json': '{ "extends": ["./a.json", "@tsconfig/strictest"] }', 'a.json': '{}', 'node_modules/@tsconfig/strictest/tsconfig.json': '{ "compilerOptions": { "strict": true } }' }))[0], 100);
    assert.equal((await types('node', { 'tsconfig.json': '{ "extends": "@sindresorhus/tsconfig" }', 'node_modules/@sindresorhus/tsconfig/tsconfig.json': '{ "compilerOptions": { "strict": true } }' }))[0], 100);
  });
  it('is unknown when a base config that may set strict cannot be read', async () => {
    assert.deepEqual(await types('node', { 'tsconfig.json': '{ "extends": "@sindresorhus/tsconfig", "compilerOptions": { "outDir": "dist" } }' }), [
      70,
      'unknown',
      'tsconfig.json extends @sindresorhus/tsconfig, which cannot be read (not installed?)',
    ]);
    // A nearer config that says strict decides even when the base is missing.
    assert.deepEqual((await types('node', { 'tsconfig.json': '{ "extends": "@x/missing", "compilerOptions": { "strict": true } }' })).slice(0, 2), [100, 'measured']);
  });
});

describe('Python type checking', () => {
  it('mypy and pyright, strict or not', async () => {
    assert.deepEqual(await types('python', { 'mypy.ini': '[mypy]\nstrict = True\n' }), [100, 'measured', 'mypy (mypy.ini) in strict mode']);
    assert.deepEqual(await types('python', { 'setup.cfg': '[metadata]\nname = x\n\n[mypy]\nwarn_unused_ignores = True\n' }), [70, 'measured', 'mypy (setup.cfg) configured without strict mode']);
    assert.deepEqual(await types('python', { 'pyproject.toml': '[tool.pyright]\ntypeCheckingMode = "strict"\n' }), [100, 'measured', 'pyright (pyproject.toml) in strict mode']);
    assert.deepEqual(await types('python', { 'pyrightconfig.json': '{ // c\n "typeCheckingMode": "basic", }' }), [70, 'measured', 'pyright (pyrightconfig.json) configured without strict mode']);
    assert.deepEqual(await types('python', { 'pyrightconfig.json': '{ "typeCheckingMode": "strict" }' }), [100, 'measured', 'pyright (pyrightconfig.json) in strict mode']);
    assert.deepEqual(await types('python', { 'requirements.txt': 'requests\n' }), [30, 'measured', 'no mypy or pyright configuration']);
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
    assert.deepEqual(await linters({ 'package.json': '{\n  "name": "x",\n  "xo": { "space": true },\n  "prettier": "@company/prettier"\n}' }), ['xo', 'Prettier']);
    assert.deepEqual(await linters({ 'tox.ini': '[tox]\nenvlist = py312\n\n[flake8]\nmax-line-length = 100\n\n[mypy]\nstrict = true\n' }), ['Flake8', 'mypy']);
    assert.deepEqual(await linters({ 'pom.xml': '<project><build><plugins><plugin><artifactId>spotless-maven-plugin</artifactId></plugin><path><groupId>com.google.errorprone</groupId><artifactId>error_prone_core</artifactId></path></plugins></build></project>' }), ['Spotless', 'Error Prone']);
    assert.deepEqual(await linters({ 'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n\n[workspace.lints.clippy]\nall = "warn"\n' }), ['Clippy']);
    assert.deepEqual(await linters({ 'package.json': '{}' }), []);
  });
});

describe('CI by what it runs', () => {
  async function ci(files: Record<string, string>): Promise<[string[], string[], string[]]> {
    const d = await makeTempDir('quality-ci-');
    dirs.push(d);
    await writeFiles(d, files);
    const root = await rootEntries(d.dir);
    const r = await ciFacts(d.dir, Object.keys(files), new RootTexts(d.dir, root));
    return [r.triggered, r.tests, r.lint];
  }
  it('reads GitLab CI, Jenkins, CircleCI and Azure Pipelines', async () => {
    assert.deepEqual(await ci({ '.gitlab-ci.yml': 'stages: [test]\ntest:\n  script:\n    - pytest -q\nlint:\n  script:\n    - ruff check .\n' }), [['.gitlab-ci.yml'], ['.gitlab-ci.yml'], ['.gitlab-ci.yml']]);
    assert.deepEqual(await ci({ Jenkinsfile: "pipeline {\n  stages {\n    stage('Build') { steps { sh './mvnw -B verify' } }\n  }\n}\n" }), [['Jenkinsfile'], ['Jenkinsfile'], []]);
    assert.deepEqual(await ci({ '.circleci/config.yml': 'jobs:\n  build:\n    steps:\n      - run: go test ./...\n      - run: golangci-lint run\n' }), [['.circleci/config.yml'], ['.circleci/config.yml'], ['.circleci/config.yml']]);
    assert.deepEqual(await ci({ 'azure-pipelines.yml': 'trigger:\n  - main\nsteps:\n  - script: cargo test --all\n' }), [['azure-pipelines.yml'], ['azure-pipelines.yml'], []]);
  });
  it('does not count workflows that never run on push or pull request, or that run nothing', async () => {
    assert.deepEqual(await ci({ '.github/workflows/release.yml': 'on:\n  release:\n    types: [published]\njobs:\n  p:\n    steps:\n      - run: npm test\n' }), [[], [], []]);
    assert.deepEqual(await ci({ '.github/workflows/greet.yml': 'on: [pull_request]\njobs:\n  g:\n    steps:\n      - uses: actions/first-interaction@v1\n' }), [['.github/workflows/greet.yml'], [], []]);
  });
  it('follows npm scripts and Maven builds that lint', async () => {
    const pkg = JSON.stringify({ scripts: { test: 'xo && ava', build: 'tsc' } });
    assert.deepEqual(await ci({ 'package.json': pkg, '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    steps:\n      - run: npm test\n' }), [['.github/workflows/ci.yml'], ['.github/workflows/ci.yml'], ['.github/workflows/ci.yml']]);
    assert.deepEqual(await ci({ 'pom.xml': '<project><build><plugins><plugin><artifactId>maven-checkstyle-plugin</artifactId></plugin></plugins></build></project>', '.github/workflows/ci.yml': 'on: [push]\njobs:\n  b:\n    steps:\n      - run: mvn -B package\n' }), [['.github/workflows/ci.yml'], ['.github/workflows/ci.yml'], ['.github/workflows/ci.yml']]);
  });
});

describe('file-size advice', () => {
  it('names the largest source file before any test file', async () => {
    const d = await makeTempDir('quality-size-');
    dirs.push(d);
    const lines = (n: number): string => Array.from({ length: n }, (_, i) => `// ${i}`).join('\n') + '\n';
    await writeFiles(d, { 'package.json': '{}', 'src/big.ts': lines(600), 'src/small.ts': lines(10), 'test/huge.test.ts': lines(900) });
    const r = await computeQuality(d.dir);
    const rec = r.recommendations.find((x) => x.metric === 'complexity');
    assert.equal(rec?.text, 'Split the 2 source files longer than 500 lines, starting with src/big.ts (600 lines)');
  });
});
