// Sheets backend: the formula evaluator: literal arithmetic, text and comparisons; functions and references read as
// errors.
import { type CellPrimitive } from './model';
import { formatGeneralNumber } from './values';

// ---------------------------------------------------------------------------------------------------
// Formulas: stored as entered; only literal expressions are computed (see the header)
// ---------------------------------------------------------------------------------------------------

export const ERR_NAME = '#NAME?';
export const ERR_REF = '#REF!';
export const ERR_PARSE = '#ERROR!';
export const ERR_DIV0 = '#DIV/0!';
export const ERR_VALUE = '#VALUE!';

export class FormulaError {
  constructor(readonly code: string) {}
}

/** Computes a formula's value when it only combines literals; otherwise Sheets' error text for it. */
export function evaluateFormula(formula: string): CellPrimitive {
  const src = formula.slice(1);
  let pos = 0;
  const ws = () => {
    while (pos < src.length && /\s/.test(src[pos]!)) pos++;
  };
  const peek = (s: string) => {
    ws();
    return src.startsWith(s, pos);
  };
  const eat = (s: string) => {
    if (peek(s)) {
      pos += s.length;
      return true;
    }
    return false;
  };
  const num = (x: CellPrimitive): number => {
    if (typeof x === 'number') return x;
    if (typeof x === 'boolean') return x ? 1 : 0;
    if (x === '') return 0;
    const n = Number(x);
    if (Number.isNaN(n)) throw new FormulaError(ERR_VALUE);
    return n;
  };
  const text = (x: CellPrimitive): string =>
    typeof x === 'boolean' ? (x ? 'TRUE' : 'FALSE') : typeof x === 'number' ? formatGeneralNumber(x) : x;
  let deferred: string | null = null; // a reference or function call: parse on, report after
  function primary(): CellPrimitive {
    ws();
    if (eat('(')) {
      const v = comparison();
      if (!eat(')')) throw new FormulaError(ERR_PARSE);
      return v;
    }
    if (peek('"')) {
      pos++;
      let s = '';
      for (;;) {
        if (pos >= src.length) throw new FormulaError(ERR_PARSE);
        const ch = src[pos++]!;
        if (ch === '"') {
          if (src[pos] === '"') {
            s += '"';
            pos++;
          } else break;
        } else s += ch;
      }
      return s;
    }
    const n = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?/i.exec(src.slice(pos));
    if (n) {
      pos += n[0].length;
      const v = Number(n[0].replace('%', ''));
      return n[0].endsWith('%') ? v / 100 : v;
    }
    const id =
      /^('[^']+'|[A-Za-z_][\w.]*)(!\$?[A-Za-z]{0,3}\$?\d*(:\$?[A-Za-z]{0,3}\$?\d*)?)?(:\$?[A-Za-z]{0,3}\$?\d*)?/.exec(
        src.slice(pos),
      );
    if (id && id[0]) {
      pos += id[0].length;
      const word = id[0];
      if (eat('(')) {
        // A function call: parse the arguments so syntax errors still win, then report #NAME?.
        if (!eat(')')) {
          do comparison();
          while (eat(','));
          if (!eat(')')) throw new FormulaError(ERR_PARSE);
        }
        deferred ??= ERR_NAME;
        return 0;
      }
      if (/^true$/i.test(word)) return true;
      if (/^false$/i.test(word)) return false;
      deferred ??=
        /^\$?[A-Za-z]{1,3}\$?\d+(:\$?[A-Za-z]{1,3}\$?\d+)?$/.test(word) || word.includes('!') || word.includes(':')
          ? ERR_REF
          : ERR_NAME;
      return 0;
    }
    throw new FormulaError(ERR_PARSE);
  }
  function unary(): CellPrimitive {
    if (eat('-')) return -num(unary());
    if (eat('+')) return num(unary());
    return primary();
  }
  function power(): CellPrimitive {
    let v = unary();
    while (eat('^')) v = Math.pow(num(v), num(unary()));
    return v;
  }
  function product(): CellPrimitive {
    let v = power();
    for (;;) {
      if (eat('*')) v = num(v) * num(power());
      else if (eat('/')) {
        const d = num(power());
        if (d === 0 && deferred === null) throw new FormulaError(ERR_DIV0);
        v = d === 0 ? 0 : num(v) / d;
      } else return v;
    }
  }
  function sum(): CellPrimitive {
    let v = product();
    for (;;) {
      if (eat('+')) v = num(v) + num(product());
      else if (eat('-')) v = num(v) - num(product());
      else return v;
    }
  }
  function concat(): CellPrimitive {
    let v = sum();
    while (eat('&')) v = text(v) + text(sum());
    return v;
  }
  function comparison(): CellPrimitive {
    let v = concat();
    for (;;) {
      const op = ['<>', '<=', '>=', '=', '<', '>'].find((o) => eat(o));
      if (!op) return v;
      const w = concat();
      const a = typeof v === 'string' ? v.toLowerCase() : v;
      const b = typeof w === 'string' ? w.toLowerCase() : w;
      v =
        op === '='
          ? a === b
          : op === '<>'
            ? a !== b
            : op === '<'
              ? a < b
              : op === '>'
                ? a > b
                : op === '<='
                  ? a <= b
                  : a >= b;
    }
  }
  try {
    const v = comparison();
    ws();
    if (pos < src.length) return ERR_PARSE;
    if (deferred) return deferred;
    return v;
  } catch (e) {
    if (e instanceof FormulaError) return deferred && e.code !== ERR_PARSE ? deferred : e.code;
    throw e;
  }
}
