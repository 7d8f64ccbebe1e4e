// The manifest's allowlist for links an add-on opens (addOns.common.openLinkUrlPrefixes). Google
// refuses to render a card or response whose OpenLink (or <a href> in a text widget) is not allowed;
// here that check runs on the JSON so the host can surface the problem the way Google would.
//
// Google's rules (Apps Script "Allowlist URLs" guide):
// - each prefix: https://, a full domain, a non-empty path ("https://www.google.com/" is valid,
//   "https://www.google.com" is not); a leading "*." wildcard matches subdomains; a single "*" in
//   openLinkUrlPrefixes allows every link;
// - a URL matches when it equals the prefix or is a child of it; path matching is case-sensitive.
// - the allowlist is required for links "external to Google": https links on google.com and its
//   subdomains pass without it (option `googleExempt`, default true).
// Undocumented, strict choices: "*.example.com" does not match example.com itself; host names
// compare case-insensitively (as DNS does); a prefix that breaks the rules matches nothing.
import { htmlLinks } from './html';
import type { AppsScriptManifest } from '../runtime/protocol';

export interface OpenLinkProblem {
  kind: 'link' | 'prefix';
  /** The link (kind 'link') or the manifest prefix (kind 'prefix'). */
  url: string;
  /** Where in the JSON the link is (kind 'link'), e.g. `sections[0].widgets[1].buttonList.buttons[0].onClick.openLink`. */
  where: string;
  message: string;
}

interface Prefix {
  any: boolean;
  wildcard: boolean;
  host: string;
  path: string;
}

const PREFIX_RE = /^https:\/\/(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?)(\/[^#]*)$/i;
const URL_RE = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i;

/** A manifest prefix, or why it breaks Google's rules. */
function parsePrefix(prefix: string): Prefix | string {
  if (prefix === '*') return { any: true, wildcard: false, host: '', path: '' };
  if (!/^https:\/\//i.test(prefix)) return 'a prefix must start with https://';
  const m = PREFIX_RE.exec(prefix);
  if (!m) return 'a prefix must have a full domain and a non-empty path (e.g. https://example.com/)';
  return { any: false, wildcard: m[1] !== undefined, host: m[2]!.toLowerCase(), path: m[3]! };
}

function splitUrl(url: string): { scheme: string; host: string; rest: string } | undefined {
  const m = URL_RE.exec(url.trim());
  if (!m) return undefined;
  const authority = m[2]!.replace(/^[^@]*@/, '').toLowerCase();
  return { scheme: m[1]!.toLowerCase(), host: authority, rest: m[3] || '/' };
}

/** Whether `url` is allowed by one allowlist prefix (Google's matching rules, see above). */
export function urlMatchesPrefix(url: string, prefix: string): boolean {
  const p = parsePrefix(prefix);
  if (typeof p === 'string') return false;
  if (p.any) return true;
  const u = splitUrl(url);
  if (!u || u.scheme !== 'https') return false;
  const hostOk = p.wildcard ? u.host.endsWith(`.${p.host}`) && u.host.length > p.host.length + 1 : u.host === p.host;
  if (!hostOk) return false;
  if (u.rest === p.path) return true;
  if (!u.rest.startsWith(p.path)) return false;
  return p.path.endsWith('/') || '/?#'.includes(u.rest.charAt(p.path.length));
}

function isGoogle(url: string): boolean {
  const u = splitUrl(url);
  if (!u || u.scheme !== 'https') return false;
  const host = u.host.replace(/:\d+$/, '');
  return host === 'google.com' || host.endsWith('.google.com');
}

const TEXT_KEYS = new Set(['text', 'topLabel', 'bottomLabel']);

/** Every link the JSON would open: OpenLink objects, response links, and <a href> in text fields. */
export function collectLinks(json: unknown): { url: string; where: string }[] {
  const out: { url: string; where: string }[] = [];
  const walk = (v: unknown, where: string): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${where}[${i}]`));
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    for (const [key, x] of Object.entries(v as Record<string, unknown>)) {
      const here = where ? `${where}.${key}` : key;
      if (
        (key === 'openLink' || key === 'link') &&
        typeof x === 'object' &&
        x !== null &&
        typeof (x as { url?: unknown }).url === 'string'
      ) {
        out.push({ url: (x as { url: string }).url, where: here });
      } else if (TEXT_KEYS.has(key) && typeof x === 'string') {
        for (const url of htmlLinks(x)) out.push({ url, where: here });
      } else {
        walk(x, here);
      }
    }
  };
  walk(json, '');
  return out;
}

/**
 * The links in `json` (a card, a Card[], or a response) that the manifest does not allow, plus any
 * manifest prefix that breaks Google's rules. An empty array means Google would render it.
 */
export function checkOpenLinks(
  json: unknown,
  manifest: AppsScriptManifest,
  opts: { googleExempt?: boolean } = {},
): OpenLinkProblem[] {
  const googleExempt = opts.googleExempt ?? true;
  const common = (manifest.addOns as { common?: { openLinkUrlPrefixes?: unknown } } | undefined)?.common;
  const raw = common?.openLinkUrlPrefixes;
  const prefixes = Array.isArray(raw) ? raw.filter((p): p is string => typeof p === 'string') : [];
  const problems: OpenLinkProblem[] = [];
  for (const prefix of prefixes) {
    const p = parsePrefix(prefix);
    if (typeof p === 'string')
      problems.push({
        kind: 'prefix',
        url: prefix,
        where: 'addOns.common.openLinkUrlPrefixes',
        message: `Invalid openLinkUrlPrefixes entry "${prefix}": ${p}`,
      });
  }
  for (const { url, where } of collectLinks(json)) {
    if (googleExempt && isGoogle(url)) continue;
    if (prefixes.some((p) => urlMatchesPrefix(url, p))) continue;
    const message = prefixes.length
      ? `The link ${url} is not allowed by the manifest's addOns.common.openLinkUrlPrefixes`
      : `The link ${url} cannot be opened: the manifest has no addOns.common.openLinkUrlPrefixes`;
    problems.push({ kind: 'link', url, where, message });
  }
  return problems;
}
