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
});
