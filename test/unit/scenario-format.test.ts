import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario, ScenarioFormatError } from '../../src/local/scenario/format';

// The project's own examples (docs/scenarios.md describes the format).
const examples = join(__dirname, '..', 'scenarios');
const base = () => ({
  name: 'x',
  now: '2026-03-02T09:00:00Z',
  company: { domain: 'acme.test', timeZone: 'America/New_York' },
  engagements: [
    {
      coachee: 'a@acme.test',
      manager: 'm@acme.test',
      coach: 'c@coach.test',
      program: 'quarterly',
      start: '2026-01-01',
      end: '2027-01-01',
    },
  ],
  steps: [] as unknown[],
});

function errorOf(input: unknown): string {
  try {
    parseScenario(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioFormatError);
    return (e as Error).message;
  }
  throw new Error('expected a format error');
}

describe('scenario format', () => {
  test('the example scenarios in test/scenarios/ parse', () => {
    const files = readdirSync(examples).filter((n) => n.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      expect(() => parseScenario(JSON.parse(readFileSync(join(examples, f), 'utf8')))).not.toThrow();
    }
  });

  test('an unknown key is named with its place', () => {
    const s = base();
    s.steps = [{ as: 'a@acme.test', do: 'openHomepage', colour: 'red' }];
    expect(errorOf(s)).toContain('steps[0]');
    expect(errorOf(s)).toContain('colour');
  });

  test('markHeld takes an event and held true or false (issue 14 item 2)', () => {
    const s = base();
    s.steps = [{ as: 'a@acme.test', do: 'markHeld', event: 'e', held: false }];
    expect(parseScenario(s).steps[0]).toMatchObject({ do: 'markHeld', event: 'e', held: false });
    s.steps = [{ as: 'a@acme.test', do: 'markHeld', event: 'e', held: 'no' }];
    expect(errorOf(s)).toMatch(/steps\[0\]/);
    s.steps = [{ as: 'a@acme.test', do: 'markHeld', event: 'e' }];
    expect(errorOf(s)).toMatch(/steps\[0\]/);
  });

  test('an unknown top-level key is refused', () => {
    expect(errorOf({ ...base(), extra: 1 })).toContain('"extra"');
  });

  test('a bad date is named with its place', () => {
    const s = base();
    s.steps = [
      { as: 'a@acme.test', do: 'createEvent', event: 'e', start: '2026-02-30T10:00:00Z', minutes: 60, title: 't' },
    ];
    expect(errorOf(s)).toMatch(/steps\[0\]/);
    const e = base();
    (e.engagements[0] as { start: string }).start = '2026-13-01';
    expect(errorOf(e)).toContain('engagements[0].start');
  });

  test('cancel.how is "meeting" or "counting" (optional); anything else is named with its place', () => {
    const s = base();
    s.steps = [
      { as: 'a@acme.test', do: 'cancel', event: 'e', how: 'meeting' },
      { as: 'a@acme.test', do: 'cancel', event: 'e', how: 'counting' },
      { as: 'a@acme.test', do: 'cancel', event: 'e' },
    ];
    expect(() => parseScenario(s)).not.toThrow();
    s.steps = [{ as: 'a@acme.test', do: 'cancel', event: 'e', how: 'later' }];
    expect(errorOf(s)).toContain('steps[0].how');
  });

  test('an unknown step kind is refused', () => {
    const s = base();
    s.steps = [{ as: 'a@acme.test', do: 'dance' }];
    expect(errorOf(s)).toContain('steps[0]');
  });

  test('the clock never moves back', () => {
    const s = base();
    s.steps = [{ at: '2026-03-01T00:00:00Z', as: 'a@acme.test', do: 'openHomepage' }];
    expect(errorOf(s)).toContain('steps[0].at');
  });

  test('concurrent steps nest simple steps', () => {
    const s = base();
    s.steps = [
      {
        do: 'concurrent',
        steps: [
          { as: 'a@acme.test', do: 'openHomepage' },
          { as: 'm@acme.test', do: 'openHomepage' },
        ],
      },
    ];
    expect(parseScenario(s).steps).toHaveLength(1);
  });

  describe('additions (docs/scenarios.md, "Additions")', () => {
    const step = (st: Record<string, unknown>) => ({ ...base(), steps: [st] });

    test('people: time zone and calendar, each checked and named by place', () => {
      const ok = parseScenario({
        ...base(),
        people: [{ email: 'm@acme.test', timeZone: 'Europe/London', calendar: 'hidden' }, { email: 'c@coach.test' }],
      });
      expect(ok.people).toHaveLength(2);
      expect(errorOf({ ...base(), people: [{ email: 'm@acme.test', timeZone: 'Mars/Olympus' }] })).toContain(
        'people[0].timeZone',
      );
      expect(errorOf({ ...base(), people: [{ email: 'm@acme.test', calendar: 'private' }] })).toContain(
        'people[0].calendar',
      );
      expect(errorOf({ ...base(), people: [{ email: 'm@acme.test', tz: 'UTC' }] })).toMatch(/people\[0\].*"tz"/);
      expect(errorOf({ ...base(), people: [{ email: 'm@acme.test' }, { email: 'M@acme.test' }] })).toMatch(
        /people: .*twice/,
      );
    });

    test('editEngagement and editSettings: field names as in engagements[] and company; at least one', () => {
      const ok = parseScenario({
        ...base(),
        steps: [
          { as: 'hr@acme.test', do: 'editEngagement', coachee: 'a@acme.test', set: { end: '2026-05-01', sessions: 3 } },
          { as: 'hr@acme.test', do: 'editSettings', set: { perQuarter: 2, admins: 'hr@acme.test, x@acme.test' } },
          { as: 'hr@acme.test', do: 'editEngagement', coachee: 'a@acme.test', set: { videoLink: null } },
        ],
      });
      expect(ok.steps).toHaveLength(3);
      const badField = errorOf(
        step({ as: 'hr@acme.test', do: 'editEngagement', coachee: 'a@acme.test', set: { colour: 'red' } }),
      );
      expect(badField).toContain('steps[0].set');
      expect(badField).toContain('colour');
      expect(errorOf(step({ as: 'hr@acme.test', do: 'editSettings', set: {} }))).toMatch(
        /steps\[0\]\.set: must set at least one field/,
      );
      expect(errorOf(step({ as: 'hr@acme.test', do: 'editSettings', set: { quarters: ['calendar'] } }))).toContain(
        'steps[0].set.quarters',
      );
      expect(errorOf(step({ as: 'hr@acme.test', do: 'editEngagement', set: { end: '2026-05-01' } }))).toContain(
        'steps[0].coachee',
      );
    });

    test('fault: service, method, status, times, lostAnswer; the Calendar statuses the runtime can answer', () => {
      const ok = parseScenario({
        ...base(),
        steps: [
          { do: 'fault', service: 'calendar', method: 'insert', status: 503, times: 1, lostAnswer: true },
          { do: 'fault', service: 'gateway' },
          { do: 'fault', service: 'gateway', method: 'book', status: 504 },
        ],
      });
      expect(ok.steps).toHaveLength(3);
      expect(errorOf(step({ do: 'fault', service: 'drive' }))).toContain('steps[0].service');
      expect(errorOf(step({ do: 'fault', service: 'calendar', method: 'delete' }))).toContain('steps[0].method');
      expect(errorOf(step({ do: 'fault', service: 'calendar', status: 502 }))).toContain('steps[0].status');
      expect(errorOf(step({ do: 'fault', service: 'calendar', method: 'book' }))).toContain('steps[0].method');
      expect(errorOf(step({ do: 'fault', service: 'gateway', method: 'insert' }))).toContain('steps[0].method');
      expect(errorOf(step({ do: 'fault', service: 'gateway', times: 0 }))).toContain('steps[0].times');
      expect(errorOf(step({ do: 'fault', service: 'gateway', as: 'a@acme.test' }))).toMatch(/steps\[0\].*"as"/);
    });

    test('a fault is a step of its own, not one of simultaneous executions', () => {
      const s = step({ do: 'concurrent', steps: [{ do: 'fault', service: 'gateway' }] });
      expect(errorOf(s)).toMatch(/steps\[0\]\.steps\[0\]\.do: a "fault" step cannot be used here/);
    });

    test('an unknown step kind lists the new kinds too', () => {
      expect(errorOf(step({ as: 'a@acme.test', do: 'dance' }))).toMatch(
        /steps\[0\]\.do: unknown "do" "dance" \(expected one of editEngagement, editSettings, .*fault\)/,
      );
    });
  });
});
