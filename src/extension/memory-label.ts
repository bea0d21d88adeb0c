// One-line labels for memories in trees and pickers: stored text is Markdown (handoffs start with
// "# Session handoff", stored selections hold fenced code), which reads as noise in a single line.

/** The text without heading markers and code fences, whitespace collapsed, cut at max characters. */
export function memoryLabel(text: string, max = 100): string {
  const flat = text
    .replace(/(^|\s)#{1,6}(?=\s)/g, '$1')
    .replace(/`{3,}[\w+#.-]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}
