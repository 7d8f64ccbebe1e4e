/**
 * A digest of what the coachee wrote (goal, agenda, action plan, the coach's role), so anyone who
 * reads the meeting notes later can tell whether they are still what the coachee confirmed.
 *
 * Kept in two places no guest can write: the organizer's PRIVATE extended property on their own copy
 * (the coachee's panel compares it), and the coachee's booking in the gateway (the manager's and the
 * coach's panels compare it; guests cannot read the organizer's private properties). It is one-way:
 * neither place can give the text back, so the gateway still stores no plan text (DESIGN rule 8).
 *
 * Why a pure SHA-256 here rather than Utilities.computeDigest in the add-on: the same function runs
 * in the add-on, the gateway's validator, the scenario runner and unit tests without a service call
 * (nothing to count, nothing to fake), and a cryptographic hash means a guest who may modify the
 * event cannot craft a rewritten goal with the same digest (a short non-cryptographic hash could be).
 * It costs ~1.5 KB of bundle.
 *
 * The digest is over a normalised form (spaces collapsed, trimmed) of the fields as the block shows
 * them, so writing the block and reading it back gives the same digest whatever Calendar does to
 * line breaks and runs of spaces.
 */
import type { Meeting } from './meeting';

/** The organizer's private extended property holding the digest (per copy: only the organizer's). */
export const NOTES_DIGEST_KEY = 'ccmNotesDigest';

/** 32 hex characters (128 bits of SHA-256): plenty against forgery, small in a property and a cell. */
export const DIGEST_PATTERN = /^[0-9a-f]{32}$/;

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** UTF-8 bytes of a string (no TextEncoder in Apps Script's V8). */
function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, as 64 lowercase hex characters. */
export function sha256Hex(text: string): string {
  const bytes = utf8(text);
  const bitLength = bytes.length * 8;
  bytes.push(0x80);
  while (bytes.length % 64 !== 56) bytes.push(0);
  for (let i = 7; i >= 0; i--)
    bytes.push(i >= 4 ? Math.floor(bitLength / 2 ** (8 * i)) & 255 : (bitLength >>> (8 * i)) & 255);
  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < bytes.length; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      w[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    const next = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = (h[i]! + next[i]!) >>> 0;
  }
  return Array.from(h, (x) => x.toString(16).padStart(8, '0')).join('');
}

const norm = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The digest of the coachee's notes (see the file comment): what the block shows of them. */
export function notesDigest(m: Partial<Pick<Meeting, 'goal' | 'agenda' | 'actionPlan' | 'coachRole'>>): string {
  const canonical = JSON.stringify([
    norm(m.goal),
    (m.agenda ?? []).map(norm),
    (m.actionPlan ?? []).map((a) => [norm(a.step), a.owner, a.due ?? '']),
    m.coachRole ?? '',
  ]);
  return sha256Hex(canonical).slice(0, 32);
}
