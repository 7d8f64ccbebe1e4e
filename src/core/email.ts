/**
 * Email addresses: validation with reasons an admin can act on, and normalisation for comparing.
 * Workspace addresses are compared case-insensitively and otherwise exactly: dots in a Workspace
 * local part are significant (ana.b@acme.test and anab@acme.test are different people). Only
 * consumer Gmail addresses ignore dots, so `sameEmail` folds them for gmail.com / googlemail.com.
 */

/** Trimmed, lower-cased, without a `mailto:` prefix or surrounding `<...>`. */
export function normalizeEmail(value: unknown): string {
  if (typeof value !== 'string') return '';
  let s = value.trim();
  const angle = /<([^<>]*)>\s*$/.exec(s); // "Ana Lee <ana@acme.test>"
  if (angle) s = angle[1]!.trim();
  s = s.replace(/^mailto:/i, '');
  return s.toLowerCase();
}

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Checks a host name such as `acme.test` (at least two labels, letters in the last one). */
export function domainProblem(domain: string): string | null {
  if (domain === '') return 'has no domain';
  if (domain.length > 253) return 'has a domain that is too long';
  const labels = domain.split('.');
  if (labels.length < 2) return `has the domain "${domain}", which is missing a dot and an ending such as .com`;
  if (labels.some((l) => l === ''))
    return `has an empty part in the domain "${domain}" (two dots in a row, or a dot at an end)`;
  if (!labels.every((l) => DOMAIN_LABEL.test(l))) return `has characters a domain cannot have in "${domain}"`;
  const tld = labels[labels.length - 1]!;
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/i.test(tld)) return `ends in ".${tld}", which is not a domain ending`;
  return null;
}

/**
 * Why a value is not a usable email address, in words that finish the sentence "This email ...";
 * null when it is fine.
 */
export function emailProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return 'is empty';
  const s = normalizeEmail(value);
  if (/\s/.test(s)) return 'contains a space';
  const at = s.split('@');
  if (at.length === 1) return 'has no @';
  if (at.length > 2) return 'has more than one @';
  const [local, domain] = at as [string, string];
  if (local === '') return 'has nothing before the @';
  if (local.length > 64) return 'has more than 64 characters before the @';
  if (!LOCAL_PART.test(local)) {
    if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return 'has a misplaced dot before the @';
    return 'has characters an email address cannot have';
  }
  return domainProblem(domain);
}

export function isValidEmail(value: unknown): value is string {
  return emailProblem(value) === null;
}

/** The domain part of an (already normalised) address, '' when there is none. */
export function emailDomain(email: string): string {
  const i = email.lastIndexOf('@');
  return i < 0 ? '' : email.slice(i + 1);
}

/** Key for comparing addresses: normalised; consumer Gmail also ignores dots and googlemail.com. */
export function emailKey(value: unknown): string {
  const s = normalizeEmail(value);
  const i = s.lastIndexOf('@');
  if (i < 0) return s;
  const local = s.slice(0, i);
  const domain = s.slice(i + 1);
  if (domain === 'gmail.com' || domain === 'googlemail.com') return `${local.replace(/\./g, '')}@gmail.com`;
  return s;
}

export function sameEmail(a: unknown, b: unknown): boolean {
  const ka = emailKey(a);
  return ka !== '' && ka === emailKey(b);
}
