import { reviewItems } from '../../src/core/review';

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
});
