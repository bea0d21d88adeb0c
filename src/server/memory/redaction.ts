// Redaction of memories before they are stored: every text passes through the shared secret
// detector. Many short texts (a transcript's messages) are scanned together, which is far faster
// than one scan each; each finding is mapped back to, and kept within, the text it starts in. A
// test checks that batched scans find exactly what one scan per text finds.
import { detectSecrets } from '../secrets/detect.js';
import { addRedactions, redactionMarker, redactSecrets, type RedactionCount } from '../secrets/redact.js';

/** Texts are joined with a separator no credential pattern reads across (a newline, "<", NUL, ">"). */
const SEP = '\n<\u0000>\n';
/** A private key cut off before its END line is matched up to the end of the scanned text: scanned alone. */
const ALONE = /\u0000|PRIVATE KEY/;
/** Characters per scan: big enough to amortise the detector's setup, small enough to stay linear. */
const BATCH_CHARS = 256 * 1024;

export interface RedactedMany {
  texts: string[];
  /** What was replaced in each text, by kind (empty when nothing was). */
  each: RedactionCount[][];
}

export class Redactor {
  constructor(readonly enabled: boolean) {}

  async redact(text: string): Promise<{ text: string; redactions: RedactionCount[] }> {
    if (!this.enabled) return { text, redactions: [] };
    return redactSecrets(text);
  }

  async redactMany(texts: readonly string[]): Promise<RedactedMany> {
    const out: RedactedMany = { texts: [...texts], each: texts.map(() => []) };
    if (!this.enabled) return out;
    let batch: number[] = [];
    let chars = 0;
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i]!;
      if (ALONE.test(t)) {
        const r = await redactSecrets(t);
        out.texts[i] = r.text;
        out.each[i] = r.redactions;
        continue;
      }
      batch.push(i);
      chars += t.length + SEP.length;
      if (chars >= BATCH_CHARS) {
        await this.scan(texts, batch, out);
        batch = [];
        chars = 0;
      }
    }
    if (batch.length) await this.scan(texts, batch, out);
    return out;
  }

  private async scan(texts: readonly string[], batch: number[], out: RedactedMany): Promise<void> {
    const joined = batch.map((i) => texts[i]!).join(SEP);
    const findings = await detectSecrets(joined);
    if (findings.length === 0) return;
    let k = 0;
    let start = 0;
    for (const i of batch) {
      const text = texts[i]!;
      const end = start + text.length;
      let redacted = '';
      let at = 0;
      const counts: RedactionCount[] = [];
      while (k < findings.length && findings[k]!.start < end) {
        const f = findings[k]!;
        k += 1;
        // A finding can only start in the separator if a rule read across it; nothing of a text is in it.
        if (f.start < start) continue;
        const from = f.start - start;
        if (from < at) continue;
        const to = Math.min(f.end, end) - start;
        redacted += text.slice(at, from) + redactionMarker(f.kind);
        at = to;
        counts.push({ kind: f.kind, count: 1 });
      }
      if (counts.length) {
        out.texts[i] = redacted + text.slice(at);
        out.each[i] = addRedactions([], counts);
      }
      start = end + SEP.length;
    }
  }
}
