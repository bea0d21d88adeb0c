// Runs every test/e2e/*.e2e.ts (each drives its own code-server and chromium) one after another
// and ends with the summed "N passed, N failed".
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function run(file: string): Promise<{ passed: number; failed: number }> {
  return new Promise((resolve) => {
    console.log(`\n--- ${path.basename(file)}`);
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (d: Buffer) => {
      process.stdout.write(d);
      tail = (tail + d.toString()).slice(-1_000);
    });
    child.on('exit', (code) => {
      const m = /(\d+) passed, (\d+) failed\s*$/.exec(tail.trim());
      const passed = Number(m?.[1] ?? 0);
      const failed = Number(m?.[2] ?? 0) || (code === 0 ? 0 : 1);
      resolve({ passed, failed });
    });
  });
}

async function main(): Promise<number> {
  const dir = path.join(ROOT, 'test', 'e2e');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.ts')).sort();
  let passed = 0;
  let failed = 0;
  for (const f of files) {
    const r = await run(path.join(dir, f));
    passed += r.passed;
    failed += r.failed;
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
