// Which files the secret scan reads, and how a finding is judged: a credential in the project's own code or
// config (high severity) or an example in a test fixture or documentation (low severity, costs less).
import type { SecretFindingReport } from '../../../protocol/quality-schemas.js';

export type SecretContext = SecretFindingReport['context'];

/** A detector finding as the scan keeps it (no secret value, only a masked preview). */
export interface RawSecret {
  file: string;
  line: number;
  column: number;
  rule: string;
  kind: string;
  confidence: 'high' | 'medium';
  preview: string;
  context: SecretContext;
}

/** Extensions that are never text worth scanning. */
const BINARY = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'ico', 'icns', 'bmp', 'tif', 'tiff', 'psd', 'svgz', 'pdf', 'zip', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar', 'jar', 'war',
  'class', 'so', 'dylib', 'dll', 'exe', 'bin', 'o', 'a', 'lib', 'wasm', 'woff', 'woff2', 'ttf', 'otf', 'eot', 'mp3', 'mp4', 'mov', 'avi', 'webm', 'ogg',
  'wav', 'flac', 'onnx', 'pt', 'safetensors', 'parquet', 'lance', 'sqlite', 'db', 'pyc', 'lockb', 'snap', 'map',
]);
/** Lockfiles hold integrity hashes, not credentials, and are often the largest text files of a project. */
const LOCKFILE = /^(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lock|Cargo\.lock|go\.sum|poetry\.lock|uv\.lock|Pipfile\.lock|pdm\.lock|gradle\.lockfile|composer\.lock|Gemfile\.lock)$/;

export function isScannable(rel: string): boolean {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  if (LOCKFILE.test(base) || /\.min\.[mc]?js$/.test(base)) return false;
  const dot = base.lastIndexOf('.');
  return dot <= 0 || !BINARY.has(base.slice(dot + 1).toLowerCase());
}

/** `.env` and `.env.*`, except the templates meant to be committed (`.env.example`, `.sample`, `.template`, `.dist`). */
export function isEnvFile(rel: string): boolean {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  return /^\.env(?:\.[^/]+)?$/.test(base) && !/\.(?:example|sample|template|dist|defaults?|schema)$/i.test(base);
}

/** Folders whose files are tests, fixtures, examples or documentation. */
const EXAMPLE_DIRS = new Set([
  'test', 'tests', '__tests__', 'spec', 'specs', 'fixtures', 'fixture', '__fixtures__', 'testdata', 'test-data', 'test_data', 'mocks', '__mocks__',
  'example', 'examples', 'sample', 'samples', 'demo', 'demos', 'e2e',
]);
const DOC_DIRS = new Set(['docs', 'doc', 'documentation', 'site', 'website']);
const TEST_NAME = /\.(?:test|spec)\.[^.]+$|^test_.*\.py$|_test\.(?:py|go)$|(?:Test|Tests|Spec)\.(?:java|kt)$/;
const DOC_FILE = /\.(?:md|mdx|markdown|rst|adoc|txt)$/i;

/** Where a finding sits: a committed .env file, a fixture or test, a documentation example, or the project's own source. */
export function contextOf(rel: string, text: string, offset: number): SecretContext {
  const segments = rel.split('/');
  const base = segments.pop() as string;
  if (segments.some((s) => EXAMPLE_DIRS.has(s.toLowerCase())) || TEST_NAME.test(base)) return 'fixture';
  if (DOC_FILE.test(base) || segments.some((s) => DOC_DIRS.has(s.toLowerCase()))) return 'doc-example';
  if (isEnvFile(rel)) return 'env-file';
  if (inJsDocExample(text, offset)) return 'doc-example';
  return 'source';
}

/** True when the offset lies inside a /** ... *\/ comment, after an @example tag. */
function inJsDocExample(text: string, offset: number): boolean {
  const open = text.lastIndexOf('/**', offset);
  if (open < 0) return false;
  const close = text.indexOf('*/', open + 3);
  if (close !== -1 && close < offset) return false;
  return text.slice(open, offset).includes('@example');
}

export function severityOf(context: SecretContext): SecretFindingReport['severity'] {
  return context === 'fixture' || context === 'doc-example' ? 'low' : 'high';
}
