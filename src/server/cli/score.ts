// `session-mgmt score`: the project quality score from the same engine the session tools use, as a
// CI gate: exit 1 below --min, in the format a CI system reads.
import fs from 'node:fs';
import path from 'node:path';
import { computeQuality } from '../session/quality/compute.js';
import { CliError, EXIT, parseCommand, say, stringOpt } from './common.js';
import {
  formatGithubAnnotations,
  formatJson,
  formatJunit,
  formatMarkdown,
  formatText,
  gateLine,
  SCORE_FORMATS,
  topRecommendations,
  type Gate,
  type ScoreFormat,
} from './score-formats.js';

const HELP = `Usage: session-mgmt score [DIR] [--min N] [--format text|json|markdown|github|junit] [-o FILE]

Computes the project quality score (0-100) of DIR (default: the git root around the current
folder), the same score a session's start and checkpoints show. With --min it is a CI gate.

Options:
  --min <n>               exit 1 when the score is below n (0-100); the message says by how much
                          and gives the top recommendations
  --format <format>       text (default), json, markdown, github or junit
                            github: a Markdown job summary appended to $GITHUB_STEP_SUMMARY and
                                    ::warning annotations (file and line) for findings on stdout
                            junit:  JUnit XML for Jenkins (junit step) and GitLab (reports: junit)
  -o, --output <file>     write the report to a file instead of stdout
  -h, --help              show this help

Exit codes: 0 scored (at or above --min), 1 below --min, 2 bad options or DIR, 3 error.
`;

function parseMin(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new CliError(`--min must be a number from 0 to 100, got "${value}"`, EXIT.usage);
  return n;
}

export async function runScore(argv: string[]): Promise<number> {
  const { values, positionals, cfg, help } = parseCommand(
    argv,
    { min: { type: 'string' }, format: { type: 'string' }, output: { type: 'string', short: 'o' } },
    { positionals: 1 },
  );
  if (help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const format = (stringOpt(values, 'format') ?? 'text') as ScoreFormat;
  if (!SCORE_FORMATS.includes(format)) throw new CliError(`--format must be one of ${SCORE_FORMATS.join(', ')}, got "${format}"`, EXIT.usage);
  const min = parseMin(stringOpt(values, 'min'));
  const dir = path.resolve(positionals[0] ?? cfg.projectRoot);
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`not a directory: ${dir}`, EXIT.usage);

  const report = await computeQuality(dir);
  const below = min === null ? 0 : Math.max(0, Math.round((min - report.score) * 100) / 100);
  const gate: Gate = { min, passed: below === 0, below_by: below };

  let out: string;
  switch (format) {
    case 'json':
      out = formatJson(report, gate);
      break;
    case 'markdown':
      out = formatMarkdown(report, gate);
      break;
    case 'junit':
      out = formatJunit(report, gate);
      break;
    case 'github': {
      const summary = process.env.GITHUB_STEP_SUMMARY;
      if (summary) fs.appendFileSync(summary, formatMarkdown(report, gate));
      else say('GITHUB_STEP_SUMMARY is not set: no job summary written (outside GitHub Actions?)');
      out = formatGithubAnnotations(report, gate);
      break;
    }
    default:
      out = formatText(report, gate, dir);
  }
  const file = stringOpt(values, 'output');
  if (file) fs.writeFileSync(file, out);
  else process.stdout.write(out);

  if (!gate.passed) {
    // Said on stderr in every format, so a CI log shows why the step failed.
    say(gateLine(report, gate));
    for (const r of topRecommendations(report, 3)) say(`  - ${r}`);
    return EXIT.failed;
  }
  return EXIT.ok;
}
