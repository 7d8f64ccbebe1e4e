/**
 * Everyone who is not the organizer: the role-aware panel on their own copy of the event, used by
 * Calendar (eventOpen) and Gmail (the invitation). Whether it is a CCM meeting is the gateway's
 * Ledger's answer (by event id / iCalUID), not the copy's: any guest can change or clear the shared
 * marker. The add-on asks when the copy shows ANY sign of one (the marker, our booking property, or
 * the notes block, which only the organizer can write), so other events cost no round trip; the
 * `viewer` answer says who the viewer is in it, from the gateway's own data (one round trip).
 * The notes are compared with the digest the gateway kept when the coachee confirmed them: when
 * they differ, every viewer is told they were changed after the coachee wrote them (NOTES_CHANGED).
 * When the gateway cannot be asked, the block on the viewer's copy (written by the organizer only)
 * picks the manager's or coach's panel, marked as such; anyone it does not name sees the neutral card.
 */
import { isActive } from '../../core/ledger';
import type { ViewerArgs, ViewerData } from '../../core/api';
import { hasBlock, parseBlock, SHARED_BOOKING_KEY } from '../../core/description';
import { notesDigest } from '../../core/digest';
import { sameEmail } from '../../core/email';
import { CcmError } from '../../core/errors';
import { eventTimes, isMarked, type CalEvent } from '../adapters/calendar';
import { callGateway } from '../adapters/gateway';
import { readPrep, readSupport } from '../adapters/properties';
import type { Budget } from '../env';
import { coachCard, managerCard, type AttendeePanelModel } from '../views/attendee';
import { aboutCard, neutralCard } from '../views/info';
import { blockPeople, dayOfInstant, planView, titleText, whenText } from '../views/view-model';

export type ViewerRole = ViewerData['role'];

/** Gateway answers after which the invitation itself may pick the panel (nothing authoritative said no). */
const FALLBACK_CODES = new Set([
  'GATEWAY_UNAVAILABLE',
  'GATEWAY_TIMEOUT',
  'UNAUTHENTICATED',
  'INTERNAL',
  'DEADLINE',
  'LOCK_TIMEOUT',
  'SETTINGS_INVALID',
]);

export function roleFromBlock(ev: CalEvent, me: string): ViewerRole {
  const people = blockPeople(ev.description);
  const invited = (ev.attendees ?? []).some((a) => a.self === true || sameEmail(a.email, me));
  if (!invited) return 'other';
  if (people.manager && sameEmail(people.manager, me)) return 'manager';
  if (people.coach && sameEmail(people.coach, me)) return 'coach';
  return 'other';
}

/** Any sign on the viewer's copy that this may be a CCM meeting (the gateway decides whether it is). */
export function looksLikeCcm(ev: CalEvent): boolean {
  return isMarked(ev) || !!ev.extendedProperties?.shared?.[SHARED_BOOKING_KEY] || hasBlock(ev.description);
}

/** The notes differ from the digest of what the coachee confirmed (or are gone from an active booking). */
export function notesChanged(parse: ReturnType<typeof parseBlock>, booking: ViewerData['booking'] | null): boolean {
  const kept = booking?.notesDigest;
  if (!kept) return false;
  if (!parse.found) return isActive(booking);
  return notesDigest(parse.meeting ?? parse.partial) !== kept;
}

export interface ViewerOptions {
  compact: boolean;
  timeZone: string;
}

/** The meeting as the viewer's copy names it: the lookup keys of `viewer` and `support`. */
export function viewerArgs(ev: CalEvent): ViewerArgs {
  const args: ViewerArgs = { eventId: ev.id!, organizer: ev.organizer?.email ?? '' };
  if (ev.iCalUID) args.iCalUID = ev.iCalUID;
  return args;
}

/**
 * The panel for a non-organizer. `ev` is the viewer's own copy. Non-CCM events get the card that
 * says what the add-on is for. `known`: the gateway's answer when the action already has it (support).
 */
export function attendeePanel(
  ev: CalEvent,
  me: string,
  budget: Budget,
  opts: ViewerOptions,
  known?: ViewerData,
): GoogleAppsScript.Card_Service.Card {
  if (!looksLikeCcm(ev)) return aboutCard();
  let data: ViewerData | null = null;
  let role: ViewerRole;
  let degraded = false;
  try {
    data = known ?? callGateway('viewer', viewerArgs(ev), budget);
    role = data.role;
  } catch (err) {
    if (!(err instanceof CcmError)) throw err;
    if (err.code === 'FORBIDDEN' || !FALLBACK_CODES.has(err.code)) {
      // The gateway said who may see what: an outsider sees nothing of the meeting.
      console.log(`ccm: viewer refused (${err.code}) for ${ev.id}`);
      return neutralCard();
    }
    console.log(`ccm: viewer unavailable (${err.code}) for ${ev.id}; using the invitation`);
    role = roleFromBlock(ev, me);
    degraded = true;
  }
  if (role === 'other') return neutralCard();
  if (role === 'coachee') return aboutCard(new CcmError('NOT_ORGANIZER').message);

  const people = blockPeople(ev.description);
  const parse = parseBlock(ev.description ?? '');
  const model: AttendeePanelModel = {
    eventId: ev.id!,
    title: titleText(ev.summary),
    when: whenText(eventTimes(ev).start, opts.timeZone),
    coachee:
      data?.coacheeName ?? people.coachee ?? ev.organizer?.displayName ?? ev.organizer?.email ?? 'your colleague',
    plan: planView(parse, role),
    milestone: data?.milestone?.label ?? data?.booking?.milestone ?? parse.milestoneLabel ?? null,
    program: data?.program ?? null,
    bookingStatus: data?.booking?.status ?? null,
    toolkitUrl: data?.toolkitUrl ?? null,
    compact: opts.compact,
    degraded,
    notesChanged: notesChanged(parse, data?.booking ?? null),
    updated: whenText(ev.updated, opts.timeZone),
  };
  if (role === 'manager')
    return managerCard({
      ...model,
      prep: readPrep(ev.id!),
      support: readSupport(ev.id!),
      supportedOn: data?.booking?.supportedAt ? dayOfInstant(data.booking.supportedAt, opts.timeZone) : null,
      supportParams: { compact: opts.compact ? '1' : '' },
    });
  return coachCard(model);
}
