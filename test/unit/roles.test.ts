import { Engagement } from '../../src/core/engagement';
import { engagementsVisibleTo, viewerRole } from '../../src/core/roles';
import { parseCivilDate } from '../../src/core/time';

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
const admins = ['hr@acme.test'];
const meetingDate = parseCivilDate('2026-03-03')!;

describe('viewerRole for an event', () => {
  const event = {
    engagements,
    organizer: 'Ana@acme.test',
    attendees: ['ana@acme.test', 'MO@acme.test', 'cora@coaches.test'],
    meetingDate,
    admins,
  };

  it('names the organizer coachee, their manager and coach', () => {
    expect(viewerRole({ ...event, viewer: ' ana@ACME.test ' })).toMatchObject({
      role: 'coachee',
      engagement: { manager: 'mo@acme.test' },
    });
    expect(viewerRole({ ...event, viewer: 'mo@acme.test' }).role).toBe('manager');
    expect(viewerRole({ ...event, viewer: 'cora@coaches.test' }).role).toBe('coach');
  });

  it('uses the engagement of the meeting date (not an old one)', () => {
    expect(viewerRole({ ...event, viewer: 'old@acme.test', attendees: undefined }).role).toBe('other');
    expect(
      viewerRole({
        ...event,
        viewer: 'old@acme.test',
        attendees: undefined,
        meetingDate: parseCivilDate('2025-03-01')!,
      }).role,
    ).toBe('manager');
  });

  it('shows a manager only meetings they are invited to', () => {
    expect(viewerRole({ ...event, viewer: 'mo@acme.test', attendees: ['ana@acme.test'] }).role).toBe('other');
  });

  it('gives admins no meeting role, and strangers nothing', () => {
    expect(viewerRole({ ...event, viewer: 'hr@acme.test' })).toEqual({ role: 'admin', isAdmin: true });
    expect(viewerRole({ ...event, viewer: 'eve@acme.test' })).toEqual({ role: 'other', isAdmin: false });
    expect(viewerRole({ ...event, viewer: '' })).toEqual({ role: 'other', isAdmin: false });
  });

  it('is not a CCM meeting when the organizer is not a coachee', () => {
    expect(viewerRole({ ...event, organizer: 'mo@acme.test', viewer: 'mo@acme.test' }).role).toBe('other');
  });

  it('keeps Workspace dots significant', () => {
    expect(viewerRole({ ...event, viewer: 'm.o@acme.test' }).role).toBe('other');
  });
});

describe('viewerRole on the homepage', () => {
  it('prefers coachee, then manager, then coach, then admin', () => {
    expect(viewerRole({ viewer: 'ana@acme.test', engagements, admins, meetingDate })).toMatchObject({
      role: 'coachee',
      engagement: { start: '2026-01-12' },
    });
    expect(viewerRole({ viewer: 'mo@acme.test', engagements, admins, meetingDate }).role).toBe('manager');
    expect(viewerRole({ viewer: 'cora@coaches.test', engagements, admins, meetingDate }).role).toBe('coach');
    expect(viewerRole({ viewer: 'hr@acme.test', engagements, admins, meetingDate }).role).toBe('admin');
  });
});

describe('engagementsVisibleTo', () => {
  it('lists only engagements the viewer is part of', () => {
    expect(engagementsVisibleTo(engagements, 'mo@acme.test').map((x) => x.coachee)).toEqual(['ana@acme.test']);
    expect(engagementsVisibleTo(engagements, 'ana@acme.test')).toHaveLength(3);
    expect(engagementsVisibleTo(engagements, 'eve@acme.test')).toEqual([]);
  });
});
