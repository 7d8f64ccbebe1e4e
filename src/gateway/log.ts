/**
 * Log lines are JSON with ids and outcome codes. Error texts from Google services can quote a URL,
 * and a query can carry a secret (Google's tokeninfo URL carries an identity token): queries are cut
 * before anything is logged, and texts are kept short.
 */
export function errorText(err: unknown, max = 160): string {
  const e = err as { name?: unknown; message?: unknown } | null;
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return `${name}: ${message.replace(/\?[^\s"']*/g, '?…')}`.slice(0, max);
}
