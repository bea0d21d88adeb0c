// The in-process full-text index over text, tags and file paths, built with the analysis of
// analysis/terms.ts. Holds the rows it indexes so ranking, excerpts and folding need no second
// read. Kept in step with the LanceDB table by IndexSync; removals mark a slot dead and the
// postings are rebuilt once dead slots pile up.
import { nearDuplicateKey } from './analysis/fingerprint.js';
import { baseNameKey, normalisePath } from './analysis/paths.js';
import { indexTerms, SURFACE_MARK } from './analysis/terms.js';
import type { StoredMemory } from './schema.js';

export const FIELD_TEXT = 1 << 16;
export const FIELD_TAG = 1 << 17;
export const FIELD_FILE = 1 << 18;
/** The text term frequency part of a posting value. */
export const TF_BITS = 0xffff;
const PREFIX_LEN = 3;
/** Filter masks kept (one per distinct search filter: the current project, All projects, ...). */
const MASKS_KEPT = 8;

export interface IndexedDoc {
  row: StoredMemory;
  alive: boolean;
  /** Number of indexed text terms, for length normalisation. */
  length: number;
  dupKey: number;
}

interface Postings {
  docs: number[];
  /** Per doc: text term frequency (low 16 bits) | field bits. */
  values: number[];
}

export class LexicalIndex {
  readonly docs: IndexedDoc[] = [];
  private readonly slots = new Map<string, number>();
  private readonly postings = new Map<string, Postings>();
  /** First three characters of a term -> terms, for prefix expansion. */
  private readonly byPrefix = new Map<string, string[]>();
  /** First character -> terms, for typo expansion. */
  private readonly byInitial = new Map<string, string[]>();
  /** Lowercased file base name -> slots listing such a file. */
  private readonly byFileName = new Map<string, Set<number>>();
  /** Indexed text length per slot, kept apart from docs so scoring reads a flat array. */
  private lengths = new Float64Array(1_024);
  /** 1 for a live slot: scoring checks it without reaching into the doc objects. */
  private live = new Uint8Array(1_024);
  /** Filter masks by filter key; cleared when a rebuild renumbers the slots. */
  private readonly masks = new Map<string, { mask: Uint8Array; upTo: number }>();
  private liveCount = 0;
  private totalLength = 0;
  private dead = 0;

  get size(): number {
    return this.liveCount;
  }

  get averageLength(): number {
    return this.liveCount ? this.totalLength / this.liveCount : 1;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  /** The slot holding a live memory. */
  slotOf(id: string): number | undefined {
    return this.slots.get(id);
  }

  get(id: string): IndexedDoc | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.docs[slot];
  }

  ids(): IterableIterator<string> {
    return this.slots.keys();
  }

  /** Adds a row, replacing any row with the same id. */
  add(row: StoredMemory): void {
    if (this.slots.has(row.id)) this.remove(row.id);
    const slot = this.docs.length;
    const fields = new Map<string, number>();
    const text = indexTerms(row.text);
    let length = 0;
    for (const [t, n] of text) {
      fields.set(t, Math.min(TF_BITS, n) | FIELD_TEXT);
      length += n;
    }
    for (const tag of row.tags) for (const t of indexTerms(tag).keys()) fields.set(t, (fields.get(t) ?? 0) | FIELD_TAG);
    for (const f of row.files) {
      for (const t of indexTerms(f).keys()) fields.set(t, (fields.get(t) ?? 0) | FIELD_FILE);
      const key = baseNameKey(normalisePath(f));
      if (key) {
        let set = this.byFileName.get(key);
        if (!set) this.byFileName.set(key, (set = new Set()));
        set.add(slot);
      }
    }
    for (const [t, v] of fields) {
      let p = this.postings.get(t);
      if (!p) {
        p = { docs: [], values: [] };
        this.postings.set(t, p);
        this.addToVocabulary(t);
      }
      p.docs.push(slot);
      p.values.push(v);
    }
    this.docs.push({ row, alive: true, length, dupKey: nearDuplicateKey(row.text) });
    if (slot >= this.lengths.length) {
      const grown = new Float64Array(this.lengths.length * 2);
      grown.set(this.lengths);
      this.lengths = grown;
      const live = new Uint8Array(this.lengths.length);
      live.set(this.live);
      this.live = live;
    }
    this.lengths[slot] = length;
    this.live[slot] = 1;
    this.slots.set(row.id, slot);
    this.liveCount++;
    this.totalLength += length;
  }

  private addToVocabulary(term: string): void {
    const bare = term.endsWith(SURFACE_MARK) ? term.slice(0, -1) : term;
    const pre = bare.slice(0, PREFIX_LEN);
    const list = this.byPrefix.get(pre);
    if (list) list.push(term);
    else this.byPrefix.set(pre, [term]);
    const initial = bare[0] ?? '';
    const il = this.byInitial.get(initial);
    if (il) il.push(term);
    else this.byInitial.set(initial, [term]);
  }

  remove(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    const doc = this.docs[slot]!;
    doc.alive = false;
    this.live[slot] = 0;
    this.slots.delete(id);
    this.liveCount--;
    this.totalLength -= doc.length;
    this.dead++;
    if (this.dead > 1_000 && this.dead > this.docs.length / 4) this.rebuild();
    return true;
  }

  setTags(id: string, tags: string[]): void {
    const doc = this.get(id);
    if (doc) this.add({ ...doc.row, tags });
  }

  private rebuild(): void {
    const rows = this.docs.filter((d) => d.alive).map((d) => d.row);
    this.docs.length = 0;
    this.masks.clear();
    this.live.fill(0);
    for (const m of [this.slots, this.postings, this.byPrefix, this.byInitial, this.byFileName]) m.clear();
    this.liveCount = 0;
    this.totalLength = 0;
    this.dead = 0;
    for (const r of rows) this.add(r);
  }

  /** Indexed text length by slot (valid up to docs.length). */
  lengthsView(): Float64Array {
    return this.lengths;
  }

  /** 1 per live slot (valid up to docs.length). */
  liveView(): Uint8Array {
    return this.live;
  }

  /**
   * Per slot, 1 when `accept` holds for its memory (dead slots included: check liveView too).
   * Kept under `key`, which must name the filter exactly: a slot's row never changes (a changed
   * memory takes a new slot), so a later call evaluates only the slots added since.
   */
  acceptMask(key: string, accept: (doc: IndexedDoc) => boolean): Uint8Array {
    const entry = this.masks.get(key) ?? { mask: new Uint8Array(0), upTo: 0 };
    this.masks.delete(key);
    this.masks.set(key, entry);
    if (this.masks.size > MASKS_KEPT) this.masks.delete(this.masks.keys().next().value!);
    const n = this.docs.length;
    if (entry.upTo === n) return entry.mask;
    if (entry.mask.length < n) {
      const grown = new Uint8Array(Math.max(n, entry.mask.length * 2, 1_024));
      grown.set(entry.mask.subarray(0, entry.upTo));
      entry.mask = grown;
    }
    for (let slot = entry.upTo; slot < n; slot++) entry.mask[slot] = accept(this.docs[slot]!) ? 1 : 0;
    entry.upTo = n;
    return entry.mask;
  }

  postingsOf(term: string): Postings | undefined {
    return this.postings.get(term);
  }

  /** How many live-or-dead slots hold a term (an upper bound of live document frequency). */
  docFrequency(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  /** Indexed terms (stems and marked surfaces) that start with `prefix` (3+ characters), the prefix itself excluded. */
  termsWithPrefix(prefix: string): string[] {
    if (prefix.length < PREFIX_LEN) return [];
    const list = this.byPrefix.get(prefix.slice(0, PREFIX_LEN)) ?? [];
    return list.filter((t) => t !== prefix && t.startsWith(prefix));
  }

  /** Indexed terms that begin with this character (candidates for a typo match). */
  termsWithInitial(initial: string): readonly string[] {
    return this.byInitial.get(initial) ?? [];
  }

  /** Slots of live memories listing a file with this base name (lowercased). */
  slotsWithFileName(key: string): number[] {
    return [...(this.byFileName.get(key) ?? [])].filter((s) => this.docs[s]!.alive);
  }
}
