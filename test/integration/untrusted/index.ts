// extensionTestsPath of the untrusted-workspace suite.
import { runMochaSuites } from '../suite-runner.js';

export function run(): Promise<void> {
  return runMochaSuites(__dirname);
}
