// Lenient readers for the config formats the score looks into. They extract a few keys; they are not full parsers.

/** Parses JSON that may contain // and /* comments and trailing commas (tsconfig.json, pyrightconfig.json). */
export function parseLooseJson(text: string): unknown {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '"') {
      // Copy a string literal verbatim, honouring escapes.
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return JSON.parse(dropTrailingCommas(out)) as unknown;
  } catch {
    return undefined;
  }
}

function dropTrailingCommas(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === ',' && /^\s*[}\]]/.test(text.slice(i + 1, i + 200))) {
      continue;
    } else out += c;
  }
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The key = value pairs of one section of an INI file (mypy.ini, setup.cfg, tox.ini, .flake8) or of one table of a
 * TOML file (pyproject.toml: pass "tool.mypy"). Returns null when the section is absent. Values are unquoted strings.
 */
export function readSection(text: string, section: string): Map<string, string> | null {
  let inside = false;
  let found = false;
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      inside = header[1] === section;
      found ||= inside;
      continue;
    }
    if (!inside) continue;
    const kv = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(line);
    if (kv) out.set((kv[1] as string).toLowerCase(), unquote((kv[2] as string).replace(/\s+#.*$/, '').trim()));
  }
  return found ? out : null;
}

/** True when the text has the given section or TOML table, or a sub-table of it ("tool.ruff.lint"). */
export function hasSection(text: string, section: string): boolean {
  const escaped = section.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*\\[\\[?\\s*${escaped}(\\.[^\\]]*)?\\s*\\]`, 'm').test(text);
}

function unquote(v: string): string {
  const m = /^(["'])(.*)\1$/.exec(v);
  return m ? (m[2] as string) : v;
}

export function truthy(v: string | undefined): boolean {
  return v !== undefined && /^(true|yes|on|1)$/i.test(v);
}
