/** The shape every validator in src/core reports problems in, and the bridge from schema issues (check.ts). */

export interface Problem {
  /** Dotted path of the field: `goal`, `agenda.2`, `actionPlan.0.due`; '' for the whole thing. */
  field: string;
  /** A full sentence a person can act on. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
}

/** Field path as used in Problem.field. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/**
 * Schema issues (check.ts, or zod's) to problems. Every schema in src/core sets its own messages;
 * the generic text ("Invalid input") is replaced by `fallback(field)` so no such text reaches a person.
 */
export function issuesToProblems(issues: readonly IssueLike[], fallback: (field: string) => string): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const issue of issues) {
    const field = fieldPath(issue.path);
    const message = !issue.message || issue.message === 'Invalid input' ? fallback(field) : issue.message;
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, message });
  }
  return out;
}
