// The packaged VSIX for this machine's platform, as built by npm run package.
import fs from 'node:fs';
import path from 'node:path';
import { hostTarget } from './targets.js';

const ROOT = path.resolve(__dirname, '..', '..');

/** SESSION_MGMT_VSIX names a specific VSIX; otherwise the newest one for this platform in the repository root. */
export function findVsix(): string {
  const given = process.env.SESSION_MGMT_VSIX;
  if (given) return path.resolve(given);
  const name = fs
    .readdirSync(ROOT)
    .filter((f) => f.endsWith(`-${hostTarget()}.vsix`))
    .sort()
    .pop();
  if (!name) throw new Error(`no ${hostTarget()} VSIX in ${ROOT}: run "npm run package" first`);
  return path.join(ROOT, name);
}
