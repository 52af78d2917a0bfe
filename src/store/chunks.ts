// Splitting rows for multi-row statements, so no statement binds more parameters than a dialect allows.

/** Rows per multi-row INSERT: keeps bound parameters under SQLite's 32 766 and PostgreSQL's 65 535. */
const MAX_PARAMS = 30_000;

export function chunks<T>(rows: T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
