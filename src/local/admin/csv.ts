/**
 * CSV for `engagements import`, read by csv-parse (RFC 4180: quoted fields with "" escapes, commas and
 * newlines inside quotes, CRLF, LF or CR). Each record keeps the line it starts on, so problems are
 * reported by line; a malformed file throws CsvError naming the line.
 */
import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
}

export class CsvError extends Error {}

type CsvRow = { record: string[]; raw: string; info: { lines: number } };

export function parseCsv(text: string): CsvRecord[] {
  // One line ending throughout, so csv-parse's line count is the editor's (a spreadsheet export may
  // mix them); a line break inside a quoted field becomes \n, which no import column keeps anyway.
  const src = text.replace(/\r\n?/g, '\n');
  let rows: CsvRow[];
  try {
    rows = parse(src, {
      bom: true,
      info: true,
      raw: true,
      record_delimiter: '\n',
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as CsvRow[]; // csv-parse types the plain result; `info` and `raw` wrap each record
  } catch (err) {
    throw new CsvError((err as Error).message);
  }
  // `info.lines` is the line a record ends on; its raw text (after any skipped blank lines) says how
  // many lines it spans.
  return rows.map((r) => ({
    line: r.info.lines - (r.raw.replace(/^\n+/, '').replace(/\n$/, '').match(/\n/g) ?? []).length,
    fields: r.record,
  }));
}

/** One CSV field (quoted when needed). */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
