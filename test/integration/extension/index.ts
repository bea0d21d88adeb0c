// extensionTestsPath of the extension's integration suites (bundled to CommonJS by the launcher).
import { runMochaSuites } from '../suite-runner.js';

export function run(): Promise<void> {
  return runMochaSuites(__dirname);
}
