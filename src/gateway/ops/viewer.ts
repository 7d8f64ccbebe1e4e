/**
 * viewer: the caller's role in one meeting (eventId + its organizer, as the caller's own copy of the
 * event shows them), decided from the gateway's data only. The organizer named in the request is
 * only a lookup key: the caller learns something about the meeting only if the gateway's own
 * Engagements tab says they are the manager or coach of that organizer's engagement and the Ledger
 * holds a booking for that event. Anyone else gets 'other' and nothing about the program.
 *
 * Managers see only meetings they can name: event ids are unguessable and appear only on the copies
 * of invited people, so a manager cannot browse the coachee's other meetings through this op.
 */
import type { ViewerArgs, ViewerData } from '../../core/api';
import { MILESTONE_LABELS, quarterlyMilestone } from '../../core/allowance';
import { normalizeEmail } from '../../core/email';
import { engagementFor, quarterOptionsFor } from '../../core/engagement';
import { CcmError } from '../../core/errors';
import { quarterOf } from '../../core/quarters';
import { meetingRole, type MeetingRole } from '../../core/roles';
import type { BookingRecord } from '../../core/ledger';
import { civilDateOf, parseIsoInstant } from '../../core/time';
import type { RequestContext, RowEngagement } from '../context';
import { toBookingView } from '../records';
import type { IndexEntry } from '../store';

const OTHER: ViewerData = { role: 'other', toolkitUrl: null };

/** A booked meeting as the viewer's copy names it: its coachee, booking, engagement and the viewer's role in it. */
export interface MeetingOfViewer {
  coachee: string;
  /** The coachee's Index entry the booking was read from (a change starts from it: ops/support.ts). */
  entry: IndexEntry;
  booking: BookingRecord;
  engagement: RowEngagement;
  role: MeetingRole;
}

/**
 * Finds the booking an invited person's copy names and their role in it, from the gateway's own data
 * (the viewer and support ops both ask it): null when the Ledger holds no such meeting or the
 * meeting's engagement cannot be told.
 */
export function meetingOfViewer(ctx: RequestContext, args: ViewerArgs): MeetingOfViewer | null {
  const settings = ctx.settings();
  const organizer = normalizeEmail(args.organizer);
  // The meeting is recognised from the Ledger, never from what a guest can edit on their copy: first
  // the organizer's Index row (one search); when the organizer is not a coachee (an event on a
  // secondary calendar is organised by the calendar), the Ledger by event id / iCalUID.
  const store = ctx.store;
  let coachee = organizer;
  const organizerEntry = store.loadIndex(organizer);
  let entry = organizerEntry;
  let booking = organizerEntry?.bookings.find((b) => b.eventId === args.eventId);
  // Only when the organizer is nobody's Index row (a calendar, not a coachee): a request naming a
  // coachee as the organizer of someone else's meeting still learns nothing.
  if (!booking && !organizerEntry) {
    const found = store.findBookingOfEvent(args.eventId, args.iCalUID);
    if (found) {
      coachee = found.coachee;
      entry = store.loadIndex(found.coachee);
      booking = entry?.bookings.find((b) => b.eventId === found.eventId);
    }
  }
  if (!booking || !entry) return null;

  const startMs = parseIsoInstant(booking.start);
  if (startMs === null) return null;
  // The coachee's own Engagements rows only (never the whole tab).
  const engagements = ctx.validEngagementsOf(coachee);
  const engagement = engagementFor(engagements, coachee, civilDateOf(startMs, settings.timeZone));
  if (!engagement) return null;
  return { coachee, entry, booking, engagement, role: meetingRole(ctx.email, coachee, engagement) };
}

export function viewer(ctx: RequestContext, args: ViewerArgs): ViewerData {
  ctx.settings(); // broken settings answer SETTINGS_INVALID first, as before

  // Outside the company's domain only a coach of some engagement gets an answer (see auth.ts).
  if (!ctx.caller.inDomain && !ctx.hasRowAs('coach')) throw new CcmError('FORBIDDEN');

  const found = meetingOfViewer(ctx, args);
  if (!found || found.role === 'other') return OTHER;
  return viewerData(ctx, found);
}

/** What an invited person is shown of a meeting they have a role in (viewer and support answer it). */
export function viewerData(ctx: RequestContext, found: MeetingOfViewer): ViewerData {
  const settings = ctx.settings();
  const { booking, engagement, role } = found;
  const startMs = parseIsoInstant(booking.start)!;

  let milestone: ViewerData['milestone'] = null;
  if (booking.milestone === 'initial' || booking.milestone === 'wrap-up') {
    milestone = { id: booking.milestone, label: MILESTONE_LABELS[booking.milestone] };
  } else if (booking.milestone === 'quarterly') {
    const m = quarterlyMilestone(engagement, quarterOf(startMs, quarterOptionsFor(settings, engagement)));
    milestone = { id: m.id, label: m.label };
  }
  const data: ViewerData = {
    role,
    program: engagement.program,
    milestone,
    booking: toBookingView(booking),
    toolkitUrl: settings.toolkitUrl ?? null,
  };
  const name = ctx.nameOfRow(engagement.row);
  if (name) data.coacheeName = name;
  return data;
}
