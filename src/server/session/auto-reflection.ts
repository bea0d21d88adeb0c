// When a checkpoint stores a reflection, after the reference server: when it was manual, when the
// score moved by 10 or more points, or when it is 90 or more; otherwise it is routine and skipped.
export const SIGNIFICANT_CHANGE = 10;
export const HIGH_QUALITY = 90;

export type ReflectionReason = 'manual' | 'significant-change' | 'high-quality' | 'routine';

export function reflectionReason(trigger: 'manual' | 'auto', score: number, previous: number | null): ReflectionReason {
  if (trigger === 'manual') return 'manual';
  if (previous !== null && Math.abs(score - previous) >= SIGNIFICANT_CHANGE) return 'significant-change';
  if (score >= HIGH_QUALITY) return 'high-quality';
  return 'routine';
}

/** high-quality >= 90, good-quality >= 75, needs-improvement < 60; none in between. */
export function qualityBandTag(score: number): string | null {
  if (score >= 90) return 'high-quality';
  if (score >= 75) return 'good-quality';
  if (score < 60) return 'needs-improvement';
  return null;
}

export function checkpointReflectionText(project: string, score: number, previous: number | null, commit: string | null): string {
  const parts = [`Quality score: ${score}/100.`];
  if (previous !== null) {
    const d = score - previous;
    parts.push(d === 0 ? 'Quality unchanged.' : `Quality ${d > 0 ? 'improved' : 'dropped'} by ${Math.abs(d)} points.`);
  }
  parts.push(`Project: ${project}.`);
  if (commit) parts.push(`Checkpoint commit ${commit}.`);
  return parts.join(' ');
}
