// The small TypeScript project that UI and integration tests open as their workspace.
export const FIXTURE_APP: Record<string, string> = {
  'package.json': '{\n  "name": "fixture-app",\n  "version": "1.0.0",\n  "scripts": { "test": "node --test" }\n}\n',
  'package-lock.json': '{\n  "name": "fixture-app",\n  "lockfileVersion": 3,\n  "packages": {}\n}\n',
  'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
  'src/index.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
  'test/index.test.ts': "import { add } from '../src/index';\n",
  'README.md': '# Fixture app\n',
  '.gitignore': 'node_modules\n.env\n',
};
