// The detector over many files at once, for the quality score's scan: secretlint runs once over the files
// joined together (one call per file costs more than the matching itself), the generic rules run per file
// (their hints skip most files), and each file gets exactly the findings detectSecrets would give it.
import { combine, secretlintMatches, type SecretFinding } from './detect.js';
import { genericMatches, type RawMatch } from './generic-rules.js';

/** Between two files: a NUL line, which no rule matches across. */
const JOIN = '\n\0\n';

export async function detectSecretsInFiles(files: ReadonlyArray<{ text: string; path: string }>): Promise<SecretFinding[][]> {
  const starts: number[] = [];
  let offset = 0;
  for (const f of files) {
    starts.push(offset);
    offset += f.text.length + JOIN.length;
  }
  const vendor = await secretlintMatches(files.map((f) => f.text).join(JOIN), 'files.txt');
  const perFile: RawMatch[][] = files.map(() => []);
  let i = 0;
  for (const v of [...vendor].sort((a, b) => a.start - b.start)) {
    while (i + 1 < starts.length && (starts[i + 1] as number) <= v.start) i++;
    const base = starts[i] as number;
    const text = (files[i] as { text: string }).text;
    if (v.start - base >= text.length) continue; // inside a separator
    perFile[i]?.push({ ...v, start: v.start - base, end: Math.min(v.end - base, text.length) });
  }
  return files.map((f, k) => (f.text.length === 0 ? [] : combine(f.text, perFile[k] ?? [], genericMatches(f.text))));
}
