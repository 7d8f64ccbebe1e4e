// The Calendar UI as the host simulates it: the event editor with an add-on side panel (the `e.calendar`
// event object, CalendarEventActionResponse applied to the draft, Save), and people moving, deleting
// and answering events.
import { World } from '../../src/local/runtime/world';
import {
  newDraft,
  editEvent,
  updateDraft,
  applyEventAction,
  saveDraft,
  discardDraft,
  getDraft,
  addonCalendarEventObject,
  createEvent,
  moveEvent,
  deleteEvent,
  respondToEvent,
  getCopy,
  listCalendar,
  getSharedEvent,
  setCalendarOptions,
} from '../../src/local/runtime/backends/calendar';
import { mailbox } from '../../src/local/runtime/backends/gmail';

const ANA = 'ana@acme.test';
const MO = 'mo@acme.test';
const CY = 'cy@gmail.com';
const TOOLKIT = {
  resourceUrl: 'https://docs.google.com/document/d/toolkit/edit',
  title: 'CCM toolkit',
  mimeType: 'application/vnd.google-apps.document',
  iconUrl: 'https://lh3.googleusercontent.com/icon.png',
};

function company(): World {
  const world = new World();
  world.addUser({ email: ANA, name: 'Ana Coachee', domain: 'acme.test', timeZone: 'Europe/Paris' });
  world.addUser({ email: MO, name: 'Mo Manager', domain: 'acme.test', timeZone: 'Europe/London' });
  world.addUser({ email: CY, name: 'Cy Coach', timeZone: 'UTC' });
  return world;
}

describe('event editor and add-on event object', () => {
  test('e.calendar for an unsaved draft: ids, organizer, attendees, capabilities, and never title/description/times', () => {
    const world = company();
    const d = newDraft(world, ANA, {
      summary: 'Secret title',
      description: 'Secret',
      start: '2026-03-02T10:00:00+01:00',
      end: '2026-03-02T11:00:00+01:00',
    });
    const e = addonCalendarEventObject(world, ANA, { draftId: d.draftId }, 'READ_WRITE')!;
    expect(e).toEqual({
      id: d.draftId,
      calendarId: ANA,
      organizer: { email: ANA },
      attendees: [],
      capabilities: {
        canAddAttendees: true,
        canSeeAttendees: true,
        canAddAttachments: true,
        canSetConferenceData: true,
        canSeeConferenceData: true,
      },
    });
    for (const k of ['summary', 'title', 'description', 'start', 'end', 'attachments', 'extendedProperties'])
      expect(e).not.toHaveProperty(k);
    expect(addonCalendarEventObject(world, ANA, { draftId: d.draftId }, 'METADATA')).toEqual({
      id: d.draftId,
      calendarId: ANA,
      organizer: { email: ANA },
    });
    expect(addonCalendarEventObject(world, ANA, { draftId: d.draftId }, 'WRITE')).toEqual({
      id: d.draftId,
      calendarId: ANA,
      organizer: { email: ANA },
    });
    expect(addonCalendarEventObject(world, ANA, { draftId: d.draftId }, undefined)).toBeUndefined();
  });

  test('the add-on adds guests and the toolkit to the draft; Save creates the event and sends invitations', () => {
    const world = company();
    const d = newDraft(world, ANA, {
      summary: 'Alignment',
      start: '2026-03-02T10:00:00+01:00',
      end: '2026-03-02T11:00:00+01:00',
    });
    applyEventAction(world, d.draftId, { addAttendees: [MO, 'CY@gmail.com'], addAttachments: [TOOLKIT] });
    // Pressing the button twice does not duplicate anything.
    applyEventAction(world, d.draftId, { addAttendees: [MO], addAttachments: [TOOLKIT] });
    const e = addonCalendarEventObject(world, ANA, { draftId: d.draftId }, 'READ')!;
    expect(e.attendees).toEqual([
      { email: ANA, optional: false, organizer: true, self: true, responseStatus: 'accepted' },
      { email: MO, optional: false, organizer: false, self: false, responseStatus: 'needsAction' },
      { email: CY, optional: false, organizer: false, self: false, responseStatus: 'needsAction' },
    ]);
    expect(mailbox(world, MO)).toHaveLength(0); // nothing is sent before Save
    const saved = saveDraft(world, d.draftId);
    expect(getDraft(world, d.draftId)).toBeUndefined();
    expect(saved.attachments).toEqual([
      {
        fileUrl: TOOLKIT.resourceUrl,
        title: 'CCM toolkit',
        mimeType: TOOLKIT.mimeType,
        iconLink: TOOLKIT.iconUrl,
        fileId: 'toolkit',
      },
    ]);
    expect((saved.attendees as any[]).map((a) => a.email)).toEqual([ANA, MO, CY]);
    expect(mailbox(world, MO).map((m) => m.subject)).toEqual([
      `Invitation: Alignment @ Mon Mar 2, 2026 9am - 10am (GMT) (${MO})`,
    ]);
    expect(getCopy(world, CY, saved.id)?.summary).toBe('Alignment');
  });

  test('discarding the editor loses what the add-on added', () => {
    const world = company();
    const d = newDraft(world, ANA);
    applyEventAction(world, d.draftId, { addAttendees: [MO] });
    discardDraft(world, d.draftId);
    expect(getDraft(world, d.draftId)).toBeUndefined();
    expect(listCalendar(world, ANA)).toHaveLength(0);
    expect(() => saveDraft(world, d.draftId)).toThrow(/No open editor/);
  });

  test("a guest's e.calendar: not the organizer, cannot add guests or attachments (unless guests may modify)", () => {
    const world = company();
    const ev = createEvent(world, ANA, {
      summary: 'Alignment',
      start: '2026-03-02T10:00:00+01:00',
      end: '2026-03-02T11:00:00+01:00',
      attendees: [MO],
    });
    const e = addonCalendarEventObject(world, MO, { eventId: ev.id }, 'READ')!;
    expect(e.id).toBe(ev.id);
    expect(e.calendarId).toBe(MO);
    expect(e.organizer).toEqual({ email: ANA });
    expect(e.capabilities).toEqual({
      canAddAttendees: false,
      canSeeAttendees: true,
      canAddAttachments: false,
      canSetConferenceData: false,
      canSeeConferenceData: true,
    });
    expect(e.attendees?.find((a) => a.self)).toEqual({
      email: MO,
      optional: false,
      organizer: false,
      self: true,
      responseStatus: 'needsAction',
    });
    const d = editEvent(world, MO, ev.id);
    expect(() => applyEventAction(world, d.draftId, { addAttendees: ['x@acme.test'] })).toThrow(
      /canAddAttendees is false/,
    );
    expect(() => applyEventAction(world, d.draftId, { addAttachments: [TOOLKIT] })).toThrow(
      /canAddAttachments is false/,
    );
    const open = createEvent(world, ANA, {
      summary: 'Open',
      start: '2026-03-03T10:00:00+01:00',
      end: '2026-03-03T11:00:00+01:00',
      attendees: [MO],
      guestsCanModify: true,
    });
    expect(addonCalendarEventObject(world, MO, { eventId: open.id }, 'READ')!.capabilities?.canAddAttendees).toBe(true);
  });

  test('editing a saved event in the editor: the organizer adds a guest; answers already given are kept', () => {
    const world = company();
    const ev = createEvent(world, ANA, {
      summary: 'Alignment',
      start: '2026-03-02T10:00:00+01:00',
      end: '2026-03-02T11:00:00+01:00',
      attendees: [MO],
    });
    respondToEvent(world, MO, ev.id, 'accepted');
    const d = editEvent(world, ANA, ev.id);
    expect(d.draftId).toBe(ev.id);
    applyEventAction(world, d.draftId, { addAttendees: [CY], addAttachments: [TOOLKIT] });
    const e = addonCalendarEventObject(world, ANA, { draftId: d.draftId }, 'READ')!;
    expect(e.id).toBe(ev.id);
    expect(e.attendees?.map((a) => [a.email, a.responseStatus])).toEqual([
      [ANA, 'accepted'],
      [MO, 'accepted'],
      [CY, 'needsAction'],
    ]);
    const saved = saveDraft(world, d.draftId);
    expect((saved.attendees as any[]).map((a) => [a.email, a.responseStatus])).toEqual([
      [ANA, 'accepted'],
      [MO, 'accepted'],
      [CY, 'needsAction'],
    ]);
    expect(mailbox(world, CY)[0]!.subject).toMatch(/^Invitation: Alignment/);
    // Adding a guest and an attachment changes the event: the others hear about the attachment.
    expect(mailbox(world, MO)[0]!.subject).toMatch(/^Updated invitation: Alignment/);
    expect(getSharedEvent(world, ev.id)?.sequence).toBe(0);
  });

  test('saving an unchanged editor changes nothing and sends nothing', () => {
    const world = company();
    const ev = createEvent(world, ANA, {
      summary: 'Same',
      start: '2026-03-02T10:00:00+01:00',
      end: '2026-03-02T11:00:00+01:00',
      attendees: [MO],
    });
    const before = getCopy(world, MO, ev.id)!.etag;
    const mails = mailbox(world, MO).length;
    saveDraft(world, editEvent(world, ANA, ev.id).draftId);
    expect(getCopy(world, MO, ev.id)!.etag).toBe(before);
    expect(mailbox(world, MO).length).toBe(mails);
  });

  test('draftIdOnSave decides whether the saved event keeps the draft id (the id e.calendar had)', () => {
    const world = company();
    const a = newDraft(world, ANA);
    expect(saveDraft(world, a.draftId).id).toBe(a.draftId);
    setCalendarOptions(world, { draftIdOnSave: 'new' });
    const b = newDraft(world, ANA);
    expect(saveDraft(world, b.draftId).id).not.toBe(b.draftId);
    const c = newDraft(world, ANA);
    expect(saveDraft(world, c.draftId, { idOnSave: 'same' }).id).toBe(c.draftId);
  });

  test('a draft typed into by the person, then a refused save keeps the editor open', () => {
    const world = company();
    const d = newDraft(world, ANA);
    updateDraft(world, d.draftId, {
      summary: 'Typed',
      start: '2026-03-02T10:00:00+01:00',
      end: '2026-03-02T09:00:00+01:00',
    });
    expect(() => saveDraft(world, d.draftId)).toThrow(/The specified time range is empty/);
    expect(getDraft(world, d.draftId)?.summary).toBe('Typed');
    updateDraft(world, d.draftId, { end: '2026-03-02T11:00:00+01:00', attendees: [MO] });
    expect(saveDraft(world, d.draftId).summary).toBe('Typed');
  });

  test('an instance of a series has recurringEventId in e.calendar', () => {
    const world = company();
    const series = createEvent(world, ANA, {
      summary: 'Weekly',
      start: '2026-03-02T10:00:00+01:00',
      end: '2026-03-02T11:00:00+01:00',
      attendees: [MO],
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'],
    });
    const instances = listCalendar(world, MO, { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' });
    expect(instances).toHaveLength(4);
    const e = addonCalendarEventObject(world, MO, { eventId: instances[1]!.id }, 'METADATA')!;
    expect(e).toEqual({
      id: `${series.id}_20260309T090000Z`,
      calendarId: MO,
      organizer: { email: ANA },
      recurringEventId: series.id,
    });
  });
});

describe('people acting in Google Calendar', () => {
  test('moving keeps the length; deleting by the organizer cancels for everyone', () => {
    const world = company();
    const ev = createEvent(world, ANA, {
      summary: 'Move me',
      start: '2026-03-02T10:00:00+01:00',
      end: '2026-03-02T10:45:00+01:00',
      attendees: [MO],
    });
    const moved = moveEvent(world, ANA, ev.id, '2026-06-01T15:00:00+02:00');
    expect(moved.start).toEqual({ dateTime: '2026-06-01T15:00:00+02:00', timeZone: 'Europe/Paris' });
    expect(moved.end).toEqual({ dateTime: '2026-06-01T15:45:00+02:00', timeZone: 'Europe/Paris' });
    expect(getCopy(world, MO, ev.id)?.start).toEqual({
      dateTime: '2026-06-01T14:00:00+01:00',
      timeZone: 'Europe/Paris',
    });
    expect(() => moveEvent(world, MO, ev.id, '2026-06-02T15:00:00+02:00')).toThrow(
      /Shared properties can only be changed by the organizer/,
    );
    deleteEvent(world, ANA, ev.id);
    expect(getCopy(world, ANA, ev.id)?.status).toBe('cancelled');
    expect(getCopy(world, MO, ev.id)?.status).toBe('cancelled');
    expect(listCalendar(world, MO)).toHaveLength(0);
    expect(listCalendar(world, MO, { includeCancelled: true })).toHaveLength(1);
  });

  test('a guest deleting the event only removes their copy and declines', () => {
    const world = company();
    const ev = createEvent(world, ANA, {
      summary: 'Mine',
      start: '2026-03-02T10:00:00+01:00',
      end: '2026-03-02T11:00:00+01:00',
      attendees: [MO, CY],
    });
    deleteEvent(world, MO, ev.id);
    expect(getCopy(world, MO, ev.id)?.status).toBe('cancelled');
    expect(getCopy(world, ANA, ev.id)?.status).toBe('confirmed');
    expect((getCopy(world, ANA, ev.id)?.attendees as any[]).find((a) => a.email === MO).responseStatus).toBe(
      'declined',
    );
    expect(mailbox(world, ANA)[0]!.subject).toMatch(/^Declined: Mine/);
    expect(() => deleteEvent(world, MO, ev.id)).toThrow(/Resource has been deleted/);
  });

  test("a removed guest's copy is cancelled and they get a cancellation", () => {
    const world = company();
    const ev = createEvent(world, ANA, {
      summary: 'Trim',
      start: '2026-03-02T10:00:00+01:00',
      end: '2026-03-02T11:00:00+01:00',
      attendees: [MO, CY],
    });
    const d = editEvent(world, ANA, ev.id);
    updateDraft(world, d.draftId, { attendees: [ANA, MO] });
    saveDraft(world, d.draftId);
    expect(getCopy(world, CY, ev.id)?.status).toBe('cancelled');
    expect(mailbox(world, CY)[0]!.subject).toMatch(/^Canceled event: Trim/);
    expect(getCopy(world, MO, ev.id)?.status).toBe('confirmed');
  });
});
