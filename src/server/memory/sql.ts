// The one place where values become LanceDB filter text. LanceDB has no parameter binding,
// so every user-supplied value must pass through here; column names are never taken from input.

/** A SQL string literal: single quotes doubled. NUL cannot appear in a literal and is rejected. */
export function sqlString(value: string): string {
  if (value.includes('\0')) throw new RangeError('filter values must not contain NUL characters');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A list literal for IN (...) or array_has_any(col, [...]). */
export function sqlStringList(values: readonly string[]): string {
  if (values.length === 0) throw new RangeError('an empty list cannot be used in a filter');
  return values.map(sqlString).join(', ');
}

/** `col LIKE '%value%' ESCAPE '\'` with the wildcard characters in value taken literally. */
export function sqlContains(column: string, value: string): string {
  const escaped = value.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_');
  return `${column} LIKE ${sqlString(`%${escaped}%`)} ESCAPE '\\'`;
}

export function sqlTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date in filter');
  // ISO without the trailing Z: the column is a timezone-less UTC timestamp.
  return `TIMESTAMP ${sqlString(date.toISOString().replace('T', ' ').replace('Z', ''))}`;
}

export function and(clauses: readonly (string | null | undefined)[]): string | undefined {
  const parts = clauses.filter((c): c is string => !!c);
  if (parts.length === 0) return undefined;
  return parts.map((c) => `(${c})`).join(' AND ');
}
