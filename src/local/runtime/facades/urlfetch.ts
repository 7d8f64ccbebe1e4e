// UrlFetchApp (script side): turns fetch parameters into a wire request (bytes as base64), sends it
// to the main thread (backends/urlfetch.ts does the allowlist, routing and Google's exceptions) and
// wraps the answer in an HTTPResponse.
import type { FacadeContext, FacadeInstaller } from './context';
import { strict } from './context';
import type { WireRequest, WireResponse } from '../backends/urlfetch';
import { bytesFromScript, bytesToScript, counted, decodeBytes, encodeString, isBlob, makeBlob } from './utilities';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

interface FetchParams {
  method?: unknown;
  contentType?: unknown;
  payload?: unknown;
  headers?: unknown;
  muteHttpExceptions?: unknown;
  followRedirects?: unknown;
  validateHttpsCertificates?: unknown;
  escaping?: unknown;
  useIntranet?: unknown;
}

/** Java's URLEncoder: only letters, digits and `.-*_` stay as they are; a space becomes `+`. */
function formEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function toWire(ctx: FacadeContext, url: unknown, params: FetchParams | undefined): WireRequest {
  if (typeof url !== 'string') throw ctx.makeError(`Invalid argument: url`);
  const p: FetchParams = params ?? {};
  const method = String(p.method ?? 'get').toUpperCase();
  if (!METHODS.includes(method)) throw ctx.makeError('Attribute provided with invalid value: method');
  if (p.useIntranet) throw ctx.makeError('The local runtime does not provide UrlFetchApp intranet requests');

  const headers: Record<string, string> = {};
  if (p.headers !== undefined && p.headers !== null) {
    if (typeof p.headers !== 'object') throw ctx.makeError('Attribute provided with invalid value: headers');
    for (const [k, v] of Object.entries(p.headers as Record<string, unknown>)) headers[k] = String(v);
  }
  const headerType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];

  let body: Uint8Array | undefined;
  let defaultType = 'application/x-www-form-urlencoded';
  const payload = p.payload;
  if (typeof payload === 'string') body = encodeString(ctx, payload);
  else if (Array.isArray(payload)) body = bytesFromScript(ctx, payload, 'payload');
  else if (isBlob(payload)) {
    body = bytesFromScript(ctx, payload.getBytes(), 'payload');
    defaultType = payload.getContentType() ?? defaultType;
  } else if (payload !== undefined && payload !== null && typeof payload === 'object') {
    const entries = Object.entries(payload as Record<string, unknown>);
    // A Blob value makes Apps Script send multipart/form-data.
    if (entries.some(([, v]) => isBlob(v)))
      throw ctx.makeError('The local runtime does not provide multipart payloads (a Blob in a payload object)');
    body = encodeString(ctx, entries.map(([k, v]) => `${formEncode(k)}=${formEncode(String(v))}`).join('&'));
  } else if (payload !== undefined && payload !== null) {
    body = encodeString(ctx, String(payload));
  }

  const contentType =
    p.contentType !== undefined && p.contentType !== null
      ? String(p.contentType)
      : (headerType ?? (body ? defaultType : undefined));
  return {
    url,
    method,
    headers,
    contentType,
    payloadBase64: body ? Buffer.from(body).toString('base64') : undefined,
    muteHttpExceptions: !!p.muteHttpExceptions,
    followRedirects: p.followRedirects !== false,
  };
}

function charsetOf(contentType: string | undefined): string | undefined {
  const m = contentType ? /;\s*charset="?([^";\s]+)"?/i.exec(contentType) : null;
  return m ? m[1] : undefined;
}

function httpResponse(ctx: FacadeContext, w: WireResponse) {
  const body = new Uint8Array(Buffer.from(w.bodyBase64, 'base64'));
  const contentType = w.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const r = counted(ctx, 'HTTPResponse', {
    getResponseCode: () => w.code,
    getContentText: (charset?: unknown) => {
      try {
        return decodeBytes(ctx, body, charset ?? charsetOf(contentType));
      } catch {
        // An unknown charset in the server's header falls back to UTF-8, as Apps Script does.
        if (charset !== undefined) throw ctx.makeError(`Unsupported charset: ${String(charset)}`);
        return decodeBytes(ctx, body);
      }
    },
    getContent: () => bytesToScript(ctx, body),
    getBlob: () => makeBlob(ctx, body, contentType ? contentType.split(';')[0]!.trim() : null, null),
    /** One value per header (the last, when the server repeated it). */
    getHeaders: () => {
      const out: Record<string, string> = {};
      for (const [k, v] of w.headers) out[k] = v;
      return ctx.intoRealm(out);
    },
    /** Every header; the repeated ones as arrays. */
    getAllHeaders: () => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of w.headers) {
        const prev = out[k];
        out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      return ctx.intoRealm(out);
    },
    toString: () => 'HTTPResponse',
  });
  return strict(ctx, 'HTTPResponse', r);
}

export const installUrlFetch: FacadeInstaller = (ctx: FacadeContext) => {
  const app = {
    fetch(url: unknown, params?: FetchParams) {
      return httpResponse(ctx, ctx.call<WireResponse>('UrlFetchApp.fetch', toWire(ctx, url, params)));
    },
    fetchAll(requests: unknown) {
      if (!Array.isArray(requests)) throw ctx.makeError('Invalid argument: requests');
      const wires = requests.map((r: unknown) => {
        if (typeof r === 'string') return toWire(ctx, r, undefined);
        if (r && typeof r === 'object') return toWire(ctx, (r as { url?: unknown }).url, r as FetchParams);
        throw ctx.makeError('Invalid argument: requests');
      });
      const out = new ctx.realm.Array() as unknown[];
      for (const w of ctx.call<WireResponse[]>('UrlFetchApp.fetchAll', wires)) out.push(httpResponse(ctx, w));
      return out;
    },
    /** The request Apps Script would send, without sending it. */
    getRequest(url: unknown, params?: FetchParams) {
      ctx.count('UrlFetchApp.getRequest');
      const w = toWire(ctx, url, params);
      const req: Record<string, unknown> = {
        url: w.url,
        method: w.method.toLowerCase(),
        headers: w.headers,
        followRedirects: w.followRedirects,
        validateHttpsCertificates: (params ?? {}).validateHttpsCertificates !== false,
        useIntranet: false,
      };
      if (w.contentType !== undefined) req.contentType = w.contentType;
      if (w.payloadBase64 !== undefined)
        req.payload = decodeBytes(ctx, new Uint8Array(Buffer.from(w.payloadBase64, 'base64')));
      return ctx.intoRealm(req);
    },
  };
  return { UrlFetchApp: strict(ctx, 'UrlFetchApp', app) };
};
