/**
 * Who is looking? (DESIGN rules 5 and 8): the coachee (the organizer) edits; the manager and coach
 * read; an admin sees usage; anyone else sees nothing of the meeting. Roles come from the gateway's
 * own Engagements and Settings tabs, never from what a caller claims; the gateway reads those tabs
 * and asks these functions.
 */
import type { Role } from './api';
import { sameEmail } from './email';
import type { Engagement } from './engagement';

export { normalizeEmail, sameEmail, emailKey } from './email';

export interface CallerRolesInput {
  /** The caller has rows in Engagements as a coachee (valid or not: a broken record is still theirs). */
  hasCoacheeRows: boolean;
  /** Some valid engagement names the caller as its manager (the gateway looks up the caller's rows only). */
  isManager: boolean;
  /** Some valid engagement names the caller as its coach. */
  isCoach: boolean;
  /** The caller is a program admin (Settings). */
  isAdmin: boolean;
}

/** Every role the caller holds in the program, in the order the add-on's homepage considers them. */
export function callerRoles(input: CallerRolesInput): Role[] {
  const roles: Role[] = [];
  if (input.hasCoacheeRows) roles.push('coachee');
  if (input.isManager) roles.push('manager');
  if (input.isCoach) roles.push('coach');
  if (input.isAdmin) roles.push('admin');
  return roles;
}

export type MeetingRole = 'coachee' | 'manager' | 'coach' | 'other';

/**
 * The viewer's role in one booked meeting of `organizer`, whose engagement (at the meeting's date)
 * is `engagement`: the organizer is the coachee; the engagement's manager and coach read; anyone
 * else is 'other' and learns nothing about the meeting.
 */
export function meetingRole(viewer: string, organizer: string, engagement: Engagement): MeetingRole {
  if (sameEmail(viewer, organizer)) return 'coachee';
  if (sameEmail(engagement.manager, viewer)) return 'manager';
  if (sameEmail(engagement.coach, viewer)) return 'coach';
  return 'other';
}

type Attendees = ReadonlyArray<{ email?: string | null; responseStatus?: string | null }> | undefined;

/** The manager's answer to the invitation; 'none' for needsAction, or when they are not a guest. */
export type ManagerResponse = 'accepted' | 'declined' | 'tentative' | 'none';

/**
 * The manager's RSVP as every copy of the event lists it (attendee responseStatus): read from the
 * event the add-on already has, never stored in the gateway (issue 14 item 4).
 */
export function managerResponse(attendees: Attendees, manager: string): ManagerResponse {
  const status = (attendees ?? []).find((a) => sameEmail(a.email ?? '', manager))?.responseStatus;
  return status === 'accepted' || status === 'declined' || status === 'tentative' ? status : 'none';
}

/**
 * The manager said no to the invitation: the coachee is told and offered another time; the booking
 * itself is unchanged.
 */
export function managerDeclined(attendees: Attendees, manager: string): boolean {
  return managerResponse(attendees, manager) === 'declined';
}
