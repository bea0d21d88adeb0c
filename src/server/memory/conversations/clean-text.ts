// What a person would read of a transcript's text: terminal escapes and control characters removed,
// Claude Code's command and reminder markup reduced to the command typed and its output.

// OSC (titles, hyperlinks) up to BEL or ST; CSI (colours, cursor moves); other two-byte escapes.
const OSC = /\x1b\][\s\S]*?(?:\x07|\x1b\\|$)/g;
const CSI = /\x1b\[[0-?]*[ -/]*[@-~]/g;
const ESC = /\x1b[@-Z\\-_]?/g;
// Escapes already rendered in caret notation by whatever captured the output.
const CARET_CSI = /\^\[\[[0-9;?]*[A-Za-z]/g;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
const HAS_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]|\^\[\[/;

/** Terminal escapes and control characters removed; CR line ends and progress redraws become newlines. */
export function stripTerminal(text: string): string {
  if (!HAS_CONTROL.test(text)) return text;
  return text.replace(OSC, '').replace(CSI, '').replace(ESC, '').replace(CARET_CSI, '').replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

const REMINDER = /<system-reminder>[\s\S]*?(?:<\/system-reminder>|$)/g;
const HOOK = /<user-prompt-submit-hook>[\s\S]*?(?:<\/user-prompt-submit-hook>|$)/g;

/** Reminders the CLI adds to messages and results, which nobody typed or read. */
export function dropReminders(text: string): string {
  return text.includes('<system-reminder>') || text.includes('<user-prompt-submit-hook>') ? text.replace(REMINDER, '').replace(HOOK, '') : text;
}

const tag = (name: string, text: string): string | null => {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(text);
  return m ? (m[1] ?? '') : null;
};

export interface UserText {
  /** What the user typed: prose, a slash command with its arguments, or a shell command (`! ls`). */
  said: string;
  /** Output of a local command or shell command shown to the user; "" when none. */
  output: string;
}

/** A user message's text with Claude Code's markup reduced to what the user typed and saw. */
export function readUserText(raw: string): UserText {
  const text = stripTerminal(dropReminders(raw));
  if (!text.includes('<')) return { said: text.trim(), output: '' };
  const name = tag('command-name', text);
  const bash = tag('bash-input', text);
  const outputs = ['local-command-stdout', 'local-command-stderr', 'bash-stdout', 'bash-stderr']
    .map((t) => tag(t, text)?.trim() ?? '')
    .filter(Boolean);
  let said: string;
  if (name !== null) {
    const args = tag('command-args', text)?.trim() ?? '';
    const cmd = name.trim();
    said = `${cmd.startsWith('/') ? cmd : `/${cmd}`}${args ? ` ${args}` : ''}`;
  } else if (bash !== null) {
    said = `! ${bash.trim()}`;
  } else {
    said = text
      .replace(/<(command-message|command-args|local-command-stdout|local-command-stderr|bash-stdout|bash-stderr)>[\s\S]*?<\/\1>/g, '')
      .trim();
  }
  return { said, output: outputs.join('\n') };
}
