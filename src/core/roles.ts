/**
 * Who is looking? Decides the viewer's role for one meeting (DESIGN rules 5 and 8): the coachee
 * (the organizer) edits; the manager and coach read; an admin sees usage; anyone else sees nothing
 * of the meeting. Roles come from the engagement list, never from what a caller claims.
 */
import { normalizeEmail, sameEmail } from './email';
import { Engagement, engagementFor, engagementsOfCoachee } from './engagement';
import { CivilDate } from './time';

export { normalizeEmail, sameEmail, emailKey } from './email';

export type ViewerRole = 'coachee' | 'manager' | 'coach' | 'admin' | 'other';

export interface RoleInput<E extends Engagement = Engagement> {
  viewer: string;
  engagements: readonly E[];
  /** The event's organizer; absent on the homepage (no event open). */
  organizer?: string;
  /** The event's attendee emails when known. When given, a manager or coach must be on the list. */
  attendees?: readonly string[];
  /** The meeting's day in the company zone, to pick the right engagement of a coachee with several. */
  meetingDate?: CivilDate;
  /** Program admins (settings.admins). */
  admins?: readonly string[];
}

export interface RoleDecision<E extends Engagement = Engagement> {
  role: ViewerRole;
  /** The engagement the meeting belongs to (for coachee, manager, coach). */
  engagement?: E;
  /** The viewer is a program admin, whatever their role in this meeting. */
  isAdmin: boolean;
}

/**
 * For an event (organizer given): the organizer must be a coachee for the meeting to be a CCM
 * meeting at all; then the viewer is that coachee, their manager, their coach, or else an admin /
 * other. Managers and coaches must also be invited when attendees are known.
 * On the homepage (no organizer): the viewer's own engagements decide; coachee first, then
 * manager, then coach, then admin.
 */
export function viewerRole<E extends Engagement>(input: RoleInput<E>): RoleDecision<E> {
  const viewer = normalizeEmail(input.viewer);
  const isAdmin = (input.admins ?? []).some((a) => sameEmail(a, viewer));
  const fallback: RoleDecision<E> = { role: isAdmin ? 'admin' : 'other', isAdmin };
  if (viewer === '') return { role: 'other', isAdmin: false };
  const today = input.meetingDate ?? { year: 9999, month: 12, day: 31 };

  if (input.organizer !== undefined) {
    const organizer = normalizeEmail(input.organizer);
    const engagement = input.meetingDate
      ? engagementFor(input.engagements, organizer, input.meetingDate)
      : (engagementsOfCoachee(input.engagements, organizer).find((e) => e.status === 'active') ??
        engagementsOfCoachee(input.engagements, organizer).pop());
    if (!engagement) return fallback;
    if (sameEmail(viewer, organizer)) return { role: 'coachee', engagement, isAdmin };
    const invited = input.attendees === undefined || input.attendees.some((a) => sameEmail(a, viewer));
    if (invited && sameEmail(viewer, engagement.manager)) return { role: 'manager', engagement, isAdmin };
    if (invited && sameEmail(viewer, engagement.coach)) return { role: 'coach', engagement, isAdmin };
    return fallback;
  }

  const asCoachee = engagementFor(input.engagements, viewer, today);
  if (asCoachee)
    return {
      role: 'coachee',
      engagement: pickCurrent(
        input.engagements.filter((e) => sameEmail(e.coachee, viewer)),
        asCoachee,
      ),
      isAdmin,
    };
  const asManager = input.engagements.filter((e) => sameEmail(e.manager, viewer));
  if (asManager.length > 0) return { role: 'manager', engagement: pickCurrent(asManager), isAdmin };
  const asCoach = input.engagements.filter((e) => sameEmail(e.coach, viewer));
  if (asCoach.length > 0) return { role: 'coach', engagement: pickCurrent(asCoach), isAdmin };
  return fallback;
}

function pickCurrent<E extends Engagement>(list: readonly E[], preferred?: E): E | undefined {
  if (preferred && preferred.status === 'active') return preferred;
  return list.find((e) => e.status === 'active') ?? preferred ?? list[list.length - 1];
}

/** The engagements a manager or coach may see: only those where they are the manager or coach. */
export function engagementsVisibleTo<E extends Engagement>(engagements: readonly E[], viewer: string): E[] {
  return engagements.filter(
    (e) => sameEmail(e.coachee, viewer) || sameEmail(e.manager, viewer) || sameEmail(e.coach, viewer),
  );
}
