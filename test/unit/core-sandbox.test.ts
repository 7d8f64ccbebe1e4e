/**
 * src/core must run on Apps Script's bare V8: no URL, TextEncoder, setTimeout, process, structuredClone.
 * Bundle it the way the add-on build does (esbuild IIFE) and run it in an empty vm context.
 */
import * as esbuild from 'esbuild';
import * as vm from 'vm';

let core: any;
let bytes = 0;

beforeAll(async () => {
  const out = await esbuild.build({
    entryPoints: [`${__dirname}/../../src/core/index.ts`],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'ccmCore',
    write: false,
    target: 'es2020',
  });
  const code = out.outputFiles[0]!.text;
  bytes = code.length;
  const ctx = vm.createContext({});
  vm.runInContext(`${code}\nthis.ccmCore = ccmCore;`, ctx);
  expect(
    vm.runInContext(
      'typeof URL + typeof TextEncoder + typeof setTimeout + typeof process + typeof structuredClone',
      ctx,
    ),
  ).toBe('undefined'.repeat(5));
  core = (ctx as any).ccmCore;
});

it('stays small enough for the 150 KB add-on budget (zod/mini tree-shaken, no locales)', () => {
  expect(bytes).toBeLessThan(100_000);
});

it('runs the domain without Node or browser globals', () => {
  const form = core.parseMeetingForm({
    goal: 'Grow',
    agenda: ['Goal'],
    videoLink: 'https://meet.google.com/abc-defg-hij',
    actionPlan: 'Plan | manager | 2026-03-17',
  });
  expect(form.ok).toBe(true);
  const desc = core.mergeBlock('Notes', form.meeting, {});
  expect(core.parseBlock(desc).meeting).toEqual(form.meeting);
  const settings = core.parseCompanySettings({ domain: 'acme.test', timeZone: 'America/New_York' });
  expect(settings.ok).toBe(true);
  const eng = core.validateEngagementRow({
    coachee: 'ana@acme.test',
    manager: 'mo@acme.test',
    coach: 'cora@coaches.test',
    program: 'six-month',
    start: '2026-01-12',
    end: '2026-07-12',
  });
  expect(eng.ok).toBe(true);
  const d = core.decideAllowance({
    engagement: eng.engagement,
    settings: settings.settings,
    startMs: Date.parse('2026-03-03T16:00:00Z'),
    minutes: 60,
    eventId: 'e',
    bookings: [],
  });
  expect([d.allowed, d.quarter.key, d.milestone.id]).toEqual([true, 'E2026-01-12#Q1', 'initial']);
  expect(core.zonedToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York')).toBe(
    Date.UTC(2026, 2, 8, 7, 30),
  );
  expect(core.detectNotForTopics('the reorg').length).toBe(1);
});
