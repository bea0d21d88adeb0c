// The packaged VSIX for this machine's platform, as built by npm run package.
import fs from 'node:fs';
import path from 'node:path';
import { hostTarget } from './targets.js';

const ROOT = path.resolve(__dirname, '..', '..');

export function findVsix(): string {
  const name = fs
    .readdirSync(ROOT)
    .filter((f) => f.endsWith(`-${hostTarget()}.vsix`))
    .sort()
    .pop();
  if (!name) throw new Error(`no ${hostTarget()} VSIX in ${ROOT}: run "npm run package" first`);
  return path.join(ROOT, name);
}
