// Finds hard-coded credentials: a credential-named key assigned a quoted literal of 6+ characters.
// Only the line number leaves this module; the value is never reported.

// <identifier containing password|passwd|api_key|apikey|secret|token>["']? (= | : | :=) <quote>value<same quote>
// The keyword may have a prefix (client_secret, this.password) and a key/value suffix (secretKey), but nothing else,
// so tokenizer: "..." or passwordLabel: "..." do not match.
const ASSIGNMENT =
  /(?<![A-Za-z0-9])[A-Za-z0-9_.$-]{0,40}?(?:password|passwd|api[_-]?key|secret|token)(?:[_-]?(?:key|value))?["']?\s*(?::=|=|:)\s*(["'`])([^"'`\r\n]*)\1/gi;

/** Values that are clearly not real credentials. */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length < 6) return true;
  // Prose ("Enter your password") rather than a credential.
  if (/\s/.test(v)) return true;
  if (/^(x+|\*+|\.+|-+|_+|0+)$/i.test(v)) return true;
  // Interpolations and markers: ${VAR}, {{var}}, <your-key>, [MASK] (tokenizer special tokens), %s, $VAR.
  if (/\$\{[^}]*\}|\{\{[^}]*\}\}|^<[^>]*>$|^\[[^\]]*\]$|^%\(?\w*\)?s$|^\$[A-Z_][A-Z0-9_]*$/i.test(v)) return true;
  return /^(changeme|change[_-]?me|password|passwd|secret|token|example|placeholder|dummy|redacted|replace[_-]?me|todo|your[_-].*|my[_-]?(secret|password|token).*|test(ing)?)$/i.test(v);
}

/** 1-based line of the first hard-coded secret in the text, or null. */
export function findSecretLine(text: string): number | null {
  if (!/password|passwd|api[_-]?key|secret|token/i.test(text)) return null;
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(text); m !== null; m = ASSIGNMENT.exec(text)) {
    if (isPlaceholder(m[2] as string)) continue;
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    return line;
  }
  return null;
}
