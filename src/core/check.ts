/**
 * A few schema combinators for src/core's own validators (meeting.ts, engagement.ts, the gateway's
 * requests in contract.ts), so the add-on bundle carries no zod (its 150 KB budget). They behave as
 * the zod/mini schemas they replaced did, issue for issue: the same paths, the same messages, in the
 * same order, and the same parsed values.
 *
 * - A type failure (not a string, not one of the values, not a list…) stops the value's own checks;
 *   a failed check does not, so every check of a value that has the right type reports.
 * - Length checks (minLength, maxLength) run on anything with a length, even after a type failure
 *   inside it (a list whose items fail still reports being too long). Strings count code points.
 *   A list longer than a leading maxLength allows reports only that: its items are not read.
 * - An object keeps only its own fields, in their order; an optional field that is absent stays
 *   absent, one present as undefined stays present. Its checks (refine) see the parsed object.
 * - Every schema here sets its own messages; the few issues without one say "Invalid input", as
 *   zod did, and issuesToProblems (validation.ts) words them.
 */

export interface Issue {
  path: PropertyKey[];
  message: string;
  /** True for a failed check: the value had the right type, so later checks on it still run. */
  soft?: boolean;
}

export type Message<I = unknown> = string | ((input: I) => string);

/** A check on a value that passed its schema's type test. */
export interface Check<T> {
  run(value: T, issues: Issue[]): void;
  /** Length checks: run whenever the value has a length, even after a type failure (zod's `when`). */
  always?: boolean;
  /** maxLength's limit: a list longer than this fails at once, before its items are read. */
  max?: number;
}

export type SafeParse<T> = { success: true; data: T } | { success: false; error: { issues: Issue[] } };

export interface Schema<T> {
  /** Parses `input`, adding its issues (paths relative to it) to `issues`; returns the parsed value. */
  run(input: unknown, issues: Issue[]): unknown;
  /** A copy that also runs `checks`, in order, after the type test. */
  check(...checks: Check<T>[]): Schema<T>;
  safeParse(input: unknown): SafeParse<T>;
  /** The parsed value; throws an Error listing the problems. */
  parse(input: unknown): T;
  /** Set by optional(): an absent field is fine and stays absent. */
  readonly optional?: true;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

const say = <I>(message: Message<I>, input: I): string => (typeof message === 'function' ? message(input) : message);

/** A schema from its type test: `parse` adds issues (hard ones) and returns the parsed value. */
function schema<T>(
  parse: (input: unknown, issues: Issue[]) => unknown,
  checks: Check<T>[] = [],
  optional?: true,
  list?: true,
): Schema<T> {
  return {
    ...(optional && { optional }),
    run(input, issues) {
      // An over-long list fails its first maxLength (among the leading length checks) and nothing else.
      if (list && Array.isArray(input)) {
        for (const ch of checks) {
          if (!ch.always) break;
          if (ch.max !== undefined && input.length > ch.max) {
            ch.run(input as T, issues);
            return input;
          }
        }
      }
      const start = issues.length;
      const value = parse(input, issues);
      let aborted = issues.slice(start).some((i) => !i.soft);
      for (const ch of checks) {
        if (ch.always) {
          const v = value as { length?: unknown } | null | undefined;
          if (v === null || v === undefined || v.length === undefined) continue;
        } else if (aborted) continue;
        const before = issues.length;
        ch.run(value as T, issues);
        if (!aborted) aborted = issues.slice(before).some((i) => !i.soft);
      }
      return value;
    },
    check: (...more) => schema(parse, [...checks, ...more], optional, list),
    safeParse(input) {
      const issues: Issue[] = [];
      const data = this.run(input, issues) as T;
      return issues.length === 0 ? { success: true, data } : { success: false, error: { issues } };
    },
    parse(input) {
      const r = this.safeParse(input);
      if (r.success) return r.data;
      throw new Error(
        r.error.issues.map((i) => `${i.path.map(String).join('.') || '(value)'}: ${i.message}`).join('\n'),
      );
    },
  };
}

const typed = <T>(ok: (input: unknown) => boolean, error: Message) =>
  schema<T>((input, issues) => {
    if (!ok(input)) issues.push({ path: [], message: say(error, input) });
    return input;
  });

export const string = (error: Message): Schema<string> => typed((v) => typeof v === 'string', error);

export const boolean = (error: Message): Schema<boolean> => typed((v) => typeof v === 'boolean', error);

/** A finite number (NaN and Infinity fail the type test). */
export const number = (error: Message): Schema<number> =>
  typed((v) => typeof v === 'number' && Number.isFinite(v), error);

export const oneOf = <const V extends readonly string[]>(values: V, error: Message): Schema<V[number]> =>
  typed((v) => (values as readonly unknown[]).includes(v), error);

/** Undefined is fine (and an absent field stays absent); anything else must pass `inner`. */
export const optional = <T>(inner: Schema<T>) =>
  schema<T | undefined>(
    (input, issues) => (input === undefined ? undefined : inner.run(input, issues)),
    [],
    true,
  ) as Schema<T | undefined> & { readonly optional: true };

function nest(issues: Issue[], from: number, key: PropertyKey): void {
  for (let i = from; i < issues.length; i++) issues[i]!.path.unshift(key);
}

export const array = <T>(element: Schema<T>, error: Message = 'Invalid input'): Schema<T[]> =>
  schema<T[]>(
    (input, issues) => {
      if (!Array.isArray(input)) {
        issues.push({ path: [], message: say(error, input) });
        return input;
      }
      const out: unknown[] = new Array(input.length);
      for (let i = 0; i < input.length; i++) {
        const from = issues.length;
        out[i] = element.run(input[i], issues);
        nest(issues, from, i);
      }
      return out;
    },
    [],
    undefined,
    true,
  );

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
export type ObjectOf<S extends Shape> = {
  [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]>;
} & { [K in OptionalKeys<S>]?: Infer<S[K]> } extends infer O
  ? { [K in keyof O]: O[K] }
  : never;

/** A plain object (not null, not a list) with these fields; other keys are dropped. */
export const object = <S extends Shape>(shape: S, error: Message = 'Invalid input'): Schema<ObjectOf<S>> =>
  schema<ObjectOf<S>>((input, issues) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      issues.push({ path: [], message: say(error, input) });
      return input;
    }
    const src = input as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      if (key === '__proto__') continue;
      const field = shape[key]!;
      const present = key in src;
      if (field.optional && !present) continue;
      const from = issues.length;
      const value = field.run(src[key], issues);
      nest(issues, from, key);
      if (!present && issues.length === from) issues.push({ path: [key], message: 'Invalid input' });
      if (present) out[key] = value;
    }
    return out;
  });

/** Fails when `ok` is false; `path` puts the issue on a field of the value (object-level rules). */
export const refine = <T>(ok: (value: T) => boolean, error: Message<T>, path: PropertyKey[] = []): Check<T> => ({
  run(value, issues) {
    if (!ok(value)) issues.push({ path: [...path], message: say(error, value), soft: true });
  },
});

const lengthOf = (v: unknown): number => (typeof v === 'string' ? Array.from(v).length : (v as unknown[]).length);

/** At least `min` items (or code points); the message gets the value. */
export const minLength = <T>(min: number, error: Message<T>): Check<T> => ({
  always: true,
  run(value, issues) {
    if (lengthOf(value) < min) issues.push({ path: [], message: say(error, value), soft: true });
  },
});

/** At most `max` items (or code points); the message gets the value. */
export const maxLength = <T>(max: number, error: Message<T>): Check<T> => ({
  always: true,
  max,
  run(value, issues) {
    if (lengthOf(value) > max) issues.push({ path: [], message: say(error, value), soft: true });
  },
});
