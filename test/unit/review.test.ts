import { checkCancellable, hasTakenPlace } from '../../src/core/booking';
import { extraGuests, reviewItems } from '../../src/core/review';

const at = (minutes: number) => ({
  startMs: Date.UTC(2026, 4, 4, 8),
  endMs: Date.UTC(2026, 4, 4, 8) + minutes * 60_000,
});
const clean = { goal: 'Grow as a leader', agenda: ['Goal', 'Support I need'], actionPlan: [] };

describe('reviewItems: what the coachee sees before anything is booked', () => {
  test('a clean plan of about 60 minutes has nothing to review', () => {
    expect(reviewItems(clean, at(60))).toEqual([]);
    expect(reviewItems(clean, at(45))).toEqual([]);
    expect(reviewItems(clean, at(90))).toEqual([]);
  });

  test('a not-for topic anywhere in the plan, with the matched words in plain words', () => {
    const items = reviewItems({ ...clean, actionPlan: [{ step: 'Sign the PIP', owner: 'coachee' as const }] }, at(60));
    expect(items.map((i) => i.code)).toEqual(['NOT_FOR_TOPIC']);
    expect(items[0]!.message).toContain('"PIP"');
  });

  test('a length far from 60 minutes, and several items at once', () => {
    expect(reviewItems(clean, at(20)).map((i) => i.code)).toEqual(['TOO_SHORT']);
    expect(reviewItems(clean, at(180)).map((i) => i.code)).toEqual(['TOO_LONG']);
    expect(reviewItems({ ...clean, goal: 'Survive the reorg' }, at(20)).map((i) => i.code)).toEqual([
      'TOO_SHORT',
      'NOT_FOR_TOPIC',
    ]);
  });

  test('guests other than coachee, manager and coach are named (each once, any case); the three alone are not', () => {
    const people = { coachee: 'ana@acme.test', manager: 'mo@acme.test', coach: 'cora@coach.test' };
    const three = { ...people, attendees: ['ana@acme.test', 'MO@acme.test', 'cora@coach.test'] };
    expect(reviewItems(clean, at(60), three)).toEqual([]);
    const more = { ...people, attendees: [...three.attendees, 'pat@acme.test', 'Pat@acme.test', 'lee@acme.test'] };
    expect(extraGuests(more)).toEqual(['pat@acme.test', 'lee@acme.test']);
    const items = reviewItems(clean, at(60), more);
    expect(items.map((i) => i.code)).toEqual(['EXTRA_GUESTS']);
    expect(items[0]!.message).toContain('pat@acme.test');
  });
});

describe('a meeting that took place stays counted (rule 9)', () => {
  const end = '2026-05-04T09:00:00Z';
  test('before its end it can be given back; from its end on it cannot; an unreadable end says nothing', () => {
    expect(hasTakenPlace(end, Date.parse(end) - 1)).toBe(false);
    expect(hasTakenPlace(end, Date.parse(end))).toBe(true);
    expect(hasTakenPlace('', Date.parse(end))).toBe(false);
    expect(() => checkCancellable(end, Date.parse(end) - 1)).not.toThrow();
    expect(() => checkCancellable(end, Date.parse(end) + 1)).toThrow(
      expect.objectContaining({ code: 'MEETING_TOOK_PLACE' }),
    );
  });
});
