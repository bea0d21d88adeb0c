// Proves a VSIX works on its own: unpacks it, loads every native module it ships in a fresh Node
// process, then runs its bundled server over stdio with a real MCP client (keyword mode and with an
// embedding model, which loads onnxruntime in the worker thread).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

function nativeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.node')) out.push(path.join(e.parentPath, e.name));
  }
  return out.sort();
}

async function smoke(extDir: string, dataDir: string, modelPath: string | null): Promise<string> {
  fs.mkdirSync(dataDir, { recursive: true });
  const args = [path.join(extDir, 'dist/server.js'), '--data-dir', dataDir, '--project', 'vsix-check', '--no-download'];
  if (modelPath) args.push('--model-path', modelPath);
  const client = new Client({ name: 'vsix-check', version: '0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args, cwd: dataDir, env: { PATH: process.env.PATH ?? '', HOME: dataDir }, stderr: 'ignore' }));
  try {
    const { tools } = await client.listTools();
    if (modelPath) {
      for (let i = 0; i < 100; i++) {
        const s = (await client.callTool({ name: 'reflection_stats', arguments: {} })).structuredContent as { model: { state: string; detail: string } };
        if (s.model.state === 'ready') break;
        if (s.model.state === 'none') throw new Error(`the model did not load from the VSIX: ${s.model.detail}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await client.callTool({ name: 'store_reflection', arguments: { content: 'packaged servers can store and search' } });
    const res = (await client.callTool({ name: 'reflect_on_past', arguments: { query: 'packaged servers search' } })).structuredContent as { mode: string; results: unknown[] };
    if (res.results.length !== 1) throw new Error(`search from the VSIX found ${res.results.length} results`);
    return `${tools.length} tools, ${res.mode} search works`;
  } finally {
    await client.close();
  }
}

export async function checkVsix(vsix: string, modelPath: string | null): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-check-'));
  try {
    const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', vsix, tmp], { encoding: 'utf8' });
    if (unzip.status !== 0) throw new Error(`could not unpack ${vsix}: ${unzip.stderr}`);
    const ext = path.join(tmp, 'extension');
    const natives = nativeFiles(ext);
    if (natives.length === 0) throw new Error('the VSIX ships no native modules');
    for (const file of natives) {
      const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(file)})`], { encoding: 'utf8', cwd: tmp });
      if (r.status !== 0) throw new Error(`${path.relative(ext, file)} does not load:\n${r.stderr}`);
      console.log(`  loads: ${path.relative(ext, file)}`);
    }
    const data = path.join(tmp, 'data');
    fs.mkdirSync(data);
    console.log(`  server from the VSIX, no model: ${await smoke(ext, path.join(data, 'a'), null)}`);
    if (modelPath) console.log(`  server from the VSIX, with a model: ${await smoke(ext, path.join(data, 'b'), modelPath)}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
