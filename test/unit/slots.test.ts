import fc from 'fast-check';
import {
  candidateSlots,
  DEFAULT_WORKING_HOURS,
  earliestSlotStart,
  slotPerson,
  suggestSlots,
  type SlotPerson,
} from '../../src/core/slots';
import { zonedParts } from '../../src/core/time';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const person = (timeZone: string, busy: Array<[string, string]> | null = [], hours = true): SlotPerson => ({
  timeZone,
  busy: busy ? busy.map(([a, b]) => [at(a), at(b)] as const) : null,
  hours: hours ? DEFAULT_WORKING_HOURS : null,
});

// Monday 2 March 2026 .. Saturday 7 March (New York is UTC-5 until 8 March, London UTC+0).
const WEEK = {
  fromMs: at('2026-03-02T05:00:00Z'),
  toMs: at('2026-03-07T05:00:00Z'),
  nowMs: at('2026-02-27T12:00:00Z'),
  minutes: 60,
};

describe('suggestSlots', () => {
  test('one person per day, the earliest days first, spread over different days, 10:00 rather than first thing', () => {
    const slots = suggestSlots({ ...WEEK, people: [person('America/New_York')], dayZone: 'America/New_York' });
    expect(slots.map((s) => iso(s.startMs))).toEqual([
      '2026-03-02T15:00:00.000Z',
      '2026-03-03T15:00:00.000Z',
      '2026-03-04T15:00:00.000Z',
      '2026-03-05T15:00:00.000Z',
      '2026-03-06T15:00:00.000Z',
    ]);
    expect(slots.every((s) => s.endMs - s.startMs === H)).toBe(true);
  });

  test('busy blocks of everyone are avoided; a fully busy day is skipped', () => {
    const ana = person('America/New_York', [['2026-03-02T14:00:00Z', '2026-03-02T22:00:00Z']]);
    const mo = person('America/New_York', [['2026-03-03T15:00:00Z', '2026-03-03T16:30:00Z']]);
    const cora = person('America/New_York', [['2026-03-04T14:00:00Z', '2026-03-04T17:00:00Z']]);
    const slots = suggestSlots({ ...WEEK, people: [ana, mo, cora], dayZone: 'America/New_York' });
    const starts = slots.map((s) => iso(s.startMs));
    expect(starts).toEqual(
      [
        '2026-03-03T16:30:00.000Z', // Mo busy 10:00-11:30 NY
        '2026-03-04T17:00:00.000Z', // Cora busy 09:00-12:00 NY
        '2026-03-05T15:00:00.000Z',
        '2026-03-06T15:00:00.000Z',
        '2026-03-03T17:30:00.000Z', // only four days have room: a second time on the first of them
      ].sort(),
    );
    for (const s of slots)
      for (const p of [ana, mo, cora]) for (const [a, b] of p.busy!) expect(s.startMs < b && s.endMs > a).toBe(false);
  });

  test("people in different countries: only the overlap of their working days, on each one's own clock", () => {
    const ny = person('America/New_York');
    const london = person('Europe/London');
    const tokyo = person('Asia/Tokyo');
    const two = suggestSlots({ ...WEEK, people: [ny, london], dayZone: 'America/New_York' });
    expect(two.length).toBe(5);
    for (const s of two) {
      const a = zonedParts(s.startMs, 'America/New_York');
      const b = zonedParts(s.endMs, 'Europe/London');
      expect(a.hour).toBeGreaterThanOrEqual(9);
      expect(b.hour * 60 + b.minute).toBeLessThanOrEqual(17 * 60);
    }
    // 10:00 New York = 15:00 London: nobody at the edge of their day.
    expect(iso(two[0]!.startMs)).toBe('2026-03-02T15:00:00.000Z');
    // New York and Tokyo working days never overlap (09-17 EST is 23-07 JST).
    expect(suggestSlots({ ...WEEK, people: [ny, tokyo], dayZone: 'America/New_York' })).toEqual([]);
  });

  test('a calendar that cannot be seen adds neither busy blocks nor hours', () => {
    const hidden = person('Asia/Tokyo', null, false);
    const slots = suggestSlots({ ...WEEK, people: [person('America/New_York'), hidden], dayZone: 'America/New_York' });
    expect(slots.length).toBe(5);
  });

  test('nothing sooner than the next working day, nothing outside the window, weekends excluded', () => {
    const nowMs = at('2026-03-02T14:00:00Z'); // Monday 09:00 New York
    const slots = candidateSlots({ ...WEEK, nowMs, people: [person('America/New_York')], dayZone: 'America/New_York' });
    // Not today "in an hour" (or four): Tuesday 09:00 New York is the first.
    expect(iso(slots[0]!.startMs)).toBe('2026-03-03T14:00:00.000Z');
    expect(slots.every((s) => s.endMs <= WEEK.toMs)).toBe(true);
    const weekend = candidateSlots({
      fromMs: at('2026-03-07T05:00:00Z'),
      toMs: at('2026-03-09T04:00:00Z'),
      nowMs: WEEK.nowMs,
      minutes: 60,
      people: [person('America/New_York')],
      dayZone: 'America/New_York',
    });
    expect(weekend).toEqual([]);
  });

  test('the next working day on the coachee’s clock: Friday afternoon and Saturday give Monday; late evening too', () => {
    const ny = 'America/New_York';
    expect(iso(earliestSlotStart(at('2026-03-06T20:00:00Z'), ny))).toBe('2026-03-09T04:00:00.000Z'); // Fri 15:00 → Mon
    expect(iso(earliestSlotStart(at('2026-03-07T15:00:00Z'), ny))).toBe('2026-03-09T04:00:00.000Z'); // Sat → Mon
    // Tuesday 23:30 in New York is already Wednesday in London: each clock decides its own next day.
    expect(iso(earliestSlotStart(at('2026-03-04T04:30:00Z'), ny))).toBe('2026-03-04T05:00:00.000Z');
    expect(iso(earliestSlotStart(at('2026-03-04T04:30:00Z'), 'Europe/London'))).toBe('2026-03-05T00:00:00.000Z');
    const friday = suggestSlots({
      ...WEEK,
      toMs: at('2026-03-14T05:00:00Z'),
      nowMs: at('2026-03-06T14:30:00Z'), // Friday 09:30: nothing later that Friday
      people: [person(ny)],
      dayZone: ny,
    });
    expect(iso(friday[0]!.startMs)).toBe('2026-03-09T14:00:00.000Z'); // Monday 10:00 EDT
  });

  test('a person whose calendar cannot be seen but whose zone is known is still held to their hours', () => {
    // London coachee, New York coach whose calendar is hidden: 10:00 London is 05:00 in New York.
    const london = person('Europe/London');
    const coach = slotPerson(null, 'America/New_York', 'Europe/London');
    expect(coach).toEqual({ timeZone: 'America/New_York', busy: null, hours: DEFAULT_WORKING_HOURS });
    const slots = candidateSlots({ ...WEEK, people: [london, coach], dayZone: 'Europe/London' });
    expect(slots.length).toBeGreaterThan(0);
    for (const s of slots) {
      expect(zonedParts(s.startMs, 'America/New_York').hour).toBeGreaterThanOrEqual(9);
      const end = zonedParts(s.endMs, 'Europe/London');
      expect(end.hour * 60 + end.minute).toBeLessThanOrEqual(17 * 60);
    }
    expect(slots.some((s) => zonedParts(s.startMs, 'Europe/London').hour === 10)).toBe(false);
    // Zone unknown and calendar hidden: held to nothing; calendar seen, zone unread: the fallback zone's hours.
    expect(slotPerson(null, null, 'Europe/London').hours).toBeNull();
    expect(slotPerson([], null, 'Europe/London')).toMatchObject({
      timeZone: 'Europe/London',
      hours: DEFAULT_WORKING_HOURS,
    });
  });

  test('across a DST change the wall clock still decides (New York springs forward on 8 March 2026)', () => {
    const slots = suggestSlots({
      fromMs: at('2026-03-09T04:00:00Z'),
      toMs: at('2026-03-10T04:00:00Z'),
      nowMs: WEEK.nowMs,
      minutes: 60,
      people: [person('America/New_York')],
      dayZone: 'America/New_York',
    });
    expect(iso(slots[0]!.startMs)).toBe('2026-03-09T14:00:00.000Z'); // 10:00 EDT
  });

  test('property: every suggestion fits everyone, overlaps no busy block, and they are in time order', () => {
    const zones = ['America/New_York', 'Europe/London', 'Europe/Berlin', 'Asia/Kolkata', 'America/Los_Angeles'];
    const block = fc
      .tuple(fc.integer({ min: 0, max: 5 * 24 * 2 }), fc.integer({ min: 1, max: 8 }))
      .map(([s, len]) => [WEEK.fromMs + s * 30 * 60_000, WEEK.fromMs + (s + len) * 30 * 60_000] as const);
    const p = fc.record({ zone: fc.constantFrom(...zones), busy: fc.array(block, { maxLength: 12 }) });
    fc.assert(
      fc.property(fc.array(p, { minLength: 1, maxLength: 3 }), (ps) => {
        const people: SlotPerson[] = ps.map((x) => ({ timeZone: x.zone, busy: x.busy, hours: DEFAULT_WORKING_HOURS }));
        const slots = suggestSlots({ ...WEEK, people, dayZone: ps[0]!.zone });
        for (let i = 1; i < slots.length; i++) expect(slots[i]!.startMs).toBeGreaterThan(slots[i - 1]!.startMs);
        for (const s of slots) {
          for (const person of people) {
            for (const [a, b] of person.busy!) expect(s.startMs < b && s.endMs > a).toBe(false);
            const z = zonedParts(s.startMs, person.timeZone);
            expect(z.weekday >= 1 && z.weekday <= 5 && z.hour >= 9).toBe(true);
          }
        }
        expect(slots.length).toBeLessThanOrEqual(5);
      }),
      { numRuns: 60 },
    );
  });
});
