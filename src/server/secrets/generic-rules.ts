// Rules for credentials that no vendor-specific detector names: key-like URL parameters,
// Authorization headers, connection-string passwords, private keys, JWTs, cloud key ids and
// `password: …` style assignments. Each rule marks only the secret part of its match, so a
// redacted line still reads as what it was (`?api-key=[redacted: api key]`).

export interface RawMatch {
  start: number;
  end: number;
  rule: string;
  /** A short human label, used in redaction markers: "[redacted: <kind>]". */
  kind: string;
  /** `high`: the shape alone says credential. `medium`: a name says secret, the value looks like one. */
  confidence: 'high' | 'medium';
}

interface GenericRule {
  id: string;
  kind: string;
  confidence: 'high' | 'medium';
  pattern: RegExp;
  /** Index of the capture group holding the secret; 0 = the whole match. */
  group: number;
  /** Extra check on the captured value. */
  accept?: (value: string) => boolean;
  /** A cheap test every match needs to pass (a literal the pattern requires); texts without it skip the rule. */
  hint?: RegExp;
}

const PLACEHOLDER =
  /^(?:x+|\*+|\.+|-+|changeme|change[-_]?me|password|passwd|secret|token|example|sample|dummy|test|none|null|nil|true|false|undefined|redacted|todo|tbd|your[-_].*|my[-_].*|<.*>|\[.*\]|\{.*\}|\$\{?.*|%.*%|process\.env.*|os\.environ.*|env\..*|getenv.*)$/i;

/** A value a person would call a secret: not a placeholder, not a plain word or dotted name. */
function looksSecret(value: string): boolean {
  if (value.length < 6 || PLACEHOLDER.test(value)) return false;
  if (/^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+$/i.test(value)) return false; // config.key, obj.prop
  if (/^\[redacted/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(value)).length;
  return classes >= 2 || (value.length >= 20 && /[0-9]/.test(value));
}

const KEYWORD = String.raw`(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|client[-_]?secret|auth[-_]?token|credentials?)`;

const RULES: GenericRule[] = [
  {
    id: 'private-key',
    hint: /PRIVATE KEY/,
    kind: 'private key',
    confidence: 'high',
    // A whole block, or a block cut off by truncation (up to the end of the text).
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    group: 0,
  },
  {
    id: 'jwt',
    hint: /eyJ/,
    kind: 'jwt',
    confidence: 'high',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    group: 0,
  },
  {
    id: 'authorization-header',
    hint: /authorization/i,
    kind: 'authorization header',
    confidence: 'high',
    pattern: /\b(?:Proxy-)?Authorization\b["']?\s*[:=,]\s*["']?(?:Bearer|Basic|Token|Bot|Digest)\s+([A-Za-z0-9._~+/=:-]{8,})/gi,
    group: 1,
    accept: (v) => !PLACEHOLDER.test(v),
  },
  {
    id: 'bearer-token',
    hint: /Bearer/,
    kind: 'bearer token',
    confidence: 'medium',
    pattern: /\bBearer\s+([A-Za-z0-9._~+/=-]{20,})/g,
    group: 1,
    accept: looksSecret,
  },
  {
    id: 'connection-string-password',
    hint: /:\/\//,
    kind: 'password',
    confidence: 'high',
    pattern: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@'"`<>]{1,128}:([^\s@'"`<>/]{3,256})@[^\s'"`<>]/gi,
    group: 1,
    accept: (v) => !PLACEHOLDER.test(v) && !/^\d{1,5}$/.test(v),
  },
  {
    id: 'url-key-parameter',
    hint: /[?&;](?:api|key|access|token|auth|secret|client|sig|password|pwd|code)/i,
    kind: 'api key',
    confidence: 'high',
    pattern: /[?&;](?:api[-_]?key|apikey|key|access[-_]?token|token|auth|secret|client[-_]?secret|sig|signature|password|pwd|code)=([^&\s'"`#<>]{6,})/gi,
    group: 1,
    accept: looksSecret,
  },
  {
    id: 'aws-access-key-id',
    hint: /A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA)/,
    kind: 'aws access key',
    confidence: 'high',
    pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g,
    group: 0,
  },
  {
    id: 'aws-secret-access-key',
    hint: /aws_?secret/i,
    kind: 'aws secret key',
    confidence: 'high',
    pattern: /\baws_?secret_?access_?key\b["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})\b/gi,
    group: 1,
  },
  {
    id: 'token-prefix',
    hint: /sk-|gh[pousr]_|github_pat_|glpat-|[srp]k_(?:live|test)_|AIza|xox[abprs]-|npm_|pypi-|hf_/,
    kind: 'api key',
    confidence: 'high',
    // Vendors' self-describing prefixes: OpenAI, Anthropic, GitHub, GitLab, Stripe, Google, Slack, npm, PyPI, Hugging Face.
    pattern:
      /\b(?:sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}|sk-ant-[A-Za-z0-9_-]{32,}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}|glpat-[A-Za-z0-9_-]{20,}|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35}|xox[abprs]-[A-Za-z0-9-]{10,}|npm_[A-Za-z0-9]{36}|pypi-[A-Za-z0-9_-]{50,}|hf_[A-Za-z0-9]{30,})/g,
    group: 0,
  },
  {
    id: 'secret-assignment',
    hint: new RegExp(KEYWORD, 'i'),
    kind: 'secret',
    confidence: 'medium',
    // NAME=value, name: value, "name": "value", --password=value; the name must say secret.
    pattern: new RegExp(
      String.raw`(?:^|[^A-Za-z0-9])[A-Za-z0-9_.-]*${KEYWORD}[A-Za-z0-9_.-]*["']?\s*(?::=|[:=]|=>)\s*["'\x60]?([^\s"'\x60,;(){}\[\]<>]{6,200})(?![(A-Za-z0-9_])`,
      'gim',
    ),
    group: 1,
    accept: looksSecret,
  },
];

export function genericMatches(text: string): RawMatch[] {
  const out: RawMatch[] = [];
  for (const rule of RULES) {
    if (rule.hint && !rule.hint.test(text)) continue;
    rule.pattern.lastIndex = 0;
    for (const m of text.matchAll(rule.pattern)) {
      const value = m[rule.group];
      if (value === undefined || m.index === undefined) continue;
      if (rule.accept && !rule.accept(value)) continue;
      const offset = rule.group === 0 ? 0 : m[0].lastIndexOf(value);
      const start = m.index + offset;
      out.push({ start, end: start + value.length, rule: rule.id, kind: kindFor(rule, m[0]), confidence: rule.confidence });
    }
  }
  return out;
}

function kindFor(rule: GenericRule, match: string): string {
  if (rule.id !== 'secret-assignment') return rule.kind;
  if (/pass|pwd/i.test(match)) return 'password';
  if (/token/i.test(match)) return 'token';
  if (/key/i.test(match)) return 'api key';
  return rule.kind;
}
