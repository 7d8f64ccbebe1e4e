// The scenario steps of issue 11 items 5 and 6: `editEvent` (a person edits their copy outside the
// add-on) and `createEvent.calendar` (a secondary calendar), with their malformed-input refusals.
import { parseScenario, ScenarioFormatError } from '../../src/local/scenario/format';

const base = (steps: unknown[]) => ({
  name: 'x',
  now: '2026-03-02T09:00:00Z',
  company: { domain: 'acme.test', timeZone: 'America/New_York' },
  engagements: [],
  steps,
});
const create = {
  as: 'a@acme.test',
  do: 'createEvent',
  event: 'e1',
  start: '2026-03-10T15:00:00Z',
  minutes: 60,
  title: 'x',
};

function errorOf(input: unknown): string {
  try {
    parseScenario(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioFormatError);
    return (e as Error).message;
  }
  throw new Error('expected a format error');
}

describe('createEvent.calendar', () => {
  test('primary or a secondary calendar id', () => {
    expect(() => parseScenario(base([{ ...create, calendar: 'primary' }]))).not.toThrow();
    expect(() => parseScenario(base([{ ...create, calendar: 'team-1@group.calendar.google.com' }]))).not.toThrow();
    expect(() => parseScenario(base([create]))).not.toThrow();
  });

  test('anything else is refused with its place', () => {
    expect(errorOf(base([{ ...create, calendar: 'team' }]))).toContain(
      'steps[0].calendar: must be "primary" or a secondary calendar id',
    );
    for (const calendar of ['a@acme.test', '', 42])
      expect(errorOf(base([{ ...create, calendar }]))).toContain('steps[0]');
  });
});

describe('editEvent', () => {
  const edit = { as: 'a@acme.test', do: 'editEvent', event: 'e1' };
  test('title, description, attendees and clearShared, alone or together', () => {
    for (const extra of [
      { title: 'New' },
      { description: '' },
      { attendees: ['m@acme.test'] },
      { clearShared: true },
      { title: 'x', description: 'y', attendees: [], clearShared: true },
    ])
      expect(() => parseScenario(base([create, { ...edit, ...extra }]))).not.toThrow();
  });

  test('malformed edits are refused with their place', () => {
    expect(errorOf(base([{ ...edit }]))).toContain('steps[0]');
    expect(errorOf(base([{ ...edit, clearShared: false }]))).toContain('steps[0]');
    expect(errorOf(base([{ ...edit, attendees: ['not-an-email'] }]))).toContain('steps[0]');
    expect(errorOf(base([{ ...edit, title: 'x', colour: 'red' }]))).toContain('colour');
    expect(errorOf(base([{ ...edit, title: 1 }]))).toContain('steps[0]');
    expect(errorOf(base([{ as: 'a@acme.test', do: 'editEvent', title: 'x' }]))).toContain('steps[0]');
  });
});
