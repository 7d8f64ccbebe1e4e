// Secondary calendars and what guests may change, as the Calendar advanced service answers scripts.
// Sources: the Events resource (https://developers.google.com/workspace/calendar/api/v3/reference/events):
// - guestsCanModify: "Whether attendees other than the organizer can modify the event. Optional. The
//   default is False."
// - guestsCanInviteOthers: "Whether attendees other than the organizer can invite others to the event.
//   Optional. The default is True."
// - organizer.self: "Whether the organizer corresponds to the calendar on which this copy of the event
//   appears." An event created on a secondary calendar has that calendar as its organizer; its
//   creator is the person who made it.
// Guests' edits to shared extended properties are allowed (PLATFORM.md): they are hints only.
import { ALL_TEST_SCOPES, scriptRuntime } from './helpers';
import {
  createEvent,
  createSecondaryCalendar,
  getCopy,
  getSharedEvent,
  shareCalendar,
  addonCalendarEventObject,
  editEvent,
  saveDraft,
  updateDraft,
} from '../../src/local/runtime/backends/calendar';

const CODE = `
function call(svc, method, args) {
  try { return { ok: true, value: Calendar[svc][method].apply(null, args) }; }
  catch (e) { return { ok: false, name: e.name, message: e.message, code: e.details && e.details.code,
    reason: e.details && e.details.errors && e.details.errors[0] && e.details.errors[0].reason }; }
}
`;

const ANA = 'ana@acme.test';
const MO = 'mo@acme.test';
const BEA = 'bea@acme.test';
const CY = 'cy@coaches.test';

type Reply = { ok: boolean; value?: any; message?: string; code?: number; reason?: string };

describe('Calendar: secondary calendars', () => {
  const { world, runtime } = scriptRuntime([
    {
      name: 'p',
      code: CODE,
      manifest: { oauthScopes: [...ALL_TEST_SCOPES, 'https://www.googleapis.com/auth/calendar.calendars.readonly'] },
    },
  ]);
  world.addUser({ email: ANA, name: 'Ana', domain: 'acme.test', timeZone: 'Europe/Paris' });
  world.addUser({ email: MO, name: 'Mo', domain: 'acme.test', timeZone: 'Europe/London' });
  world.addUser({ email: BEA, name: 'Bea', domain: 'acme.test', timeZone: 'Europe/Paris' });
  afterAll(() => runtime.close());

  async function api(user: string, svc: string, method: string, ...args: unknown[]): Promise<Reply> {
    const r = await runtime.execute({ project: 'p', fn: 'call', args: [svc, method, args], user });
    if (!r.ok) throw new Error(`execution failed: ${r.error?.message}`);
    return r.value as Reply;
  }
  const meeting = (extra: Record<string, unknown> = {}) => ({
    summary: 'Alignment',
    start: { dateTime: '2026-03-02T10:00:00+01:00' },
    end: { dateTime: '2026-03-02T11:00:00+01:00' },
    attendees: [{ email: MO }],
    ...extra,
  });

  test("an owner's extra calendar: events on it have the calendar as organizer and are only on that calendar", async () => {
    const work = createSecondaryCalendar(world, ANA, { summary: 'Ana work' });
    expect(work).toMatch(/@group\.calendar\.google\.com$/);
    const ins = await api(ANA, 'Events', 'insert', meeting(), work);
    expect(ins.ok).toBe(true);
    const ev = ins.value;
    expect(ev.organizer).toEqual({ email: work, self: true });
    expect(ev.creator).toEqual({ email: ANA });
    // Asked through that calendar it is there; through the primary calendar Calendar does not know it.
    expect((await api(ANA, 'Events', 'get', work, ev.id)).value.id).toBe(ev.id);
    expect(await api(ANA, 'Events', 'get', 'primary', ev.id)).toMatchObject({ ok: false, code: 404 });
    // The guest's copy names the calendar as organizer, not Ana.
    expect((await api(MO, 'Events', 'get', 'primary', ev.id)).value.organizer).toEqual({ email: work });
    // The owner edits it through that calendar as its organizer.
    expect((await api(ANA, 'Events', 'patch', { description: 'notes' }, work, ev.id)).ok).toBe(true);
    expect(
      (await api(ANA, 'Events', 'list', work, { sharedExtendedProperty: [], showDeleted: true })).value.items.map(
        (i: any) => i.id,
      ),
    ).toEqual([ev.id]);
    // Calendars.get gives its metadata to the owner; nobody else sees it.
    expect((await api(ANA, 'Calendars', 'get', work)).value).toMatchObject({ id: work, summary: 'Ana work' });
    expect(await api(MO, 'Calendars', 'get', work)).toMatchObject({ ok: false, code: 404 });
  });

  test('a calendar shared with a person: writers act as organizer, readers read, others get 404', async () => {
    const team = createSecondaryCalendar(world, BEA, { summary: 'Team' });
    shareCalendar(world, team, ANA, 'writer');
    shareCalendar(world, team, MO, 'reader');
    const ev = (await api(ANA, 'Events', 'insert', meeting({ attendees: [{ email: CY }] }), team)).value;
    expect(ev.organizer).toEqual({ email: team, self: true });
    expect(ev.creator).toEqual(({ email: ANA, self: true } as any) === ev.creator ? ev.creator : { email: ANA });
    expect((await api(BEA, 'Events', 'get', team, ev.id)).value.organizer.self).toBe(true);
    expect((await api(MO, 'Events', 'get', team, ev.id)).ok).toBe(true);
    expect(await api(MO, 'Events', 'patch', { summary: 'x' }, team, ev.id)).toMatchObject({
      ok: false,
      code: 403,
      reason: 'requiredAccessLevel',
      message: 'API call to calendar.events.patch failed with error: You need to have writer access to this calendar.',
    });
    expect(await api(CY, 'Events', 'get', team, ev.id)).toMatchObject({ ok: false, code: 404, reason: 'notFound' });
  });

  // visibility "private": "The event is private and only event attendees may view event details" (Events
  // resource); readers of the calendar see it without details (ACL reference, role "reader": "Private
  // events will appear to users with reader access, but event details will be hidden"):
  // https://developers.google.com/workspace/calendar/api/v3/reference/acl
  test('a private event shows only its time ("busy") to a reader of the calendar who is not a guest', async () => {
    const shared = createSecondaryCalendar(world, ANA, { summary: 'Shared with the team' });
    shareCalendar(world, shared, BEA, 'reader');
    const priv = (await api(ANA, 'Events', 'insert', meeting({ visibility: 'private', description: 'Plan' }), shared))
      .value;
    const open = (await api(ANA, 'Events', 'insert', meeting({ summary: 'Open', description: 'Plan' }), shared)).value;
    const seen = (await api(BEA, 'Events', 'get', shared, priv.id)).value;
    expect(seen).toMatchObject({ id: priv.id, visibility: 'private', start: priv.start, end: priv.end });
    for (const k of ['summary', 'description', 'attendees', 'location', 'extendedProperties', 'organizer'])
      expect(seen[k]).toBeUndefined();
    const listed = (await api(BEA, 'Events', 'list', shared, {})).value.items;
    expect(listed.find((i: any) => i.id === priv.id).summary).toBeUndefined();
    // A default-visibility event keeps its details for the reader; the owner and a guest see the private one.
    expect(listed.find((i: any) => i.id === open.id)).toMatchObject({ summary: 'Open', description: 'Plan' });
    expect((await api(ANA, 'Events', 'get', shared, priv.id)).value.description).toBe('Plan');
    expect((await api(MO, 'Events', 'get', 'primary', priv.id)).value.description).toBe('Plan');
  });

  test("the host: the editor and the add-on's event object name the secondary calendar", () => {
    const own = createSecondaryCalendar(world, ANA, { summary: 'Side' });
    const ev = createEvent(world, ANA, {
      summary: 'On the side',
      start: '2026-03-03T10:00:00+01:00',
      end: '2026-03-03T11:00:00+01:00',
      attendees: [MO],
      calendarId: own,
    });
    expect(getCopy(world, ANA, ev.id)).toBeUndefined();
    expect(getCopy(world, own, ev.id)?.organizer).toEqual({ email: own, self: true });
    expect(getSharedEvent(world, ev.id)?.creator).toBe(ANA);
    const obj = addonCalendarEventObject(world, ANA, { eventId: ev.id, calendarId: own }, 'READ');
    expect(obj).toMatchObject({ id: ev.id, calendarId: own, organizer: { email: own } });
    expect(obj?.capabilities?.canAddAttendees).toBe(true);
    const draft = editEvent(world, ANA, ev.id, own);
    expect(draft.calendarId).toBe(own);
    expect(addonCalendarEventObject(world, ANA, { draftId: draft.draftId }, 'READ')?.calendarId).toBe(own);
    updateDraft(world, draft.draftId, { summary: 'Renamed' });
    expect(saveDraft(world, draft.draftId).summary).toBe('Renamed');
    // Nobody else may put events on it.
    expect(() =>
      createEvent(world, MO, { start: '2026-03-03T10:00:00Z', end: '2026-03-03T11:00:00Z', calendarId: own }),
    ).toThrow(/Not Found/);
  });
});

describe('Calendar: what guests may change', () => {
  const { world, runtime } = scriptRuntime([{ name: 'p', code: CODE }]);
  world.addUser({ email: ANA, name: 'Ana', domain: 'acme.test', timeZone: 'Europe/Paris' });
  world.addUser({ email: MO, name: 'Mo', domain: 'acme.test', timeZone: 'Europe/London' });
  afterAll(() => runtime.close());

  async function api(user: string, method: string, ...args: unknown[]): Promise<Reply> {
    const r = await runtime.execute({ project: 'p', fn: 'call', args: ['Events', method, args], user });
    if (!r.ok) throw new Error(`execution failed: ${r.error?.message}`);
    return r.value as Reply;
  }
  const meeting = (extra: Record<string, unknown> = {}) => ({
    summary: 'Alignment',
    description: 'Goal: mine',
    start: { dateTime: '2026-03-02T10:00:00+01:00' },
    end: { dateTime: '2026-03-02T11:00:00+01:00' },
    attendees: [{ email: MO }],
    extendedProperties: { shared: { ccmAlignment: '1' }, private: { digest: 'abc' } },
    ...extra,
  });

  test('defaults: guests may not modify (false) but may invite others (true); the organizer may turn both off', async () => {
    const ev = (await api(ANA, 'insert', meeting(), 'primary')).value;
    expect(ev.guestsCanModify).toBeUndefined(); // false is the default and is not listed
    expect(ev.guestsCanInviteOthers).toBeUndefined(); // true is the default and is not listed
    expect(await api(MO, 'patch', { description: 'Goal: rewritten' }, 'primary', ev.id)).toMatchObject({
      ok: false,
      code: 403,
      reason: 'forbiddenForNonOrganizer',
    });
    const invited = await api(
      MO,
      'patch',
      { attendees: [{ email: ANA }, { email: MO }, { email: 'x@acme.test' }] },
      'primary',
      ev.id,
    );
    expect(invited.ok).toBe(true);
    // Removing someone is a modification, not an invitation.
    expect(await api(MO, 'patch', { attendees: [{ email: MO }] }, 'primary', ev.id)).toMatchObject({ code: 403 });
    // Only the organizer sets these fields.
    expect(await api(MO, 'patch', { guestsCanInviteOthers: false }, 'primary', ev.id)).toMatchObject({ code: 403 });
    const locked = await api(ANA, 'patch', { guestsCanModify: false, guestsCanInviteOthers: false }, 'primary', ev.id);
    expect(locked.value.guestsCanInviteOthers).toBe(false);
    expect(
      await api(
        MO,
        'patch',
        { attendees: [{ email: ANA }, { email: MO }, { email: 'x@acme.test' }, { email: 'y@acme.test' }] },
        'primary',
        ev.id,
      ),
    ).toMatchObject({ ok: false, code: 403, reason: 'forbiddenForNonOrganizer' });
  });

  test('with guestsCanModify a guest rewrites the description; shared properties are editable by guests; private ones are per copy', async () => {
    const ev = (await api(ANA, 'insert', meeting({ guestsCanModify: true }), 'primary')).value;
    expect((await api(MO, 'patch', { description: 'Goal: rewritten by Mo' }, 'primary', ev.id)).ok).toBe(true);
    const anas = (await api(ANA, 'get', 'primary', ev.id)).value;
    expect(anas.description).toBe('Goal: rewritten by Mo');
    // The organizer's private property is hers: the guest's copy does not show it and cannot change it.
    const mos = (await api(MO, 'get', 'primary', ev.id)).value;
    expect(mos.extendedProperties.private).toBeUndefined();
    await api(MO, 'patch', { extendedProperties: { private: { digest: 'forged' } } }, 'primary', ev.id);
    expect((await api(ANA, 'get', 'primary', ev.id)).value.extendedProperties.private).toEqual({ digest: 'abc' });
    // Even without guestsCanModify, a guest may clear the shared marker.
    const locked = (await api(ANA, 'insert', meeting(), 'primary')).value;
    const cleared = await api(
      MO,
      'patch',
      { extendedProperties: { shared: { ccmAlignment: null } } },
      'primary',
      locked.id,
    );
    expect(cleared.ok).toBe(true);
    expect((await api(ANA, 'get', 'primary', locked.id)).value.extendedProperties.shared).toBeUndefined();
  });
});
