// Sessions with the shapes real Claude Code transcripts have and tidy ones lack: a Windows cwd,
// relative paths from a subfolder, compaction, titles of other sessions, subagents, warm-ups,
// terminal colours, command markup, todo lists, API errors, MCP edit tools and secrets. Each is
// small enough to be one chunk, so a test can state exactly what is stored.
import path from 'node:path';
import { TranscriptWriter } from './transcripts.js';

/** Fake credentials shaped like real ones (none is valid anywhere). */
export const SECRETS = {
  rpcKey: '3f2c9a1e-5b7d-4c2a-9e8f-1a2b3c4d5e6f',
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6Im54cWt0ZWZ1Iiwicm9sZSI6InNlcnZpY2Vfcm9sZSJ9.Qm9ndXNTaWduYXR1cmVGb3JUZXN0aW5nT25seTEyMzQ1Njc4',
  dbPassword: 'Tr0ub4dor-horse-93',
  githubToken: 'ghp_R8fJk2LmN4pQ7sT1vX3zB6dF9hK0wY5cA2eG',
  bearer: 'a8F3kLq92XmZ7vBn4TcW1pRs6YdHe0Gj',
  awsKeyId: 'AKIAQ3EGRXMPL7BZ2K4T',
  privateKeyBody: 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0',
} as const;

export interface Shapes {
  windows: string;
  subfolder: string;
  compacted: string;
  compactedOld: string;
  titled: string;
  delegated: string;
  warmupOnly: string;
  warmupThenWork: string;
  noisy: string;
  secrets: string;
  home: string;
}

const at = (h: number): Date => new Date(Date.UTC(2026, 10, 2, h, 0, 0));

/** Writes every shape under `transcripts`; `lexer` is a git repository on this machine. */
export function writeShapes(transcripts: string, lexer: string): Shapes {
  const windowsCwd = 'c:\\Users\\ann\\Documents\\dev\\invoicer';
  const windows = new TranscriptWriter({ cwd: windowsCwd, sessionId: 'a1000000-0000-4000-8000-000000000001', start: at(8), seed: 101 })
    .user('The invoice PDF cuts off the last line item.')
    .toolUse('Read', { file_path: 'C:/Users/ann/Documents/dev/invoicer/src/pdf/render.ts' }, '     1→export function render(items) {')
    .toolUse('Edit', { file_path: 'c:\\Users\\ann\\Documents\\dev\\invoicer\\src\\pdf\\render.ts', old_string: 'items.length - 1', new_string: 'items.length' }, 'The file has been updated.')
    .toolUse('Read', { file_path: '\\\\fileserver\\specs\\invoices\\layout.md' }, 'Margins: 12 mm.')
    .toolUse('Read', { file_path: 'C:\\Users\\ann\\.npmrc' }, 'save-exact=true')
    .assistant('The loop stopped one item early; render.ts now draws every item.')
    .writeTo(transcripts);

  // Claude Code 1.0.x recorded file_path relative to the line's cwd; the user cd'd two levels down.
  const sub = new TranscriptWriter({ cwd: lexer, sessionId: 'a1000000-0000-4000-8000-000000000002', start: at(9), seed: 102, version: '1.0.48' })
    .user('Write the coding standards next to the core crate.')
    .cd(path.join(lexer, 'crates', 'core'))
    .toolUse('Write', { file_path: 'docs/STANDARDS.md', content: '# Standards' }, 'File created successfully at: docs/STANDARDS.md')
    .toolUse('Edit', { file_path: './src/lex.rs', old_string: 'a', new_string: 'b' }, 'ok')
    .toolUse('mcp__desktop-commander__edit_block', { file_path: path.join(lexer, 'crates', 'core', 'src', 'token.rs'), old_string: 'Tok', new_string: 'Token', expected_replacements: 1 }, 'Successfully applied 1 edit.')
    .toolUse('mcp__filesystem__read_file', { path: path.join(lexer, 'Cargo.toml') }, '[workspace]')
    .toolUse('mcp__filesystem__list_directory', { path: path.join(lexer, 'crates') }, '[DIR] core')
    .writeTo(transcripts);

  const compacted = new TranscriptWriter({ cwd: lexer, sessionId: 'a1000000-0000-4000-8000-000000000003', start: at(10), seed: 103 })
    .compactSummary('Primary request: make raw strings with a trailing backslash lex without panicking. Done: guard at end of input.')
    .user('Now add a test for it.')
    .writeTo(transcripts);
  const compactedOld = new TranscriptWriter({ cwd: lexer, sessionId: 'a1000000-0000-4000-8000-000000000004', start: at(11), seed: 104, version: '1.0.48' })
    .compactSummary('Primary request: speed up the keyword table lookup.', { flag: false })
    .writeTo(transcripts);

  const titled = new TranscriptWriter({ cwd: lexer, sessionId: 'a1000000-0000-4000-8000-000000000005', start: at(12), seed: 105 })
    .summary('Debugging Python Web Scraper with Selenium', 'f0000000-0000-4000-8000-00000000dead')
    .user('Why is the span of a raw string one byte off?')
    .assistant('The span starts after the r prefix; it should include it.')
    .writeTo(transcripts);

  const delegated = new TranscriptWriter({ cwd: lexer, sessionId: 'a1000000-0000-4000-8000-000000000006', start: at(13), seed: 106 })
    .user('Find where tokens are allocated.')
    .toolUse(
      'Task',
      { description: 'Find token allocations', prompt: 'I need you to search crates/core for every place a Token is allocated and report file and line.', subagent_type: 'Explore' },
      [{ type: 'text', text: 'Tokens are allocated in src/lex.rs:40 and src/token.rs:12.' }],
    )
    .sidechain((w) =>
      w
        .user('I need you to search crates/core for every place a Token is allocated and report file and line.')
        .toolUse('Grep', { pattern: 'Token::new', path: path.join(lexer, 'crates', 'core') }, 'src/lex.rs\nsrc/token.rs')
        .assistant('Tokens are allocated in src/lex.rs:40 and src/token.rs:12.'),
    )
    .assistant('Two places allocate tokens: lex.rs and token.rs.')
    .writeTo(transcripts);

  const warmupOnly = new TranscriptWriter({ cwd: lexer, sessionId: 'a1000000-0000-4000-8000-000000000007', start: at(14), seed: 107 }).warmup().writeTo(transcripts);
  const warmupThenWork = new TranscriptWriter({ cwd: lexer, sessionId: 'a1000000-0000-4000-8000-000000000008', start: at(15), seed: 108 })
    .warmup()
    .user('Rename Tok to Token everywhere.')
    .writeTo(transcripts);

  const noisy = new TranscriptWriter({ cwd: lexer, sessionId: 'a1000000-0000-4000-8000-000000000009', start: at(16), seed: 109 })
    .command('/model', '', 'Set model to \u001b[1mopus\u001b[22m')
    .user('<bash-input>git status --short</bash-input>')
    .user('<bash-stdout> M crates/core/src/lex.rs</bash-stdout><bash-stderr></bash-stderr>')
    .user('Run the tests.\n\n<system-reminder>\nThe TodoWrite tool hasn\'t been used recently.\n</system-reminder>')
    .toolUse(
      'TodoWrite',
      {
        todos: [
          { content: 'Fix raw string span', status: 'completed', activeForm: 'Fixing raw string span' },
          { content: 'Run cargo test', status: 'in_progress', activeForm: 'Running cargo test' },
          { content: 'Update CHANGELOG', status: 'pending', activeForm: 'Updating CHANGELOG' },
        ],
      },
      'Todos have been modified successfully. Ensure that you continue to use the todo list to track your progress. Please proceed with the current tasks if applicable',
    )
    .toolUse(
      'Bash',
      { command: 'cargo test --color=always' },
      '\u001b]0;cargo test\u0007\u001b[1m\u001b[32m   Compiling\u001b[0m lexer v0.4.0\r\n\u001b[32mtest result: ok\u001b[0m. 42 passed; 0 failed\u0008\u0008',
    )
    .assistant('(no content)')
    .apiError("You've hit your limit · resets 1am (Europe/Berlin)")
    .command('/compact', 'keep the lexer notes', '')
    .writeTo(transcripts);

  const secrets = new TranscriptWriter({ cwd: lexer, sessionId: 'a1000000-0000-4000-8000-000000000010', start: at(17), seed: 110 })
    .user(`The staging db is postgres://app:${SECRETS.dbPassword}@db.staging.internal:5432/lexer and my token is ${SECRETS.githubToken}`)
    .toolUse(
      'Bash',
      { command: `curl -s "https://rpc.example.dev/v1/?api-key=${SECRETS.rpcKey}" -H "Authorization: Bearer ${SECRETS.bearer}"` },
      `{"jsonrpc":"2.0","result":"ok","endpoint":"https://rpc.example.dev/v1/?api-key=${SECRETS.rpcKey}"}`,
    )
    .toolUse(
      'Read',
      { file_path: path.join(lexer, '.env') },
      // Long enough that the JWT straddles the 300-character cut of a result.
      `     1→# Supabase project settings for the staging deployment of the lexer playground site\n     2→NEXT_PUBLIC_SUPABASE_URL=https://nxqktefu.supabase.co\n     3→PLAYGROUND_TITLE=Lexer playground (staging)\n     4→SUPABASE_SERVICE_ROLE_KEY=${SECRETS.jwt}\n     5→AWS_ACCESS_KEY_ID=${SECRETS.awsKeyId}`,
    )
    .toolUse('Read', { file_path: path.join(lexer, 'deploy', 'id_rsa') }, `-----BEGIN RSA PRIVATE KEY-----\n${SECRETS.privateKeyBody}\n-----END RSA PRIVATE KEY-----`)
    .writeTo(transcripts);

  // Started in the home folder: about no one project.
  const home = new TranscriptWriter({ cwd: '/Users/ann', sessionId: 'a1000000-0000-4000-8000-000000000011', start: at(18), seed: 111 })
    .user('What is on my todo list?')
    .toolUse('Read', { file_path: '/Users/ann/notes/todo.md' }, '- renew passport')
    .writeTo(transcripts);

  return { home, windows, subfolder: sub, compacted, compactedOld, titled, delegated, warmupOnly, warmupThenWork, noisy, secrets };
}
