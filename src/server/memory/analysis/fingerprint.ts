// Near-duplicate keys: two texts that differ only in numbers and whitespace share a key.

/** A 53-bit hash of the text lowercased with digits and whitespace removed. */
export function nearDuplicateKey(text: string): number {
  const s = text.toLowerCase().replace(/[\p{N}\s]+/gu, '');
  // cyrb53: fast, well spread, no dependency for a non-cryptographic key.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
