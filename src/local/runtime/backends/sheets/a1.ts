// Sheets backend: A1 notation: column letters, parsing and printing ranges.

// ---------------------------------------------------------------------------------------------------
// A1 notation
// ---------------------------------------------------------------------------------------------------

export function columnLetters(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function a1Of(r: number, c: number, nr = 1, nc = 1): string {
  const start = `${columnLetters(c)}${r}`;
  return nr === 1 && nc === 1 ? start : `${start}:${columnLetters(c + nc - 1)}${r + nr - 1}`;
}

/** A parsed A1 reference; open ends (whole columns 'A:C', whole rows '2:5', 'A2:C') are undefined. */
export interface A1Ref {
  sheetName?: string;
  r0?: number;
  c0?: number;
  r1?: number;
  c1?: number;
}

export const CELL_PART = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/;

/** Parses 'A1', 'A1:B2', 'A:C', '2:5', 'A2:C', "'My sheet'!A1:B2". Returns null when it is not A1 notation. */
export function parseA1(input: string): A1Ref | null {
  let text = input.trim();
  let sheetName: string | undefined;
  const bang = text.lastIndexOf('!');
  if (bang >= 0) {
    let name = text.slice(0, bang);
    if (name.startsWith("'") && name.endsWith("'") && name.length >= 2) name = name.slice(1, -1).replace(/''/g, "'");
    sheetName = name;
    text = text.slice(bang + 1);
  }
  const [a, b, extra] = text.split(':');
  if (a === undefined || extra !== undefined || a === '') return null;
  const p = CELL_PART.exec(a);
  if (!p || (!p[1] && !p[2])) return null;
  const ref: A1Ref = { sheetName };
  if (p[1]) ref.c0 = columnNumber(p[1]);
  if (p[2]) ref.r0 = Number(p[2]);
  if (ref.r0 === 0) return null; // rows start at 1
  if (b === undefined) {
    if (ref.c0 === undefined || ref.r0 === undefined) return null; // a lone 'A' or '2' is not a range
    ref.r1 = ref.r0;
    ref.c1 = ref.c0;
    return ref;
  }
  const q = CELL_PART.exec(b);
  if (!q || (!q[1] && !q[2])) return null;
  if (q[1]) ref.c1 = columnNumber(q[1]);
  if (q[2]) ref.r1 = Number(q[2]);
  // 'A:C' and '2:5' must be consistently column-only / row-only; 'A2:C' (open rows) is allowed.
  if ((ref.c0 === undefined) !== (ref.c1 === undefined)) return null;
  if (ref.r1 === 0) return null;
  return ref;
}
