// Utilities and Blob (script side). Everything here is answered inside the worker, without a round
// trip (Google also computes these without touching user data); each call is counted with ctx.count.
// Fidelity points pinned by test/runtime/utilities.test.ts: byte arrays are Java's signed bytes
// (-128..127), base64 decoding is strict (padding required, one alphabet per method), formatDate
// follows java.text.SimpleDateFormat (English names, unknown zone ids fall back to GMT).
import { createHash, createHmac, createSign, randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FacadeContext, FacadeInstaller } from './context';
import { strict } from './context';
import { MONTH_NAMES, WEEKDAY_NAMES } from '../../../core/time';

// ---- Bytes and charsets ----

/** What a script passes for bytes: a JS array of numbers (signed or not; Java keeps the low 8 bits). */
export function bytesFromScript(ctx: FacadeContext, v: unknown, what = 'value'): Uint8Array {
  if (!Array.isArray(v)) throw ctx.makeError(`Invalid argument: ${what}`);
  const out = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = Number(v[i]) & 0xff;
  return out;
}

/** Bytes as Apps Script hands them to a script: a realm array of signed Java bytes. */
export function bytesToScript(ctx: FacadeContext, bytes: Uint8Array): number[] {
  const out = new ctx.realm.Array() as number[];
  for (const b of bytes) out.push(b > 127 ? b - 256 : b);
  return out;
}

const CHARSETS: Record<string, BufferEncoding> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  utf_8: 'utf8',
  'us-ascii': 'ascii',
  ascii: 'ascii',
  us_ascii: 'ascii',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  iso8859_1: 'latin1',
  'utf-16le': 'utf16le',
  utf_16le: 'utf16le',
};

export function nodeCharset(ctx: FacadeContext, charset: unknown): BufferEncoding {
  if (charset === undefined || charset === null) return 'utf8';
  const enc = CHARSETS[String(charset).toLowerCase()];
  if (!enc) throw ctx.makeError(`Unsupported charset: ${String(charset)}`);
  return enc;
}

export function encodeString(ctx: FacadeContext, s: string, charset?: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(s, nodeCharset(ctx, charset)));
}

export function decodeBytes(ctx: FacadeContext, bytes: Uint8Array, charset?: unknown): string {
  return Buffer.from(bytes).toString(nodeCharset(ctx, charset));
}

/** A string or a byte array, the two shapes Utilities accepts for "data". */
function dataBytes(ctx: FacadeContext, v: unknown, charset?: unknown): Uint8Array {
  if (typeof v === 'string') return encodeString(ctx, v, charset);
  if (Array.isArray(v)) return bytesFromScript(ctx, v);
  if (isBlob(v)) return bytesFromScript(ctx, v.getBytes());
  throw ctx.makeError('Invalid argument: value');
}

// ---- Blob ----

export interface ScriptBlob {
  getBytes(): number[];
  getDataAsString(charset?: string): string;
  getContentType(): string | null;
  setContentType(contentType: string | null): ScriptBlob;
  getName(): string | null;
  setName(name: string): ScriptBlob;
  setBytes(data: number[]): ScriptBlob;
  setDataFromString(s: string, charset?: string): ScriptBlob;
  copyBlob(): ScriptBlob;
  isGoogleType(): boolean;
  getBlob(): ScriptBlob;
  toString(): string;
}

const BLOB_BRAND = Symbol('ccm.blob');

export function isBlob(v: unknown): v is ScriptBlob {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BLOB_BRAND] === true;
}

/** A Blob over a private copy of `bytes`. Shared by Utilities.newBlob and HTTPResponse.getBlob. */
export function makeBlob(
  ctx: FacadeContext,
  bytes: Uint8Array,
  contentType: string | null,
  name: string | null,
): ScriptBlob {
  let data: Uint8Array = new Uint8Array(bytes);
  let type = contentType;
  let fileName = name;
  const blob: ScriptBlob & { [BLOB_BRAND]: true } = {
    [BLOB_BRAND]: true,
    getBytes: () => bytesToScript(ctx, data),
    getDataAsString: (charset?: string) => decodeBytes(ctx, data, charset),
    getContentType: () => type,
    setContentType(ct) {
      type = ct === null || ct === undefined ? null : String(ct);
      return proxy;
    },
    getName: () => fileName,
    setName(n) {
      fileName = String(n);
      return proxy;
    },
    setBytes(d) {
      data = bytesFromScript(ctx, d, 'data');
      return proxy;
    },
    setDataFromString(s, charset) {
      data = encodeString(ctx, String(s), charset);
      return proxy;
    },
    copyBlob: () => makeBlob(ctx, data, type, fileName),
    isGoogleType: () => false,
    getBlob: () => proxy,
    toString: () => 'Blob',
  };
  const proxy = strict(ctx, 'Blob', blob);
  return proxy;
}

// ---- base64 (strict, like Apps Script) ----

const STD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const WEB_SAFE = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/;

function base64Decode(ctx: FacadeContext, s: unknown, webSafe: boolean): Uint8Array {
  const str = String(s);
  // Apps Script's decoder wants the padding and the method's own alphabet (unpadded JWT segments fail).
  if (!(webSafe ? WEB_SAFE : STD).test(str)) throw ctx.makeError('Could not decode string.');
  return new Uint8Array(Buffer.from(str, webSafe ? 'base64url' : 'base64'));
}

function base64Encode(bytes: Uint8Array, webSafe: boolean): string {
  const std = Buffer.from(bytes).toString('base64');
  // Web-safe keeps the '=' padding (unlike base64url in JWTs).
  return webSafe ? std.replace(/\+/g, '-').replace(/\//g, '_') : std;
}

// ---- Digests and signatures ----

const DIGESTS: Record<string, string> = {
  MD2: 'md2',
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};
const MACS: Record<string, string> = {
  HMAC_MD5: 'md5',
  HMAC_SHA_1: 'sha1',
  HMAC_SHA_256: 'sha256',
  HMAC_SHA_384: 'sha384',
  HMAC_SHA_512: 'sha512',
};
const RSAS: Record<string, string> = { RSA_SHA_1: 'RSA-SHA1', RSA_SHA_256: 'RSA-SHA256' };

function enumValue(ctx: FacadeContext, table: Record<string, string>, v: unknown, what: string): string {
  const hit = table[String(v)];
  if (!hit) throw ctx.makeError(`Invalid argument: ${what}`);
  return hit;
}

function digest(ctx: FacadeContext, algorithm: unknown, value: unknown, charset?: unknown): number[] {
  const alg = enumValue(ctx, DIGESTS, algorithm, 'algorithm');
  let h;
  try {
    h = createHash(alg);
  } catch {
    throw ctx.makeError(`The local runtime does not provide the ${String(algorithm)} digest`);
  }
  return bytesToScript(ctx, new Uint8Array(h.update(dataBytes(ctx, value, charset)).digest()));
}

function hmac(ctx: FacadeContext, algorithm: unknown, value: unknown, key: unknown, charset?: unknown): number[] {
  const alg = enumValue(ctx, MACS, algorithm, 'algorithm');
  // Apps Script's overloads take (string, string) or (byte[], byte[]).
  if ((typeof value === 'string') !== (typeof key === 'string')) throw ctx.makeError('Invalid argument: key');
  const mac = createHmac(alg, dataBytes(ctx, key, charset))
    .update(dataBytes(ctx, value, charset))
    .digest();
  return bytesToScript(ctx, new Uint8Array(mac));
}

function rsaSign(ctx: FacadeContext, algorithm: unknown, value: unknown, key: unknown, charset?: unknown): number[] {
  const alg = enumValue(ctx, RSAS, algorithm, 'algorithm');
  try {
    const sig = createSign(alg)
      .update(dataBytes(ctx, value, charset))
      .sign(String(key));
    return bytesToScript(ctx, new Uint8Array(sig));
  } catch {
    throw ctx.makeError('Invalid argument: key');
  }
}

// ---- formatDate: java.text.SimpleDateFormat over Intl ----

interface Zone {
  /** IANA id for Intl, or undefined for a fixed offset. */
  iana?: string;
  fixedOffsetMin?: number;
  /** Java's own short/long names where Intl does not give them (UTC, GMT, custom offsets). */
  shortName?: string;
  longName?: string;
}

// Java's three-letter ids that are not IANA names (the common ones).
const JAVA_SHORT_IDS: Record<string, Zone> = {
  PST: { iana: 'America/Los_Angeles' },
  CST: { iana: 'America/Chicago' },
  IST: { iana: 'Asia/Kolkata' },
  JST: { iana: 'Asia/Tokyo' },
  EST: { fixedOffsetMin: -300, shortName: 'EST', longName: 'Eastern Standard Time' },
  MST: { fixedOffsetMin: -420, shortName: 'MST', longName: 'Mountain Standard Time' },
  HST: { fixedOffsetMin: -600, shortName: 'HST', longName: 'Hawaii Standard Time' },
};
const GMT_ZONE: Zone = { fixedOffsetMin: 0, shortName: 'GMT', longName: 'Greenwich Mean Time' };

const zoneCache = new Map<string, Zone>();

/** Java's TimeZone.getTimeZone: IANA ids (case-sensitive), "GMT+h[:mm]", a few short ids; anything else is GMT. */
export function resolveZone(id: string): Zone {
  const hit = zoneCache.get(id);
  if (hit) return hit;
  let zone: Zone = GMT_ZONE;
  const custom = /^GMT([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(id);
  if (id === 'UTC' || id === 'Etc/UTC' || id === 'Etc/UCT' || id === 'UCT' || id === 'Zulu' || id === 'Etc/Zulu') {
    zone = { fixedOffsetMin: 0, shortName: 'UTC', longName: 'Coordinated Universal Time' };
  } else if (id === 'GMT' || id === 'Etc/GMT' || id === 'Greenwich' || id === 'Etc/Greenwich') {
    zone = GMT_ZONE;
  } else if (custom) {
    const [, sign, hh, mm = '00'] = custom as unknown as [string, string, string, string?];
    const minutes = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
    if (Number(hh) <= 23 && Number(mm) <= 59) {
      const name = `GMT${sign}${hh.padStart(2, '0')}:${mm}`;
      zone = { fixedOffsetMin: minutes, shortName: name, longName: name };
    }
  } else if (JAVA_SHORT_IDS[id]) {
    zone = JAVA_SHORT_IDS[id]!;
  } else {
    try {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: id }).resolvedOptions().timeZone;
      // Java ids are case-sensitive: Intl would accept "europe/paris", Java falls back to GMT.
      if (resolved === id || resolved.toLowerCase() !== id.toLowerCase()) zone = { iana: id };
    } catch {
      zone = GMT_ZONE;
    }
  }
  zoneCache.set(id, zone);
  return zone;
}

interface Wall {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  weekday: number; // 0 = Sunday
  offsetMin: number;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

function wallClock(ms: number, zone: Zone): Wall {
  const millis = ((ms % 1000) + 1000) % 1000;
  let offsetMin: number;
  if (zone.iana) {
    let f = wallFormats.get(zone.iana);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone.iana,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
      wallFormats.set(zone.iana, f);
    }
    const p: Record<string, string> = {};
    for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
    const year = p.era === 'BC' || p.era === 'B' ? 1 - Number(p.year) : Number(p.year);
    // setUTCFullYear, not Date.UTC: Date.UTC maps years 0..99 to 1900..1999.
    const wall = new Date(0);
    wall.setUTCFullYear(year, Number(p.month) - 1, Number(p.day));
    wall.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second), 0);
    offsetMin = Math.round((wall.getTime() - (ms - millis)) / 60000);
  } else {
    offsetMin = zone.fixedOffsetMin ?? 0;
  }
  const d = new Date(ms + offsetMin * 60000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millis,
    weekday: d.getUTCDay(),
    offsetMin,
  };
}

const MONTHS = MONTH_NAMES;
const WEEKDAYS = WEEKDAY_NAMES;

function zoneName(zone: Zone, ms: number, long: boolean, offsetMin: number): string {
  const own = long ? zone.longName : zone.shortName;
  if (own) return own;
  const iana = zone.iana!;
  if (long) {
    return new Intl.DateTimeFormat('en-US', { timeZone: iana, timeZoneName: 'long' })
      .formatToParts(new Date(ms))
      .find((p) => p.type === 'timeZoneName')!.value;
  }
  // Java has an abbreviation for most zones; Intl gives one only in the locale that uses it.
  for (const locale of ['en-US', 'en-GB', 'en-AU', 'en-IN', 'ja-JP']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: iana, timeZoneName: 'short' })
      .formatToParts(new Date(ms))
      .find((p) => p.type === 'timeZoneName')!.value;
    if (!/^GMT[+-]/.test(name) && name !== 'GMT+0') return name;
  }
  return `GMT${offsetText(offsetMin, ':')}`;
}

function offsetText(offsetMin: number, sep: string): string {
  const a = Math.abs(offsetMin);
  return `${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(a / 60), 2)}${sep}${pad(a % 60, 2)}`;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + s.padStart(width, '0');
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function dayOfYear(w: Wall): number {
  return Math.round((Date.UTC(w.year, w.month - 1, w.day) - Date.UTC(w.year, 0, 1)) / 86400000) + 1;
}

/** Week of year and week-based year with java.util.GregorianCalendar's US rules (weeks start Sunday; week 1 holds Jan 1). */
function weekOfYear(w: Wall): { week: number; weekYear: number } {
  const doy = dayOfYear(w);
  const jan1 = (((w.weekday - (doy - 1)) % 7) + 7) % 7;
  const daysInYear = isLeap(w.year) ? 366 : 365;
  if (doy + (6 - w.weekday) > daysInYear) return { week: 1, weekYear: w.year + 1 };
  return { week: Math.floor((doy - 1 + jan1) / 7) + 1, weekYear: w.year };
}

/** Formats like Java's SimpleDateFormat(pattern, Locale.US) with the given time zone id. */
export function formatJavaDate(ms: number, timeZone: string, pattern: string): string {
  const zone = resolveZone(timeZone);
  const w = wallClock(ms, zone);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      // Quoted text runs to the next lone quote; '' inside it is a quote.
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= pattern.length) throw new Error('Unterminated quote');
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
      out += text;
      i = j + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      out += c;
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === c) n++;
    i += n;
    out += field(c, n, w, zone, ms);
  }
  return out;
}

function field(c: string, n: number, w: Wall, zone: Zone, ms: number): string {
  const h12 = w.hour % 12;
  switch (c) {
    case 'G':
      return w.year > 0 ? 'AD' : 'BC';
    case 'y':
    case 'Y': {
      const y = c === 'y' ? w.year : weekOfYear(w).weekYear;
      return n === 2 ? pad(y % 100, 2) : pad(y, n);
    }
    case 'M':
    case 'L':
      return n >= 4 ? MONTHS[w.month - 1]! : n === 3 ? MONTHS[w.month - 1]!.slice(0, 3) : pad(w.month, n);
    case 'w':
      return pad(weekOfYear(w).week, n);
    case 'W': {
      const first = (((w.weekday - (w.day - 1)) % 7) + 7) % 7;
      return pad(Math.floor((w.day - 1 + first) / 7) + 1, n);
    }
    case 'D':
      return pad(dayOfYear(w), n);
    case 'd':
      return pad(w.day, n);
    case 'F':
      return pad(Math.floor((w.day - 1) / 7) + 1, n);
    case 'E':
      return n >= 4 ? WEEKDAYS[w.weekday]! : WEEKDAYS[w.weekday]!.slice(0, 3);
    case 'u':
      return pad(w.weekday === 0 ? 7 : w.weekday, n);
    case 'a':
      return w.hour < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(w.hour, n);
    case 'k':
      return pad(w.hour === 0 ? 24 : w.hour, n);
    case 'K':
      return pad(h12, n);
    case 'h':
      return pad(h12 === 0 ? 12 : h12, n);
    case 'm':
      return pad(w.minute, n);
    case 's':
      return pad(w.second, n);
    case 'S':
      return pad(w.millis, n);
    case 'z':
      return zoneName(zone, ms, n >= 4, w.offsetMin);
    case 'Z':
      return offsetText(w.offsetMin, '');
    case 'X':
      if (w.offsetMin === 0) return 'Z';
      if (n === 1) return offsetText(w.offsetMin, '').slice(0, 3);
      if (n === 2) return offsetText(w.offsetMin, '');
      if (n === 3) return offsetText(w.offsetMin, ':');
      throw new Error('invalid ISO 8601 format: length=' + n);
    default:
      throw new Error(`Illegal pattern character '${c}'`);
  }
}

// ---- formatString: sprintf ----

/** Apps Script's sprintf: %[flags][width][.precision](s d i f e x X o c %). */
export function formatString(template: string, args: unknown[]): string {
  let next = 0;
  return template.replace(
    /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifeExXoc%])/g,
    (_m, flags: string, width?: string, precision?: string, conv?: string) => {
      if (conv === '%') return '%';
      const arg = args[next++];
      let s: string;
      const num = Number(arg);
      switch (conv) {
        case 's':
          s = String(arg);
          if (precision !== undefined) s = s.slice(0, Number(precision));
          break;
        case 'd':
        case 'i':
          s = String(Math.trunc(num));
          break;
        case 'f':
          s = num.toFixed(precision === undefined ? 6 : Number(precision));
          break;
        case 'e':
        case 'E':
          s = num.toExponential(precision === undefined ? 6 : Number(precision));
          if (conv === 'E') s = s.toUpperCase();
          break;
        case 'x':
        case 'X':
          s = Math.trunc(num).toString(16);
          if (conv === 'X') s = s.toUpperCase();
          break;
        case 'o':
          s = Math.trunc(num).toString(8);
          break;
        default: // 'c'
          s = typeof arg === 'number' ? String.fromCharCode(arg) : String(arg).charAt(0);
      }
      const numeric = conv !== 's' && conv !== 'c';
      if (numeric && flags.includes('+') && num >= 0) s = `+${s}`;
      else if (numeric && flags.includes(' ') && num >= 0) s = ` ${s}`;
      const w = width === undefined ? 0 : Number(width);
      if (s.length < w) {
        if (flags.includes('-')) s = s.padEnd(w, ' ');
        else if (flags.includes('0') && numeric) {
          const sign = /^[+\- ]/.test(s) ? s[0]! : '';
          s = sign + s.slice(sign.length).padStart(w - sign.length, '0');
        } else s = s.padStart(w, ' ');
      }
      return s;
    },
  );
}

// ---- parseCsv ----

export function parseCsv(csv: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < csv.length) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      if (c === '\r' && csv[i + 1] === '\n') i++;
    } else cell += c;
    i++;
  }
  // A final line break does not start another row.
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

// ---- The Utilities global ----

/** Wraps every function of a service object so each call is counted under `Service.method`. */
export function counted<T extends object>(ctx: FacadeContext, service: string, obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    out[k] =
      typeof v === 'function' && !k.startsWith('__')
        ? (...args: unknown[]) => {
            ctx.count(`${service}.${k}`);
            return (v as (...a: unknown[]) => unknown)(...args);
          }
        : v;
  }
  return out as T;
}

function enumOf<K extends string>(names: K[]): Readonly<Record<K, K>> {
  const o = {} as Record<K, K>;
  for (const n of names) o[n] = n;
  return Object.freeze(o);
}

const SLEEP_MAX_MS = 300_000;

export const installUtilities: FacadeInstaller = (ctx: FacadeContext) => {
  const toDateMs = (d: unknown): number => {
    if (!d || typeof (d as Date).getTime !== 'function')
      throw ctx.makeError('Cannot find method formatDate(' + typeof d + ',string,string).');
    return (d as Date).getTime();
  };
  const utilities = counted(ctx, 'Utilities', {
    formatDate(date: unknown, timeZone: unknown, format: unknown) {
      try {
        return formatJavaDate(toDateMs(date), String(timeZone), String(format));
      } catch (e) {
        throw ctx.makeError((e as Error).message);
      }
    },
    formatString: (template: unknown, ...args: unknown[]) => formatString(String(template), args),
    getUuid: () => randomUUID(),
    newBlob(data: unknown, contentType?: unknown, name?: unknown) {
      const bytes = data === undefined || data === null ? new Uint8Array() : dataBytes(ctx, data);
      return makeBlob(
        ctx,
        bytes,
        contentType === undefined || contentType === null ? null : String(contentType),
        name === undefined || name === null ? null : String(name),
      );
    },
    base64Encode: (data: unknown, charset?: unknown) => base64Encode(dataBytes(ctx, data, charset), false),
    base64EncodeWebSafe: (data: unknown, charset?: unknown) => base64Encode(dataBytes(ctx, data, charset), true),
    base64Decode: (encoded: unknown) => bytesToScript(ctx, base64Decode(ctx, encoded, false)),
    base64DecodeWebSafe: (encoded: unknown) => bytesToScript(ctx, base64Decode(ctx, encoded, true)),
    computeDigest: (algorithm: unknown, value: unknown, charset?: unknown) => digest(ctx, algorithm, value, charset),
    computeHmacSignature: (algorithm: unknown, value: unknown, key: unknown, charset?: unknown) =>
      hmac(ctx, algorithm, value, key, charset),
    computeHmacSha256Signature: (value: unknown, key: unknown, charset?: unknown) =>
      hmac(ctx, 'HMAC_SHA_256', value, key, charset),
    computeRsaSignature: (algorithm: unknown, value: unknown, key: unknown, charset?: unknown) =>
      rsaSign(ctx, algorithm, value, key, charset),
    computeRsaSha1Signature: (value: unknown, key: unknown, charset?: unknown) =>
      rsaSign(ctx, 'RSA_SHA_1', value, key, charset),
    computeRsaSha256Signature: (value: unknown, key: unknown, charset?: unknown) =>
      rsaSign(ctx, 'RSA_SHA_256', value, key, charset),
    sleep(ms: unknown) {
      const n = Number(ms);
      if (!(n >= 0)) throw ctx.makeError('Invalid argument: milliseconds');
      ctx.sleep(Math.min(n, SLEEP_MAX_MS));
    },
    // gzip(blob[, name]) / ungzip(blob): https://developers.google.com/apps-script/reference/utilities/utilities
    // ("Compresses the provided Blob data and returns it in a new Blob object"; ungzip "Uncompresses a
    // Blob object and returns a Blob containing the uncompressed data").
    gzip(blob: unknown, name?: unknown) {
      if (!isBlob(blob)) throw ctx.makeError('Invalid argument: blob');
      const packed = gzipSync(bytesFromScript(ctx, blob.getBytes()));
      const fileName = name === undefined || name === null ? `${blob.getName() ?? 'archive'}.gz` : String(name);
      return makeBlob(ctx, packed, 'application/x-gzip', fileName);
    },
    ungzip(blob: unknown) {
      if (!isBlob(blob)) throw ctx.makeError('Invalid argument: blob');
      let bytes: Uint8Array;
      try {
        bytes = gunzipSync(bytesFromScript(ctx, blob.getBytes()));
      } catch {
        throw ctx.makeError('Could not decompress gzip.');
      }
      return makeBlob(ctx, bytes, null, null);
    },
    parseCsv: (csv: unknown, delimiter?: unknown) =>
      ctx.intoRealm(parseCsv(String(csv), delimiter === undefined ? ',' : String(delimiter))),
    jsonParse: (json: unknown) => ctx.realm.JSON.parse(String(json)) as unknown,
    jsonStringify: (obj: unknown) => ctx.realm.JSON.stringify(obj),
    Charset: enumOf(['US_ASCII', 'UTF_8']),
    DigestAlgorithm: enumOf(['MD2', 'MD5', 'SHA_1', 'SHA_256', 'SHA_384', 'SHA_512']),
    MacAlgorithm: enumOf(['HMAC_MD5', 'HMAC_SHA_1', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512']),
    RsaAlgorithm: enumOf(['RSA_SHA_1', 'RSA_SHA_256']),
  });
  return { Utilities: strict(ctx, 'Utilities', utilities) };
};
