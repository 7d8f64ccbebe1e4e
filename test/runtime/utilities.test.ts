// Utilities fidelity: Java's SimpleDateFormat, signed bytes, strict base64, digests and signatures,
// Blob, CSV, sprintf. Run through a script (realm, counting) and, for the date tables, directly.
import { createHash, createHmac, createVerify, generateKeyPairSync } from 'node:crypto';
import { scriptRuntime } from './helpers';
import { formatJavaDate } from '../../src/local/runtime/facades/utilities';

const CODE = `
function fmt(ms, tz, pattern) { try { return Utilities.formatDate(new Date(ms), tz, pattern); } catch (e) { return 'ERR ' + e.message; } }
function str() { return [Utilities.formatString('%s has %d items costing %.2f', 'cart', 3, 9.5), Utilities.formatString('%05d|%-4s|%x|%%|%+d', 42, 'a', 255, 7)]; }
function b64() {
  return {
    enc: Utilities.base64Encode('été'),
    encBytes: Utilities.base64Encode([-5, -1]),
    encSafe: Utilities.base64EncodeWebSafe([-5, -1]),
    dec: Utilities.base64Decode('+/8='),
    decSafe: Utilities.base64DecodeWebSafe('-_8='),
    text: Utilities.newBlob(Utilities.base64Decode('w6l0w6k=')).getDataAsString(),
    isArray: Utilities.base64Decode('AA==') instanceof Array
  };
}
function strict(s, safe) { try { return safe ? Utilities.base64DecodeWebSafe(s) : Utilities.base64Decode(s); } catch (e) { return e.name + ': ' + e.message; } }
function digests() {
  return {
    sha256: Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, 'abc'),
    md5: Utilities.computeDigest(Utilities.DigestAlgorithm.MD5, 'abc', Utilities.Charset.US_ASCII),
    hmac: Utilities.computeHmacSha256Signature('The quick brown fox jumps over the lazy dog', 'key'),
    hmac512: Utilities.computeHmacSignature(Utilities.MacAlgorithm.HMAC_SHA_512, [1, 2, 3], [-1, -2])
  };
}
function rsa(pem) { return Utilities.base64Encode(Utilities.computeRsaSha256Signature('payload', pem)); }
function blobs() {
  var b = Utilities.newBlob('héllo', 'text/plain', 'a.txt');
  var c = b.copyBlob().setName('b.txt');
  var raw = Utilities.newBlob([104, 105]);
  return [b.getBytes().length, b.getContentType(), b.getName(), c.getName(), c.getDataAsString(), raw.getDataAsString(), raw.getContentType(), raw.getName(), String(b)];
}
function gz(text) {
  var packed = Utilities.gzip(Utilities.newBlob(text, 'text/plain', 'notes.txt'));
  var wire = Utilities.base64Encode(packed.getBytes());
  var back = Utilities.ungzip(Utilities.newBlob(Utilities.base64Decode(wire), 'application/x-gzip'));
  var bad; try { Utilities.ungzip(Utilities.newBlob('not gzip')); } catch (e) { bad = e.name; }
  return [packed.getContentType(), packed.getName(), wire.slice(0, 4), back.getDataAsString(), bad];
}
function csv() { return [Utilities.parseCsv('a,"b,c"\\n"d ""q""",e\\n'), Utilities.parseCsv('x;y', ';')]; }
function misc() {
  var parsed = Utilities.jsonParse('{"a":[1,2]}');
  return { uuid: Utilities.getUuid(), other: Utilities.getUuid(), parsedIsArray: parsed.a instanceof Array, json: Utilities.jsonStringify({ b: 1 }) };
}
function nap() { Utilities.sleep(250); return 'awake'; }
function counts() { Utilities.formatDate(new Date(0), 'UTC', 'yyyy'); Utilities.formatDate(new Date(0), 'UTC', 'yyyy'); Utilities.getUuid(); }
function missing() { return Utilities.zip([]); }
`;

const paris = 'Europe/Paris';
const ny = 'America/New_York';

describe('Utilities through a script', () => {
  const { runtime } = scriptRuntime([{ name: 'p', code: CODE }]);
  afterAll(() => runtime.close());
  const run = async (fn: string, args: unknown[] = []) => {
    const r = await runtime.execute({ project: 'p', fn, args, user: 'ana@acme.test' });
    if (!r.ok) throw new Error(`${fn}: ${r.error?.message}`);
    return r;
  };
  const value = async (fn: string, args: unknown[] = []) => (await run(fn, args)).value as any;

  test('formatDate across the Paris spring-forward and the New York fall-back', async () => {
    const p = 'yyyy-MM-dd HH:mm:ss.SSS z Z XXX';
    expect(await value('fmt', [Date.UTC(2026, 2, 29, 0, 59, 59, 7), paris, p])).toBe(
      '2026-03-29 01:59:59.007 CET +0100 +01:00',
    );
    expect(await value('fmt', [Date.UTC(2026, 2, 29, 1, 0, 0), paris, p])).toBe(
      '2026-03-29 03:00:00.000 CEST +0200 +02:00',
    );
    expect(await value('fmt', [Date.UTC(2026, 2, 29, 1, 0, 0), paris, 'EEEE, MMMM d, yyyy h:mm a'])).toBe(
      'Sunday, March 29, 2026 3:00 AM',
    );
    // 01:30 happens twice in New York on 2026-11-01.
    expect(await value('fmt', [Date.UTC(2026, 10, 1, 5, 30), ny, "yyyy-MM-dd'T'HH:mm:ssXXX z"])).toBe(
      '2026-11-01T01:30:00-04:00 EDT',
    );
    expect(await value('fmt', [Date.UTC(2026, 10, 1, 6, 30), ny, "yyyy-MM-dd'T'HH:mm:ssXXX z"])).toBe(
      '2026-11-01T01:30:00-05:00 EST',
    );
    expect(await value('fmt', [0, 'UTC', "yyyy-MM-dd'T'HH:mm:ss'Z'"])).toBe('1970-01-01T00:00:00Z');
    expect(await value('fmt', [0, 'UTC', 'yyyy-MM-dd q'])).toBe("ERR Illegal pattern character 'q'");
  });

  test('formatString is sprintf', async () => {
    expect(await value('str')).toEqual(['cart has 3 items costing 9.50', '00042|a   |ff|%|+7']);
  });

  test("base64 works on Java's signed bytes; web-safe keeps the padding", async () => {
    expect(await value('b64')).toEqual({
      enc: 'w6l0w6k=',
      encBytes: '+/8=',
      encSafe: '-_8=',
      dec: [-5, -1],
      decSafe: [-5, -1],
      text: 'été',
      isArray: true,
    });
  });

  test('base64 decoding is strict: padding required, one alphabet per method', async () => {
    expect(await value('strict', ['-_8=', false])).toBe('Exception: Could not decode string.');
    expect(await value('strict', ['+/8=', true])).toBe('Exception: Could not decode string.');
    // A JWT segment as it comes (unpadded) must be padded first.
    expect(await value('strict', ['eyJhIjoxfQ', true])).toBe('Exception: Could not decode string.');
    expect(await value('strict', ['eyJhIjoxfQ==', true])).toEqual([...Buffer.from('{"a":1}')]);
  });

  test('digests and HMACs match the standard vectors, as signed bytes', async () => {
    const signed = (b: Buffer) => [...b].map((x) => (x > 127 ? x - 256 : x));
    const v = await value('digests');
    expect(v.sha256).toEqual(signed(createHash('sha256').update('abc').digest()));
    expect(v.sha256.slice(0, 4)).toEqual([-70, 120, 22, -65]); // ba 78 16 bf
    expect(v.md5.slice(0, 4)).toEqual([-112, 1, 80, -104]); // 90 01 50 98
    expect(Buffer.from(v.hmac.map((x: number) => x & 0xff)).toString('hex')).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
    expect(v.hmac512).toEqual(
      signed(
        createHmac('sha512', Buffer.from([255, 254]))
          .update(Buffer.from([1, 2, 3]))
          .digest(),
      ),
    );
  });

  test('computeRsaSha256Signature signs with a PEM private key (a service-account key)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sig = (await value('rsa', [privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()])) as string;
    expect(createVerify('RSA-SHA256').update('payload').verify(publicKey, Buffer.from(sig, 'base64'))).toBe(true);
  });

  test('Blob: bytes, content type, name, independent copies', async () => {
    expect(await value('blobs')).toEqual([6, 'text/plain', 'a.txt', 'b.txt', 'héllo', 'hi', null, null, 'Blob']);
  });

  // https://developers.google.com/apps-script/reference/utilities/utilities: gzip "Compresses the
  // provided Blob data and returns it in a new Blob object"; ungzip "Uncompresses a Blob object and
  // returns a Blob containing the uncompressed data". (The add-on's guides ship this way: src/addon/guides.ts.)
  test('gzip and ungzip round-trip a Blob through base64; ungzip of other data throws', async () => {
    expect(await value('gz', ['Café — “guides”'])).toEqual([
      'application/x-gzip',
      'notes.txt.gz',
      'H4sI',
      'Café — “guides”',
      'Exception',
    ]);
  });

  test('parseCsv handles quotes, escaped quotes and a custom delimiter', async () => {
    expect(await value('csv')).toEqual([
      [
        ['a', 'b,c'],
        ['d "q"', 'e'],
      ],
      [['x', 'y']],
    ]);
  });

  test('getUuid, jsonParse into the script realm, jsonStringify', async () => {
    const v = await value('misc');
    expect(v.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(v.other).not.toBe(v.uuid);
    expect([v.parsedIsArray, v.json]).toEqual([true, '{"b":1}']);
  });

  test('sleep blocks for real without counting as CPU; calls are counted locally', async () => {
    const slept = await run('nap');
    expect(slept.wallMs).toBeGreaterThanOrEqual(240);
    expect(slept.cpuMs).toBeLessThan(slept.wallMs - 200);
    const c = await run('counts');
    expect(c.localCalls).toMatchObject({ 'Utilities.formatDate': 2, 'Utilities.getUuid': 1 });
    expect(c.counters.totalServiceCalls).toBe(0);
    const r = await runtime.execute({ project: 'p', fn: 'missing', user: 'ana@acme.test' });
    expect(r.error?.message).toBe('The local runtime does not provide Utilities.zip');
  });
});

describe('formatDate: SimpleDateFormat letters (direct)', () => {
  const utc = (ms: number, p: string) => formatJavaDate(ms, 'Etc/UTC', p);

  test('numbers, padding, two-digit years and milliseconds', () => {
    const t = Date.UTC(2026, 0, 5, 13, 4, 5, 9);
    expect(utc(t, 'yy/M/d H:m:s.S X z')).toBe('26/1/5 13:4:5.9 Z UTC');
    expect(utc(t, 'y yyy yyyyy MM dd HH mm ss SSS')).toBe('2026 2026 02026 01 05 13 04 05 009');
    expect(utc(t, 'MMM MMMM MMMMM E EEEE G')).toBe('Jan January January Mon Monday AD');
  });

  test('hours in all four styles and AM/PM', () => {
    const midnight = Date.UTC(2026, 11, 31, 0, 0);
    expect(utc(midnight, 'H k K h a')).toBe('0 24 0 12 AM');
    expect(utc(Date.UTC(2026, 11, 31, 12, 0), 'H k K h a')).toBe('12 12 0 12 PM');
    expect(utc(midnight, 'D u EEE F')).toBe('365 4 Thu 5');
  });

  test('quoting', () => {
    expect(utc(Date.UTC(2026, 0, 5, 13, 4), "h 'o''clock' a, ''yy")).toBe("1 o'clock PM, '26");
    expect(() => utc(0, "'open")).toThrow('Unterminated quote');
  });

  test('US week rules: weeks start on Sunday, the week holding Jan 1 is week 1 of the next week-year', () => {
    expect(utc(Date.UTC(2026, 11, 26), 'w Y W')).toBe('52 2026 4');
    expect(utc(Date.UTC(2026, 11, 27), 'w Y W')).toBe('1 2027 5');
    expect(utc(Date.UTC(2026, 0, 1), 'w Y W')).toBe('1 2026 1');
  });

  test('offsets: X, XX, XXX and Z; half-hour zones', () => {
    const t = Date.UTC(2026, 0, 1, 0, 0);
    expect(formatJavaDate(t, 'Asia/Kolkata', 'HH:mm X XX XXX Z z')).toBe('05:30 +05 +0530 +05:30 +0530 IST');
    expect(formatJavaDate(t, ny, 'X XX XXX Z zzzz')).toBe('-05 -0500 -05:00 -0500 Eastern Standard Time');
    expect(formatJavaDate(Date.UTC(2026, 6, 1), 'Europe/London', 'z')).toBe('BST');
    expect(formatJavaDate(Date.UTC(2026, 0, 1), 'Europe/London', 'z X')).toBe('GMT Z');
  });

  test('zone ids as Java reads them: custom GMT offsets, short ids, case-sensitive ids, unknown ids fall back to GMT', () => {
    const noon = Date.UTC(2026, 0, 1, 12);
    expect(formatJavaDate(noon, 'GMT+2', 'HH:mm z XXX')).toBe('14:00 GMT+02:00 +02:00');
    expect(formatJavaDate(noon, 'GMT-03:30', 'HH:mm z')).toBe('08:30 GMT-03:30');
    expect(formatJavaDate(noon, 'PST', 'HH:mm z')).toBe('04:00 PST');
    expect(formatJavaDate(noon, 'Mars/Olympus', 'HH:mm z')).toBe('12:00 GMT');
    expect(formatJavaDate(noon, 'europe/paris', 'HH:mm z')).toBe('12:00 GMT');
    expect(formatJavaDate(noon, 'UTC', 'HH:mm z zzzz')).toBe('12:00 UTC Coordinated Universal Time');
  });
});
