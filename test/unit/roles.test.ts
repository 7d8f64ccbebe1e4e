import { Engagement } from '../../src/core/engagement';
import { callerRoles, managerDeclined, managerResponse, meetingRole } from '../../src/core/roles';

const e = (over: Partial<Engagement>): Engagement => ({
  coachee: 'ana@acme.test',
  manager: 'mo@acme.test',
  coach: 'cora@coaches.test',
  company: 'acme.test',
  program: 'six-month',
  start: '2026-01-12',
  end: '2026-07-12',
  status: 'active',
  ...over,
});
const engagements = [
  e({}),
  e({
    coachee: 'ben@acme.test',
    manager: 'ana@acme.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  }),
  e({ coachee: 'ana@acme.test', manager: 'old@acme.test', start: '2025-01-12', end: '2025-07-12', status: 'ended' }),
];

describe('callerRoles', () => {
  const none = { hasCoacheeRows: false, isManager: false, isCoach: false, isAdmin: false };
  it('lists every role the caller holds, in the order the homepage considers them', () => {
    expect(callerRoles({ ...none, hasCoacheeRows: true, isManager: true })).toEqual(['coachee', 'manager']);
    expect(callerRoles({ ...none, isManager: true })).toEqual(['manager']);
    expect(callerRoles({ ...none, isCoach: true })).toEqual(['coach']);
    expect(callerRoles({ ...none, isAdmin: true })).toEqual(['admin']);
    expect(callerRoles({ hasCoacheeRows: true, isManager: true, isCoach: true, isAdmin: true })).toEqual([
      'coachee',
      'manager',
      'coach',
      'admin',
    ]);
    expect(callerRoles(none)).toEqual([]);
  });
  it('a coachee whose record is broken is still a coachee (told their admin must fix it)', () => {
    expect(callerRoles({ ...none, hasCoacheeRows: true })).toEqual(['coachee']);
  });
});

describe('meetingRole', () => {
  const g = engagements[0]!;
  it('the organizer is the coachee; the manager and coach read; anyone else is other', () => {
    expect(meetingRole(' ana@ACME.test ', 'ana@acme.test', g)).toBe('coachee');
    expect(meetingRole('mo@acme.test', 'ana@acme.test', g)).toBe('manager');
    expect(meetingRole('cora@coaches.test', 'ana@acme.test', g)).toBe('coach');
    expect(meetingRole('old@acme.test', 'ana@acme.test', g)).toBe('other');
    expect(meetingRole('hr@acme.test', 'ana@acme.test', g)).toBe('other');
    // No dots-are-the-same guessing: another address is another person.
    expect(meetingRole('m.o@acme.test', 'ana@acme.test', g)).toBe('other');
  });
});

describe("managerResponse: the manager's RSVP as the event's attendees list it", () => {
  const guests = (status: string | null) => [
    { email: 'ana@acme.test', responseStatus: 'accepted' },
    { email: 'Mo@Acme.test', responseStatus: status },
  ];
  test.each([
    ['accepted', 'accepted'],
    ['declined', 'declined'],
    ['tentative', 'tentative'],
    ['needsAction', 'none'],
    [null, 'none'],
  ] as const)('%s → %s', (status, expected) => {
    expect(managerResponse(guests(status), 'mo@acme.test')).toBe(expected);
    expect(managerDeclined(guests(status), 'mo@acme.test')).toBe(expected === 'declined');
  });
  test('not a guest, or no attendees: no answer', () => {
    expect(managerResponse([{ email: 'ana@acme.test', responseStatus: 'accepted' }], 'mo@acme.test')).toBe('none');
    expect(managerResponse(undefined, 'mo@acme.test')).toBe('none');
  });
});
