// The native packages a target's VSIX ships. npm installs only this machine's LanceDB binary, so a
// foreign platform's package is fetched from the npm registry (npm pack, which checks the tarball
// against the registry's integrity) at exactly the version @lancedb/lancedb pins, and kept in
// .cache/package/natives. A different version is never used: its binary would not match the
// JavaScript half of LanceDB that the server bundle carries.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

interface Manifest {
  version: string;
  optionalDependencies?: Record<string, string>;
}

const readManifest = (dir: string): Manifest => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;

/** The exact version of a LanceDB platform package that the installed @lancedb/lancedb expects. */
export function pinnedVersion(root: string, name: string): string {
  const lancedb = readManifest(path.join(root, 'node_modules', '@lancedb', 'lancedb'));
  const version = lancedb.optionalDependencies?.[name];
  if (!version || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) throw new Error(`@lancedb/lancedb ${lancedb.version} pins no exact version of ${name}`);
  return version;
}

function npm(args: string[], cwd: string): string {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_config_loglevel: 'error' } });
  if (r.error) throw new Error(`npm ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`);
  return r.stdout;
}

/** Says which versions the registry has, for an error that helps. */
function availableVersions(name: string, cwd: string): string {
  try {
    const all = JSON.parse(npm(['view', name, 'versions', '--json'], cwd)) as string[] | string;
    const list = Array.isArray(all) ? all : [all];
    return `the registry has ${list.length} version(s), newest ${list[list.length - 1] ?? 'none'}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** The folder of a native package for the target: node_modules when installed, else fetched. */
export function nativePackageDir(root: string, name: string, log: (line: string) => void = () => undefined): string {
  const version = pinnedVersion(root, name);
  const installed = path.join(root, 'node_modules', name);
  if (fs.existsSync(path.join(installed, 'package.json')) && readManifest(installed).version === version) return installed;

  const cacheDir = path.join(root, '.cache', 'package', 'natives', `${name.replace('/', '+')}@${version}`);
  const unpacked = path.join(cacheDir, 'package');
  if (fs.existsSync(path.join(unpacked, 'package.json')) && readManifest(unpacked).version === version) return unpacked;

  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.mkdirSync(cacheDir, { recursive: true });
  log(`fetching ${name}@${version} from the npm registry`);
  let packed: { filename: string; integrity: string; size: number }[];
  try {
    packed = JSON.parse(npm(['pack', `${name}@${version}`, '--json', '--pack-destination', cacheDir], cacheDir)) as typeof packed;
  } catch (err) {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    throw new Error(`${name}@${version} (the version @lancedb/lancedb pins) cannot be fetched: ${availableVersions(name, root)}. ${err instanceof Error ? err.message : String(err)}`);
  }
  const tarball = path.join(cacheDir, path.basename(packed[0]?.filename ?? ''));
  if (!packed[0] || !fs.existsSync(tarball)) throw new Error(`npm pack ${name}@${version} wrote no tarball`);
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', cacheDir], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`could not unpack ${tarball}: ${untar.stderr}`);
  fs.rmSync(tarball);
  if (readManifest(unpacked).version !== version) throw new Error(`${tarball} holds another version than ${version}`);
  log(`fetched ${name}@${version} (${(packed[0].size / 1_048_576).toFixed(1)} MB packed, ${packed[0].integrity.slice(0, 20)}…)`);
  return unpacked;
}
