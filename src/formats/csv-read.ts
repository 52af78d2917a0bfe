// CSV reading (RFC 4180): quoted fields with commas, doubled quotes and line breaks, CRLF or LF, a leading UTF-8 BOM.

/** One record and the 1-based line of the file on which it starts (a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  code: 'unterminated-quote' | 'stray-quote';
  message: string;
}

/**
 * Records of a CSV text with the line each starts on. Blank lines are skipped (but counted), and a
 * final line break does not start a record. Malformed quoting is read leniently (a stray quote is
 * kept as a character, an unterminated quoted field runs to the end) and reported as a problem.
 */
export function readCsv(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let fields: string[] = [];
  let field = '';
  let state: 'start' | 'unquoted' | 'quoted' | 'closed' = 'start';
  /** Whether the current record holds anything: a blank line is not a record. */
  let started = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;

  const begin = () => {
    if (!started) recordLine = line;
    started = true;
  };
  const endRecord = () => {
    fields.push(field);
    if (started) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    started = false;
    state = 'start';
  };

  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i]!;
    if (state === 'quoted') {
      if (c !== '"') {
        if (c === '\n') line++;
        field += c;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        state = 'closed';
      }
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') continue;
    if (c === '\n') {
      endRecord();
      line++;
    } else if (c === ',') {
      begin();
      fields.push(field);
      field = '';
      state = 'start';
    } else if (c === '"' && state === 'start') {
      begin();
      quoteLine = line;
      state = 'quoted';
    } else {
      begin();
      if (state === 'closed') problems.push({ line, code: 'stray-quote', message: 'characters after the closing quote of a field' });
      else if (c === '"') problems.push({ line, code: 'stray-quote', message: 'a quote inside an unquoted field (quote the field and double the quote)' });
      field += c;
      state = 'unquoted';
    }
  }
  if (state === 'quoted') {
    problems.push({ line: quoteLine, code: 'unterminated-quote', message: 'a quoted field is not closed before the end of the file' });
  }
  if (started) endRecord();
  return { records, problems };
}

/** Rows of a well-formed CSV text; `readCsv` also gives each row's line and reports malformed quoting. */
export const parseCsv = (text: string): string[][] => readCsv(text).records.map((r) => r.fields);

/** A problem with a file, on a 1-based line, in a column when one is to blame. */
export interface FormatError {
  line: number;
  column?: string;
  code: string;
  message: string;
}

/** A data row of a table, its values by column name (trimmed; '' for an optional column the file lacks). */
export interface TableRow {
  line: number;
  values: Record<string, string>;
}

/**
 * A CSV table with a header row naming its columns (in any order): every required column present,
 * no unknown or repeated column, every row as wide as the header. When the header is wrong no row is read
 * and `columns` is empty.
 */
export function readTable(text: string, spec: { required: readonly string[]; optional: readonly string[] }): { columns: string[]; headerLine: number; rows: TableRow[]; errors: FormatError[] } {
  const { records, problems } = readCsv(text);
  const errors: FormatError[] = problems.map((p) => ({ line: p.line, code: p.code, message: p.message }));
  const [head, ...body] = records;
  if (!head) return { columns: [], headerLine: 1, rows: [], errors: [...errors, { line: 1, code: 'empty-file', message: 'the file has no header row' }] };
  const header = head.fields.map((f) => f.trim());
  const known = new Set([...spec.required, ...spec.optional]);
  const seen = new Set<string>();
  for (const name of header) {
    if (!known.has(name)) {
      errors.push({ line: head.line, column: name, code: 'unknown-column', message: `unknown column "${name}"; the columns are ${[...known].join(', ')}` });
    } else if (seen.has(name)) {
      errors.push({ line: head.line, column: name, code: 'duplicate-column', message: `column "${name}" appears more than once` });
    }
    seen.add(name);
  }
  for (const name of spec.required) {
    if (!seen.has(name)) errors.push({ line: head.line, column: name, code: 'missing-column', message: `required column "${name}" is missing` });
  }
  if (errors.some((e) => e.line === head.line && e.column !== undefined)) return { columns: [], headerLine: head.line, rows: [], errors };
  const rows: TableRow[] = [];
  for (const r of body) {
    if (r.fields.length !== header.length) {
      errors.push({ line: r.line, code: 'field-count', message: `the row has ${r.fields.length} fields, the header ${header.length}` });
      continue;
    }
    const values: Record<string, string> = Object.fromEntries([...known].map((k) => [k, '']));
    header.forEach((name, i) => (values[name] = r.fields[i]!.trim()));
    rows.push({ line: r.line, values });
  }
  return { columns: header, headerLine: head.line, rows, errors };
}

/** A real calendar day written YYYY-MM-DD (2026-02-29 is not one). */
export function isDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** A non-negative decimal written plainly: digits, optionally a point and more digits; no sign, no exponent. */
export const isPlainDecimal = (s: string): boolean => /^\d+(\.\d+)?$/.test(s);

/** Whether two periods of validity share a day: two facts for one key in force on one day make a lookup ambiguous. */
export const periodsOverlap = (x: { validFrom: string; validUntil?: string }, y: { validFrom: string; validUntil?: string }): boolean =>
  !((x.validUntil !== undefined && x.validUntil < y.validFrom) || (y.validUntil !== undefined && y.validUntil < x.validFrom));
