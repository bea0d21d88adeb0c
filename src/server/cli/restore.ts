// `session-mgmt restore DIR`: puts a backup in place as the data dir's database. It never overwrites
// a data dir that holds anything unless told to, and then keeps the old database aside.
import fs from 'node:fs';
import path from 'node:path';
import { databaseDir } from '../storage/tables.js';
import { readManifest, verifyDataDir } from './backup-manifest.js';
import { CliError, COMMON_HELP, EXIT, parseCommand, say } from './common.js';

const HELP = `Usage: session-mgmt restore DIR [--force]

Restores a backup written by \`session-mgmt backup\` into the data dir, then opens and checks it.
Stop the servers using the data dir first.

Options:
  --force                 restore into a data dir that is not empty; its database and handoffs
                          are moved aside to <data-dir>/before-restore-<date>, not deleted
${COMMON_HELP}

Exit codes: 0 restored and checked, 1 the check failed, 2 bad options, not a backup, or a
non-empty data dir without --force, 3 error.
`;

export async function runRestore(argv: string[]): Promise<number> {
  const { values, positionals, cfg, help } = parseCommand(argv, { force: { type: 'boolean' } }, { positionals: 1 });
  if (help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const from = positionals[0];
  if (!from) throw new CliError('which backup? session-mgmt restore DIR', EXIT.usage);
  const manifest = readManifest(from);
  if (!manifest || !fs.existsSync(databaseDir(from))) throw new CliError(`${from} is not a backup (no backup.json and lancedb folder)`, EXIT.usage);
  const problems = await verifyDataDir(from, manifest);
  if (problems.length > 0) throw new CliError(`the backup does not check out: ${problems.join('; ')}`, EXIT.failed);

  const dataDir = cfg.dataDir;
  const entries = fs.existsSync(dataDir) ? fs.readdirSync(dataDir) : [];
  const moved: string[] = [];
  if (entries.length > 0) {
    if (values.force !== true) {
      throw new CliError(`${dataDir} is not empty (${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', ...' : ''}); restore with --force to move its database aside`, EXIT.usage);
    }
    const aside = path.join(dataDir, `before-restore-${new Date().toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}`);
    for (const name of ['lancedb', ...manifest.folders]) {
      const p = path.join(dataDir, name);
      if (!fs.existsSync(p)) continue;
      fs.mkdirSync(aside, { recursive: true });
      fs.renameSync(p, path.join(aside, name));
      moved.push(name);
    }
    if (moved.length) say(`moved the old ${moved.join(' and ')} to ${aside}`);
  }
  // Copied beside the target first and renamed, so a failed copy never leaves half a database.
  fs.mkdirSync(dataDir, { recursive: true });
  const staging = path.join(dataDir, `.restoring-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.cpSync(databaseDir(from), staging, { recursive: true });
  fs.renameSync(staging, databaseDir(dataDir));
  for (const folder of manifest.folders) fs.cpSync(path.join(from, folder), path.join(dataDir, folder), { recursive: true });

  const after = await verifyDataDir(dataDir, manifest);
  if (after.length > 0) {
    for (const p of after) say(`check failed: ${p}`);
    return EXIT.failed;
  }
  const rows = Object.entries(manifest.tables).map(([name, t]) => `${name} ${t.rows}`).join(', ');
  process.stdout.write(`restored the backup of ${manifest.created_at} into ${dataDir} and checked it: ${rows} rows\n`);
  return EXIT.ok;
}
