/**
 * Request validation. Everything in the body is untrusted: shapes, sizes and formats are checked
 * before any op runs, and a bad request answers BAD_REQUEST naming the field. The envelope is checked
 * here; each op's args by its schema in the one table, core/contract.ts. Who the caller is never comes
 * from here (auth.ts); emails in args are lookup keys only.
 */
import * as c from '../core/check';
import { CONTRACT, LIMITS, OPS, type GatewayRequest } from '../core/contract';
import { CcmError } from '../core/errors';

const Envelope = c.object({
  op: c.oneOf(OPS, `must be one of ${OPS.join(', ')}`),
  idToken: c.string('is missing').check(c.minLength(1, 'is missing'), c.maxLength(LIMITS.idToken, 'is too long')),
  requestId: c.string('is missing').check(
    c.maxLength(LIMITS.requestId, 'is too long'),
    c.refine((s) => /^[\x21-\x7e]*$/.test(s), 'must be printable ASCII without spaces'),
  ),
});

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

function describe(issues: readonly IssueLike[], prefix: string): string {
  const first = issues[0];
  if (!first) return 'The request was not understood.';
  const path = [prefix, ...first.path.map(String)].filter((p) => p !== '').join('.');
  const what = first.message && first.message !== 'Invalid input' ? first.message : 'is not valid';
  return `The request was not understood: ${path || 'the body'} ${what}.`;
}

/** Parses the raw POST body into a typed request, or throws BAD_REQUEST naming the first problem. */
export function parseRequest(body: string): GatewayRequest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new CcmError('BAD_REQUEST', 'The request was not understood: the body is not JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new CcmError('BAD_REQUEST', 'The request was not understood: the body must be a JSON object.');
  const env = Envelope.safeParse(json);
  if (!env.success) throw new CcmError('BAD_REQUEST', describe(env.error.issues, ''));
  const schema = CONTRACT[env.data.op].args;
  const args = schema.safeParse((json as { args?: unknown }).args ?? {});
  if (!args.success) throw new CcmError('BAD_REQUEST', describe(args.error.issues, 'args'));
  // The args parsed by the op's own schema: the op and its args belong together.
  return {
    op: env.data.op,
    idToken: env.data.idToken,
    requestId: env.data.requestId,
    args: args.data,
  } as GatewayRequest;
}

/** The request id, when the body had a usable one: for logs of requests that fail validation. */
export function peekRequestId(body: string): string {
  try {
    const v = (JSON.parse(body) as { requestId?: unknown }).requestId;
    return typeof v === 'string' && /^[\x21-\x7e]{1,128}$/.test(v) ? v : '';
  } catch {
    return '';
  }
}
