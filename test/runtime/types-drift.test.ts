// Drift check against @types/google-apps-script: every method the local runtime gives a script must
// be a method Google's service declares (as @types 2.0.13 lists it). A method invented by the
// runtime, or a typo, shows here with its name. (CardService has its own compile-time check in
// cardservice.types.ts.)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scriptRuntime } from './helpers';

const TYPES = resolve(__dirname, '../../node_modules/@types/google-apps-script');

/** Member names of `interface Name {` in a d.ts file (methods and properties), by brace matching. */
function interfaceMembers(file: string, name: string): Set<string> {
  const src = readFileSync(join(TYPES, file), 'utf8');
  const m = new RegExp(`^( *)interface ${name}\\b[^{]*\\{`, 'm').exec(src);
  if (!m) throw new Error(`interface ${name} not found in ${file}`);
  let depth = 1;
  let i = m.index + m[0].length;
  const start = i;
  while (depth > 0 && i < src.length) {
    if (src[i] === '{') depth++;
    else if (src[i] === '}') depth--;
    i++;
  }
  const body = src.slice(start, i - 1);
  const names = new Set<string>();
  const member = new RegExp(`^ {${m[1]!.length + 4}}(\\w+)\\??[(:<]`);
  for (const line of body.split('\n')) {
    const mm = member.exec(line);
    if (mm) names.add(mm[1]!);
  }
  return names;
}

const PROBE = `
function methodsOf(o) {
  var out = {};
  for (var p = o; p && Object.getPrototypeOf(p) !== null; p = Object.getPrototypeOf(p)) {  // stops before any realm's Object.prototype
    Object.getOwnPropertyNames(p).forEach(function (k) { if (k !== 'constructor' && k.indexOf('__') !== 0 && typeof o[k] === 'function') out[k] = true; });
  }
  return Object.keys(out).sort();
}
function probe() {
  var ss = SpreadsheetApp.create('probe');
  var sheet = ss.getSheets()[0];
  var range = sheet.getRange('A1');
  return {
    LockService: methodsOf(LockService), Lock: methodsOf(LockService.getScriptLock()),
    CacheService: methodsOf(CacheService), Cache: methodsOf(CacheService.getScriptCache()),
    PropertiesService: methodsOf(PropertiesService), Properties: methodsOf(PropertiesService.getScriptProperties()),
    UrlFetchApp: methodsOf(UrlFetchApp),
    Session: methodsOf(Session), User: methodsOf(Session.getEffectiveUser()),
    ScriptApp: methodsOf(ScriptApp),
    ContentService: methodsOf(ContentService), TextOutput: methodsOf(ContentService.createTextOutput('x')),
    Utilities: methodsOf(Utilities), Blob: methodsOf(Utilities.newBlob('x')),
    GmailApp: methodsOf(GmailApp),
    SpreadsheetApp: methodsOf(SpreadsheetApp), Spreadsheet: methodsOf(ss), Sheet: methodsOf(sheet), Range: methodsOf(range),
    TextFinder: methodsOf(sheet.createTextFinder('x')), Protection: methodsOf(sheet.protect()),
    Logger: methodsOf(Logger),
    EventsCollection: methodsOf(Calendar.Events), FreebusyCollection: methodsOf(Calendar.Freebusy),
  };
}`;

const WHERE: Record<string, string> = {
  LockService: 'google-apps-script.lock.d.ts',
  Lock: 'google-apps-script.lock.d.ts',
  CacheService: 'google-apps-script.cache.d.ts',
  Cache: 'google-apps-script.cache.d.ts',
  PropertiesService: 'google-apps-script.properties.d.ts',
  Properties: 'google-apps-script.properties.d.ts',
  UrlFetchApp: 'google-apps-script.url-fetch.d.ts',
  Session: 'google-apps-script.base.d.ts',
  User: 'google-apps-script.base.d.ts',
  Blob: 'google-apps-script.base.d.ts',
  Logger: 'google-apps-script.base.d.ts',
  ScriptApp: 'google-apps-script.script.d.ts',
  ContentService: 'google-apps-script.content.d.ts',
  TextOutput: 'google-apps-script.content.d.ts',
  Utilities: 'google-apps-script.utilities.d.ts',
  GmailApp: 'google-apps-script.gmail.d.ts',
  SpreadsheetApp: 'google-apps-script.spreadsheet.d.ts',
  Spreadsheet: 'google-apps-script.spreadsheet.d.ts',
  Sheet: 'google-apps-script.spreadsheet.d.ts',
  EventsCollection: 'apis/calendar_v3.d.ts',
  FreebusyCollection: 'apis/calendar_v3.d.ts',
  Range: 'google-apps-script.spreadsheet.d.ts',
  TextFinder: 'google-apps-script.spreadsheet.d.ts',
  Protection: 'google-apps-script.spreadsheet.d.ts',
};

/** Names Google has that @types 2.0.13 lacks, each with its reason. */
const KNOWN_NEWER: Record<string, string[]> = {
  Blob: ['getBlob'], // from BlobSource, which Blob extends
  Range: ['getFontColor'], // deprecated but still in Google's reference
  Session: ['getTimeZone'], // deprecated (getScriptTimeZone) but still callable
  User: ['getUsername'], // deprecated but still callable
  Utilities: ['jsonParse', 'jsonStringify'], // deprecated but still callable
};
/** Every Apps Script object answers toString (e.g. "Sheet"). */
const EVERYWHERE = ['toString'];

describe('runtime services match @types/google-apps-script', () => {
  const { runtime } = scriptRuntime([{ name: 'p', code: PROBE }]);
  afterAll(() => runtime.close());

  test('every method a script can call is declared by Google', async () => {
    const r = await runtime.execute({ project: 'p', fn: 'probe', user: 'ana@acme.test' });
    expect(r.error).toBeUndefined();
    const provided = r.value as Record<string, string[]>;
    const extras: Record<string, string[]> = {};
    for (const [iface, methods] of Object.entries(provided)) {
      const declared = interfaceMembers(WHERE[iface]!, iface);
      const extra = methods.filter(
        (m) => !declared.has(m) && !EVERYWHERE.includes(m) && !(KNOWN_NEWER[iface] ?? []).includes(m),
      );
      if (extra.length) extras[iface] = extra;
      // The probe must really have found the service's methods (guards against a probe that sees nothing).
      expect([iface, methods.length > 0]).toEqual([iface, true]);
    }
    expect(extras).toEqual({});
  });
});
