// The HTTP bearer token: created once per data dir, readable by its owner only.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function tokenFile(dataDir: string): string {
  return path.join(dataDir, 'http-token');
}

export function httpToken(dataDir: string): string {
  const file = tokenFile(dataDir);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing) return existing;
  } catch {
    // created below
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'w' });
  return token;
}
