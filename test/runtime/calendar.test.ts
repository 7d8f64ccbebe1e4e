// The Calendar advanced service as scripts see it: one event shared by per-attendee copies, shared vs
// private extended properties, etags and If-Match, organizer-only fields, unsaved/deleted events,
// attachments, list filters, recurrence, free/busy, scopes. Every call goes through a script.
import { scriptRuntime, ALL_TEST_SCOPES } from './helpers';
import {
  decodeEid,
  encodeEid,
  setFreeBusyVisibility,
  createEvent,
  newDraft,
  saveDraft,
  setCalendarOptions,
  getSharedEvent,
  getCopy,
} from '../../src/local/runtime/backends/calendar';
import { World } from '../../src/local/runtime/world';
import { mailbox } from '../../src/local/runtime/backends/gmail';

const CODE = `
function call(svc, method, args) {
  try { return { ok: true, value: Calendar[svc][method].apply(null, args) }; }
  catch (e) { return { ok: false, name: e.name, message: e.message }; }
}
function details(svc, method, args) {
  try { Calendar[svc][method].apply(null, args); return null; }
  catch (e) { return e.details; }
}
function hasCalendar() { return typeof Calendar; }
function missingMethod() { return Calendar.Events.move('primary', 'x', 'y'); }
`;

const ANA = 'ana@acme.test';
const MO = 'mo@acme.test';
const CY = 'cy@gmail.com';
const EV = 'https://www.googleapis.com/auth/';

type Reply = { ok: boolean; value?: any; name?: string; message?: string };

describe('Calendar advanced service', () => {
  const { world, runtime } = scriptRuntime([
    // The test scopes plus free/busy: calendar.events alone does not allow Freebusy.query (see the scope test).
    {
      name: 'p',
      code: CODE,
      manifest: { oauthScopes: [...ALL_TEST_SCOPES, 'https://www.googleapis.com/auth/calendar.freebusy'] },
    },
    {
      name: 'addonScopesOnly',
      code: CODE,
      manifest: {
        oauthScopes: [
          `${EV}calendar.addons.execute`,
          `${EV}calendar.addons.current.event.read`,
          `${EV}calendar.addons.current.event.write`,
        ],
      },
    },
    { name: 'eventsOnly', code: CODE, manifest: { oauthScopes: [`${EV}calendar.events`] } },
    { name: 'noAdvanced', code: CODE, manifest: { dependencies: {} } },
  ]);
  world.addUser({ email: ANA, name: 'Ana Coachee', domain: 'acme.test', timeZone: 'Europe/Paris' });
  world.addUser({ email: MO, name: 'Mo Manager', domain: 'acme.test', timeZone: 'Europe/London' });
  world.addUser({ email: CY, name: 'Cy Coach', timeZone: 'UTC' });
  afterAll(() => runtime.close());

  async function api(user: string, svc: 'Events' | 'Freebusy', method: string, ...args: unknown[]): Promise<Reply> {
    const r = await runtime.execute({ project: 'p', fn: 'call', args: [svc, method, args], user });
    if (!r.ok) throw new Error(`execution failed: ${r.error?.message}`);
    return r.value as Reply;
  }
  async function ok(user: string, svc: 'Events' | 'Freebusy', method: string, ...args: unknown[]): Promise<any> {
    const r = await api(user, svc, method, ...args);
    if (!r.ok) throw new Error(`${method} failed: ${r.name}: ${r.message}`);
    return r.value;
  }
  const meeting = (extra: Record<string, unknown> = {}) => ({
    summary: 'Alignment',
    start: { dateTime: '2026-03-02T10:00:00+01:00' },
    end: { dateTime: '2026-03-02T11:00:00+01:00' },
    attendees: [{ email: MO }, { email: CY }],
    ...extra,
  });

  test('insert returns an event resource shaped like the API, with an eid naming the event and calendar', async () => {
    const ev = await ok(ANA, 'Events', 'insert', meeting({ description: 'Agenda' }), 'primary');
    expect(ev.kind).toBe('calendar#event');
    expect(ev.etag).toMatch(/^"\d{16}"$/);
    expect(ev.id).toMatch(/^[a-v0-9]{26}$/);
    expect(ev.iCalUID).toBe(`${ev.id}@google.com`);
    expect(ev.status).toBe('confirmed');
    expect(ev.organizer).toEqual({ email: ANA, self: true });
    expect(ev.creator).toEqual({ email: ANA, self: true });
    // Rendered in the calendar owner's zone (Ana: Paris).
    expect(ev.start).toEqual({ dateTime: '2026-03-02T10:00:00+01:00' });
    expect(ev.sequence).toBe(0);
    expect(ev.reminders).toEqual({ useDefault: true });
    expect(ev.attendees).toEqual([
      { email: MO, responseStatus: 'needsAction' },
      { email: CY, responseStatus: 'needsAction' },
    ]);
    const link = new URL(ev.htmlLink);
    expect(decodeEid(link.searchParams.get('eid')!)).toEqual({ eventId: ev.id, calendarEmail: ANA });
    expect(Date.parse(ev.created)).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 1));
  });

  test('each attendee has a copy with the same id and iCalUID, seen from their side', async () => {
    const ev = await ok(ANA, 'Events', 'insert', meeting(), 'primary');
    const mine = await ok(MO, 'Events', 'get', 'primary', ev.id);
    expect(mine.id).toBe(ev.id);
    expect(mine.iCalUID).toBe(ev.iCalUID);
    expect(mine.organizer).toEqual({ email: ANA });
    expect(mine.attendees.find((a: any) => a.email === MO)).toEqual({
      email: MO,
      self: true,
      responseStatus: 'needsAction',
    });
    // Mo's calendar is in London.
    expect(mine.start.dateTime).toBe('2026-03-02T09:00:00Z');
    // Using his email as the calendar id is the same as 'primary'.
    expect((await ok(MO, 'Events', 'get', MO, ev.id)).id).toBe(ev.id);
    // The gmail.com attendee's eid abbreviates the address as Google does.
    const cy = await ok(CY, 'Events', 'get', 'primary', ev.id);
    expect(Buffer.from(new URL(cy.htmlLink).searchParams.get('eid')!, 'base64url').toString()).toBe(`${ev.id} cy@m`);
  });

  test('shared properties are visible and editable from every copy; private ones stay on their copy', async () => {
    const ev = await ok(
      ANA,
      'Events',
      'insert',
      meeting({ extendedProperties: { shared: { ccm: '1' }, private: { anaNote: 'x' } } }),
      'primary',
    );
    const moView = await ok(MO, 'Events', 'get', 'primary', ev.id);
    expect(moView.extendedProperties).toEqual({ shared: { ccm: '1' } });
    await ok(
      MO,
      'Events',
      'patch',
      { extendedProperties: { shared: { seen: 'mo' }, private: { moNote: 'y' } } },
      'primary',
      ev.id,
    );
    const anaView = await ok(ANA, 'Events', 'get', 'primary', ev.id);
    expect(anaView.extendedProperties).toEqual({ shared: { ccm: '1', seen: 'mo' }, private: { anaNote: 'x' } });
    const moAgain = await ok(MO, 'Events', 'get', 'primary', ev.id);
    expect(moAgain.extendedProperties).toEqual({ shared: { ccm: '1', seen: 'mo' }, private: { moNote: 'y' } });
    // A patch with null deletes one key and leaves the others.
    await ok(ANA, 'Events', 'patch', { extendedProperties: { shared: { seen: null } } }, 'primary', ev.id);
    expect((await ok(MO, 'Events', 'get', 'primary', ev.id)).extendedProperties.shared).toEqual({ ccm: '1' });
    // An update (PUT) without extendedProperties deletes this copy's private ones and the shared ones.
    const full = await ok(ANA, 'Events', 'get', 'primary', ev.id);
    delete full.extendedProperties;
    await ok(ANA, 'Events', 'update', full, 'primary', ev.id);
    expect((await ok(MO, 'Events', 'get', 'primary', ev.id)).extendedProperties).toEqual({ private: { moNote: 'y' } });
  });

  test('keys over 44 characters are silently dropped, values over 1024 silently truncated', async () => {
    const k44 = 'k'.repeat(44);
    const k45 = 'k'.repeat(45);
    const ev = await ok(
      ANA,
      'Events',
      'insert',
      meeting({ extendedProperties: { shared: { [k44]: 'a', [k45]: 'b', long: 'v'.repeat(1100), num: 5 } } }),
      'primary',
    );
    expect(Object.keys(ev.extendedProperties.shared).sort()).toEqual([k44, 'long'].sort());
    expect(ev.extendedProperties.shared.long).toBe('v'.repeat(1024));
  });

  test('more than 300 properties, or more than 32 kB, is refused', async () => {
    const many = Object.fromEntries(Array.from({ length: 301 }, (_, i) => [`k${i}`, 'v']));
    const r = await api(ANA, 'Events', 'insert', meeting({ extendedProperties: { private: many } }), 'primary');
    expect(r).toMatchObject({
      ok: false,
      name: 'GoogleJsonResponseException',
      message: 'API call to calendar.events.insert failed with error: A provided value exceeds the allowed size limit.',
    });
    const big = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v'.repeat(1000)]));
    expect((await api(ANA, 'Events', 'insert', meeting({ extendedProperties: { shared: big } }), 'primary')).ok).toBe(
      false,
    );
    const fits = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, 'v']));
    expect((await api(ANA, 'Events', 'insert', meeting({ extendedProperties: { shared: fits } }), 'primary')).ok).toBe(
      true,
    );
  });

  // ASSUMPTION (see DESCRIPTION_LIMIT in the Calendar backend): Google Calendar keeps descriptions up
  // to about 8,192 characters; the runtime refuses longer writes with 400 so tests see the limit.
  test('a description over 8,192 characters is refused (400), at the limit it is kept; nothing is written', async () => {
    const d = async (method: string, ...args: unknown[]) =>
      (await runtime.execute({ project: 'p', fn: 'details', args: ['Events', method, args], user: ANA })).value as any;
    expect(await d('insert', meeting({ description: 'x'.repeat(8193) }), 'primary')).toMatchObject({
      code: 400,
      message: 'The description is too long.',
      errors: [{ reason: 'invalid' }],
    });
    const ev = await ok(ANA, 'Events', 'insert', meeting({ description: 'x'.repeat(8192) }), 'primary');
    expect(ev.description).toHaveLength(8192);
    expect((await d('patch', { description: `${'y'.repeat(8192)}!` }, 'primary', ev.id)).code).toBe(400);
    expect((await ok(ANA, 'Events', 'get', 'primary', ev.id)).description).toBe('x'.repeat(8192));
  });

  test('If-Match with a stale etag fails with 412; with the current one the write goes through', async () => {
    const ev = await ok(ANA, 'Events', 'insert', meeting({ description: 'v1' }), 'primary');
    const first = ev.etag;
    const r1 = await ok(ANA, 'Events', 'patch', { description: 'v2' }, 'primary', ev.id, {}, { 'If-Match': first });
    expect(r1.description).toBe('v2');
    expect(r1.etag).not.toBe(first);
    const stale = await api(ANA, 'Events', 'patch', { description: 'v3' }, 'primary', ev.id, {}, { 'If-Match': first });
    expect(stale).toEqual({
      ok: false,
      name: 'GoogleJsonResponseException',
      message: 'API call to calendar.events.patch failed with error: Precondition Failed',
    });
    expect((await ok(ANA, 'Events', 'get', 'primary', ev.id)).description).toBe('v2');
    // The etag does not depend on the response zone asked for.
    const inTokyo = await ok(ANA, 'Events', 'get', 'primary', ev.id, { timeZone: 'Asia/Tokyo' });
    expect(inTokyo.start.dateTime).toBe('2026-03-02T18:00:00+09:00');
    expect(inTokyo.etag).toBe(r1.etag);
    // update takes the same header.
    const staleUpdate = await api(ANA, 'Events', 'update', meeting(), 'primary', ev.id, {}, { 'if-match': first });
    expect(staleUpdate.message).toMatch(/Precondition Failed$/);
  });

  test("etags are per copy: a private change moves only that copy's etag, a shared change moves every copy's", async () => {
    const ev = await ok(ANA, 'Events', 'insert', meeting(), 'primary');
    const mo0 = (await ok(MO, 'Events', 'get', 'primary', ev.id)).etag;
    const ana1 = (await ok(ANA, 'Events', 'patch', { extendedProperties: { private: { p: '1' } } }, 'primary', ev.id))
      .etag;
    expect(ana1).not.toBe(ev.etag);
    expect((await ok(MO, 'Events', 'get', 'primary', ev.id)).etag).toBe(mo0);
    // Reading does not change an etag.
    expect((await ok(ANA, 'Events', 'get', 'primary', ev.id)).etag).toBe(ana1);
    await ok(ANA, 'Events', 'patch', { extendedProperties: { shared: { s: '1' } } }, 'primary', ev.id);
    expect((await ok(MO, 'Events', 'get', 'primary', ev.id)).etag).not.toBe(mo0);
    expect((await ok(ANA, 'Events', 'get', 'primary', ev.id)).etag).not.toBe(ana1);
  });

  test('a non-organizer changing organizer fields gets 403 forbiddenForNonOrganizer; their own answer is fine', async () => {
    // guestsCanInviteOthers: false, so adding a guest is refused too (calendar-guests.test.ts: the default).
    const ev = await ok(
      ANA,
      'Events',
      'insert',
      meeting({ description: 'mine', guestsCanInviteOthers: false }),
      'primary',
    );
    const forbidden = await api(MO, 'Events', 'patch', { summary: 'Hijack' }, 'primary', ev.id);
    expect(forbidden).toEqual({
      ok: false,
      name: 'GoogleJsonResponseException',
      message:
        'API call to calendar.events.patch failed with error: Shared properties can only be changed by the organizer of the event.',
    });
    expect((await api(MO, 'Events', 'patch', { description: 'x' }, 'primary', ev.id)).ok).toBe(false);
    expect(
      (
        await api(
          MO,
          'Events',
          'patch',
          { attendees: [{ email: MO }, { email: CY }, { email: 'x@acme.test' }] },
          'primary',
          ev.id,
        )
      ).ok,
    ).toBe(false);
    expect((await api(MO, 'Events', 'patch', { guestsCanModify: true }, 'primary', ev.id)).ok).toBe(false);
    // Answering: send the list back with his own responseStatus changed.
    const mine = await ok(MO, 'Events', 'get', 'primary', ev.id);
    const attendees = mine.attendees.map((a: any) => (a.self ? { ...a, responseStatus: 'accepted' } : a));
    await ok(MO, 'Events', 'patch', { attendees }, 'primary', ev.id);
    const anaView = await ok(ANA, 'Events', 'get', 'primary', ev.id);
    expect(anaView.attendees.find((a: any) => a.email === MO).responseStatus).toBe('accepted');
    // He cannot answer for someone else: other people's answers are kept as they were.
    await ok(
      MO,
      'Events',
      'patch',
      { attendees: attendees.map((a: any) => ({ ...a, responseStatus: 'declined' })) },
      'primary',
      ev.id,
    );
    const after = await ok(ANA, 'Events', 'get', 'primary', ev.id);
    expect(after.attendees.map((a: any) => a.responseStatus)).toEqual(['declined', 'needsAction']);
    // A full update (PUT) of what he read, with unchanged organizer fields, is allowed.
    const again = await ok(MO, 'Events', 'get', 'primary', ev.id);
    again.extendedProperties = { private: { prep: 'done' } };
    expect((await api(MO, 'Events', 'update', again, 'primary', ev.id)).ok).toBe(true);
    expect(after.description).toBe('mine');
  });

  test('guestsCanModify lets guests change the event', async () => {
    const ev = await ok(ANA, 'Events', 'insert', meeting({ guestsCanModify: true }), 'primary');
    expect(ev.guestsCanModify).toBe(true);
    await ok(MO, 'Events', 'patch', { summary: 'Renamed by Mo' }, 'primary', ev.id);
    expect((await ok(ANA, 'Events', 'get', 'primary', ev.id)).summary).toBe('Renamed by Mo');
  });

  test('an id the API does not know, including an editor draft never saved, is 404 Not Found', async () => {
    const r = await api(ANA, 'Events', 'get', 'primary', 'nosuchevent00');
    expect(r).toEqual({
      ok: false,
      name: 'GoogleJsonResponseException',
      message: 'API call to calendar.events.get failed with error: Not Found',
    });
    const draft = newDraft(world, ANA, {
      summary: 'Draft',
      start: '2026-03-09T10:00:00+01:00',
      end: '2026-03-09T11:00:00+01:00',
    });
    expect((await api(ANA, 'Events', 'get', 'primary', draft.draftId)).message).toMatch(/Not Found$/);
    expect((await api(ANA, 'Events', 'patch', { description: 'x' }, 'primary', draft.draftId)).message).toMatch(
      /Not Found$/,
    );
    const saved = saveDraft(world, draft.draftId);
    expect(saved.id).toBe(draft.draftId);
    expect((await ok(ANA, 'Events', 'get', 'primary', draft.draftId)).summary).toBe('Draft');
  });

  test('with draftIdOnSave "new", the draft id stays unknown after saving', async () => {
    setCalendarOptions(world, { draftIdOnSave: 'new' });
    try {
      const draft = newDraft(world, ANA, { summary: 'Other' });
      const saved = saveDraft(world, draft.draftId);
      expect(saved.id).not.toBe(draft.draftId);
      expect((await api(ANA, 'Events', 'get', 'primary', draft.draftId)).ok).toBe(false);
      expect((await ok(ANA, 'Events', 'get', 'primary', saved.id)).summary).toBe('Other');
    } finally {
      setCalendarOptions(world, { draftIdOnSave: 'same' });
    }
  });

  test("another person's calendar is not visible: 404", async () => {
    const ev = await ok(ANA, 'Events', 'insert', meeting(), 'primary');
    expect((await api(MO, 'Events', 'get', ANA, ev.id)).message).toMatch(/Not Found$/);
    expect((await api(MO, 'Events', 'list', ANA, {})).message).toMatch(/Not Found$/);
  });

  test('attachments need supportsAttachments; a write that sends them replaces the whole array; at most 25', async () => {
    const att = (n: number) => ({
      fileUrl: `https://docs.google.com/document/d/doc${n}/edit`,
      title: `Doc ${n}`,
      mimeType: 'application/vnd.google-apps.document',
    });
    const ignored = await ok(ANA, 'Events', 'insert', meeting({ attachments: [att(1)] }), 'primary');
    expect(ignored.attachments).toBeUndefined();
    const ev = await ok(ANA, 'Events', 'insert', meeting({ attachments: [att(1), att(2)] }), 'primary', {
      supportsAttachments: true,
    });
    expect(ev.attachments.map((a: any) => a.title)).toEqual(['Doc 1', 'Doc 2']);
    expect(ev.attachments[0].fileId).toBe('doc1');
    expect(ev.attachments[0].iconLink).toMatch(/^https:\/\//);
    // Without the flag a patch's attachments are ignored; with it they replace the whole array.
    await ok(ANA, 'Events', 'patch', { attachments: [att(3)] }, 'primary', ev.id);
    expect((await ok(ANA, 'Events', 'get', 'primary', ev.id)).attachments.map((a: any) => a.title)).toEqual([
      'Doc 1',
      'Doc 2',
    ]);
    await ok(ANA, 'Events', 'patch', { attachments: [att(3)] }, 'primary', ev.id, { supportsAttachments: true });
    expect((await ok(MO, 'Events', 'get', 'primary', ev.id)).attachments.map((a: any) => a.title)).toEqual(['Doc 3']);
    const tooMany = await api(
      ANA,
      'Events',
      'patch',
      { attachments: Array.from({ length: 26 }, (_, i) => att(i)) },
      'primary',
      ev.id,
      { supportsAttachments: true },
    );
    expect(tooMany).toMatchObject({ ok: false, name: 'GoogleJsonResponseException' });
    expect(
      (
        await api(
          ANA,
          'Events',
          'patch',
          { attachments: Array.from({ length: 25 }, (_, i) => att(i)) },
          'primary',
          ev.id,
          { supportsAttachments: true },
        )
      ).ok,
    ).toBe(true);
  });

  test('list filters by sharedExtendedProperty (all constraints), privateExtendedProperty (per copy) and iCalUID', async () => {
    const tag = `t${Date.now()}`;
    const a = await ok(
      ANA,
      'Events',
      'insert',
      meeting({ extendedProperties: { shared: { run: tag, ccm: '1' }, private: { mine: 'yes' } } }),
      'primary',
    );
    await ok(ANA, 'Events', 'insert', meeting({ extendedProperties: { shared: { run: tag } } }), 'primary');
    const one = await ok(ANA, 'Events', 'list', 'primary', { sharedExtendedProperty: [`run=${tag}`, 'ccm=1'] });
    expect(one.kind).toBe('calendar#events');
    expect(one.items.map((e: any) => e.id)).toEqual([a.id]);
    expect((await ok(ANA, 'Events', 'list', 'primary', { sharedExtendedProperty: `run=${tag}` })).items).toHaveLength(
      2,
    );
    // Mo sees the shared marker from his copy, but not Ana's private one.
    expect(
      (await ok(MO, 'Events', 'list', 'primary', { sharedExtendedProperty: [`run=${tag}`, 'ccm=1'] })).items.map(
        (e: any) => e.id,
      ),
    ).toEqual([a.id]);
    expect(
      (
        await ok(ANA, 'Events', 'list', 'primary', {
          privateExtendedProperty: 'mine=yes',
          sharedExtendedProperty: `run=${tag}`,
        })
      ).items,
    ).toHaveLength(1);
    expect(
      (
        await ok(MO, 'Events', 'list', 'primary', {
          privateExtendedProperty: 'mine=yes',
          sharedExtendedProperty: `run=${tag}`,
        })
      ).items,
    ).toHaveLength(0);
    const byUid = await ok(MO, 'Events', 'list', 'primary', { iCalUID: a.iCalUID });
    expect(byUid.items.map((e: any) => e.id)).toEqual([a.id]);
  });

  test('list honours timeMin/timeMax, paging, and refuses orderBy startTime without singleEvents', async () => {
    const base = Date.UTC(2027, 0, 4, 9);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const start = new Date(base + i * 86400000).toISOString();
      const end = new Date(base + i * 86400000 + 3600000).toISOString();
      ids.push(
        (
          await ok(
            CY,
            'Events',
            'insert',
            { summary: `day ${i}`, start: { dateTime: start }, end: { dateTime: end } },
            'primary',
          )
        ).id,
      );
    }
    const window = {
      timeMin: '2027-01-05T00:00:00Z',
      timeMax: '2027-01-07T00:00:00Z',
      singleEvents: true,
      orderBy: 'startTime',
    };
    expect((await ok(CY, 'Events', 'list', 'primary', window)).items.map((e: any) => e.summary)).toEqual([
      'day 1',
      'day 2',
    ]);
    const p1 = await ok(CY, 'Events', 'list', 'primary', { timeMin: '2027-01-01T00:00:00Z', maxResults: 2 });
    expect(p1.items).toHaveLength(2);
    const p2 = await ok(CY, 'Events', 'list', 'primary', {
      timeMin: '2027-01-01T00:00:00Z',
      maxResults: 2,
      pageToken: p1.nextPageToken,
    });
    expect([...p1.items, ...p2.items].map((e: any) => e.id)).toEqual(ids);
    expect(p2.nextPageToken).toBeUndefined();
    const bad = await api(CY, 'Events', 'list', 'primary', { orderBy: 'startTime' });
    expect(bad.message).toBe(
      'API call to calendar.events.list failed with error: The requested ordering is not available for the particular query.',
    );
    const unknown = await api(CY, 'Events', 'list', 'primary', { q: 'x' });
    expect(unknown.message).toMatch(/does not support optional argument "q"/);
  });

  test('a deleted event is kept as cancelled: get returns it, list only with showDeleted, delete again is 410', async () => {
    const tag = `del${Date.now()}`;
    const ev = await ok(ANA, 'Events', 'insert', meeting({ extendedProperties: { shared: { run: tag } } }), 'primary');
    await ok(ANA, 'Events', 'remove', 'primary', ev.id);
    const organizerView = await ok(ANA, 'Events', 'get', 'primary', ev.id);
    expect(organizerView).toMatchObject({ id: ev.id, status: 'cancelled', summary: 'Alignment' });
    // Other attendees' copies of an event the organizer deleted: only id and status are guaranteed.
    const moView = await ok(MO, 'Events', 'get', 'primary', ev.id);
    expect(moView).toEqual({ kind: 'calendar#event', etag: expect.any(String), id: ev.id, status: 'cancelled' });
    expect((await ok(ANA, 'Events', 'list', 'primary', { sharedExtendedProperty: `run=${tag}` })).items).toHaveLength(
      0,
    );
    const shown = await ok(ANA, 'Events', 'list', 'primary', {
      sharedExtendedProperty: `run=${tag}`,
      showDeleted: true,
    });
    expect(shown.items.map((e: any) => [e.id, e.status])).toEqual([[ev.id, 'cancelled']]);
    const again = await api(ANA, 'Events', 'remove', 'primary', ev.id);
    expect(again.message).toBe('API call to calendar.events.delete failed with error: Resource has been deleted');
    expect(getSharedEvent(world, ev.id)?.sequence).toBe(1);
  });

  // Google's events.list reference (https://developers.google.com/calendar/api/v3/reference/events/list):
  // updatedMin is a lower bound on an event's last modification time, and "when specified, entries
  // deleted since this time will always be included regardless of showDeleted".
  test('list with updatedMin: only events changed since, deleted ones included without showDeleted', async () => {
    const tag = `upd${Date.now()}`;
    const a = await ok(ANA, 'Events', 'insert', meeting({ extendedProperties: { shared: { run: tag } } }), 'primary');
    const b = await ok(ANA, 'Events', 'insert', meeting({ extendedProperties: { shared: { run: tag } } }), 'primary');
    world.advanceTo(world.now() + 60_000);
    const since = new Date(world.now()).toISOString();
    const none = await ok(ANA, 'Events', 'list', 'primary', {
      sharedExtendedProperty: `run=${tag}`,
      updatedMin: since,
    });
    expect(none.items).toHaveLength(0);
    world.advanceTo(world.now() + 60_000);
    await ok(ANA, 'Events', 'patch', { summary: 'Moved' }, 'primary', a.id);
    await ok(ANA, 'Events', 'remove', 'primary', b.id);
    const changed = await ok(ANA, 'Events', 'list', 'primary', {
      sharedExtendedProperty: `run=${tag}`,
      updatedMin: since,
    });
    expect(changed.items.map((e: any) => [e.id, e.status]).sort()).toEqual(
      [
        [a.id, 'confirmed'],
        [b.id, 'cancelled'],
      ].sort(),
    );
    const bad = await api(ANA, 'Events', 'list', 'primary', { updatedMin: 'yesterday' });
    expect(bad.message).toMatch(/invalid updatedMin/);
  });

  test('an attendee deleting the event removes only their copy and declines', async () => {
    const ev = await ok(ANA, 'Events', 'insert', meeting(), 'primary');
    await ok(MO, 'Events', 'remove', 'primary', ev.id);
    const moView = await ok(MO, 'Events', 'get', 'primary', ev.id);
    expect(moView).toMatchObject({ status: 'cancelled', summary: 'Alignment' });
    const anaView = await ok(ANA, 'Events', 'get', 'primary', ev.id);
    expect(anaView.status).toBe('confirmed');
    expect(anaView.attendees.find((a: any) => a.email === MO).responseStatus).toBe('declined');
    expect((await ok(CY, 'Events', 'get', 'primary', ev.id)).status).toBe('confirmed');
  });

  test('a weekly series expands with singleEvents: instance ids, recurringEventId, get of an instance', async () => {
    const series = await ok(
      ANA,
      'Events',
      'insert',
      meeting({
        summary: 'Weekly',
        recurrence: ['RRULE:FREQ=WEEKLY;COUNT=3'],
        start: { dateTime: '2026-03-23T10:00:00', timeZone: 'Europe/Paris' },
        end: { dateTime: '2026-03-23T11:00:00', timeZone: 'Europe/Paris' },
      }),
      'primary',
    );
    expect(series.recurrence).toEqual(['RRULE:FREQ=WEEKLY;COUNT=3']);
    const window = { timeMin: '2026-03-20T00:00:00Z', timeMax: '2026-04-30T00:00:00Z', iCalUID: series.iCalUID };
    const flat = await ok(ANA, 'Events', 'list', 'primary', window);
    expect(flat.items.map((e: any) => e.id)).toEqual([series.id]);
    const expanded = await ok(ANA, 'Events', 'list', 'primary', {
      ...window,
      singleEvents: true,
      orderBy: 'startTime',
    });
    // Paris switches to summer time on 29 March: the wall time stays 10:00, the UTC hour moves.
    expect(expanded.items.map((e: any) => e.id)).toEqual([
      `${series.id}_20260323T090000Z`,
      `${series.id}_20260330T080000Z`,
      `${series.id}_20260406T080000Z`,
    ]);
    expect(expanded.items.every((e: any) => e.recurringEventId === series.id && e.recurrence === undefined)).toBe(true);
    expect(expanded.items[1].start).toEqual({ dateTime: '2026-03-30T10:00:00+02:00', timeZone: 'Europe/Paris' });
    const inst = await ok(MO, 'Events', 'get', 'primary', `${series.id}_20260330T080000Z`);
    expect(inst).toMatchObject({
      recurringEventId: series.id,
      originalStartTime: { dateTime: '2026-03-30T09:00:00+01:00', timeZone: 'Europe/Paris' },
    });
    expect((await api(ANA, 'Events', 'get', 'primary', `${series.id}_20260331T080000Z`)).ok).toBe(false);
    const instances = await ok(ANA, 'Events', 'instances', 'primary', series.id);
    expect(instances.items).toHaveLength(3);
  });

  test('free/busy: busy blocks only; transparent and declined events do not count; overlapping blocks merge', async () => {
    const day = (h: number, m = 0) => `2028-05-02T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`;
    const e1 = await ok(
      ANA,
      'Events',
      'insert',
      { summary: 'Secret 1', start: { dateTime: day(9) }, end: { dateTime: day(10) }, attendees: [{ email: MO }] },
      'primary',
    );
    await ok(
      MO,
      'Events',
      'insert',
      { summary: 'Own', start: { dateTime: day(9, 30) }, end: { dateTime: day(11) } },
      'primary',
    );
    await ok(
      MO,
      'Events',
      'insert',
      { summary: 'Free', start: { dateTime: day(13) }, end: { dateTime: day(14) }, transparency: 'transparent' },
      'primary',
    );
    const e4 = await ok(
      ANA,
      'Events',
      'insert',
      { summary: 'Declined', start: { dateTime: day(15) }, end: { dateTime: day(16) }, attendees: [{ email: MO }] },
      'primary',
    );
    const mine = await ok(MO, 'Events', 'get', 'primary', e4.id);
    await ok(
      MO,
      'Events',
      'patch',
      { attendees: mine.attendees.map((a: any) => (a.self ? { ...a, responseStatus: 'declined' } : a)) },
      'primary',
      e4.id,
    );
    const fb = await ok(ANA, 'Freebusy', 'query', {
      timeMin: day(0),
      timeMax: day(23),
      items: [{ id: MO }, { id: 'primary' }],
    });
    expect(fb.kind).toBe('calendar#freeBusy');
    expect(fb.calendars[MO]).toEqual({ busy: [{ start: day(9), end: day(11) }] });
    expect(fb.calendars.primary.busy).toEqual([
      { start: day(9), end: day(10) },
      { start: day(15), end: day(16) },
    ]);
    expect(JSON.stringify(fb)).not.toContain('Secret');
    // Times in the requested zone.
    const paris = await ok(ANA, 'Freebusy', 'query', {
      timeMin: day(0),
      timeMax: day(23),
      timeZone: 'Europe/Paris',
      items: [{ id: MO }],
    });
    expect(paris.calendars[MO].busy[0]).toEqual({
      start: '2028-05-02T11:00:00+02:00',
      end: '2028-05-02T13:00:00+02:00',
    });
    void e1;
  });

  test("free/busy of someone the caller may not see is reported as notFound, per the person's setting", async () => {
    const q = {
      timeMin: '2028-05-02T00:00:00Z',
      timeMax: '2028-05-03T00:00:00Z',
      items: [{ id: CY }, { id: 'nobody@elsewhere.test' }],
    };
    const fb = await ok(ANA, 'Freebusy', 'query', q);
    expect(fb.calendars[CY]).toEqual({ errors: [{ domain: 'global', reason: 'notFound' }], busy: [] });
    expect(fb.calendars['nobody@elsewhere.test']).toEqual({
      errors: [{ domain: 'global', reason: 'notFound' }],
      busy: [],
    });
    setFreeBusyVisibility(world, CY, 'public');
    expect((await ok(ANA, 'Freebusy', 'query', q)).calendars[CY]).toEqual({ busy: [] });
    setFreeBusyVisibility(world, MO, 'none');
    const hidden = await ok(ANA, 'Freebusy', 'query', { ...q, items: [{ id: MO }] });
    expect(hidden.calendars[MO].errors).toEqual([{ domain: 'global', reason: 'notFound' }]);
    setFreeBusyVisibility(world, MO, 'domain');
    // The outsider cannot see a domain-only calendar.
    expect((await ok(CY, 'Freebusy', 'query', { ...q, items: [{ id: MO }] })).calendars[MO].errors).toHaveLength(1);
  });

  test('sendUpdates decides who gets mail: none by default, all, externalOnly', async () => {
    const count = (u: string) => mailbox(world, u).length;
    const [mo0, cy0] = [count(MO), count(CY)];
    await ok(ANA, 'Events', 'insert', meeting(), 'primary');
    expect([count(MO), count(CY)]).toEqual([mo0, cy0]);
    await ok(ANA, 'Events', 'insert', meeting(), 'primary', { sendUpdates: 'externalOnly' });
    expect([count(MO), count(CY)]).toEqual([mo0, cy0 + 1]);
    const ev = await ok(ANA, 'Events', 'insert', meeting({ summary: 'Kick-off' }), 'primary', { sendUpdates: 'all' });
    expect([count(MO), count(CY)]).toEqual([mo0 + 1, cy0 + 2]);
    const mail = mailbox(world, MO)[0]!;
    expect(mail.subject).toBe(`Invitation: Kick-off @ Mon Mar 2, 2026 9am - 10am (GMT) (${MO})`);
    expect(mail.calendarEventId).toBe(ev.id);
    await ok(
      ANA,
      'Events',
      'patch',
      { start: { dateTime: '2026-03-02T12:00:00+01:00' }, end: { dateTime: '2026-03-02T13:00:00+01:00' } },
      'primary',
      ev.id,
      { sendUpdates: 'all' },
    );
    expect(mailbox(world, MO)[0]!.subject).toMatch(/^Updated invitation: Kick-off @ Mon Mar 2, 2026 11am - 12pm/);
    // Extended-property changes are not news to the guests.
    await ok(ANA, 'Events', 'patch', { extendedProperties: { shared: { ccm: '1' } } }, 'primary', ev.id, {
      sendUpdates: 'all',
    });
    expect(count(MO)).toBe(mo0 + 2);
    await ok(ANA, 'Events', 'remove', 'primary', ev.id, { sendUpdates: 'all' });
    expect(mailbox(world, MO)[0]!.subject).toMatch(/^Canceled event: Kick-off/);
  });

  test('scopes: calendar.addons.* is not enough for the API; freebusy needs a free/busy or calendar scope', async () => {
    const r = await runtime.execute({
      project: 'addonScopesOnly',
      fn: 'call',
      args: ['Events', 'get', ['primary', 'x']],
      user: ANA,
    });
    expect(r.value).toEqual({
      ok: false,
      name: 'Exception',
      message:
        'You do not have permission to call Calendar.Events.get. Required permissions: https://www.googleapis.com/auth/calendar.events',
    });
    const fb = await runtime.execute({
      project: 'eventsOnly',
      fn: 'call',
      args: ['Freebusy', 'query', [{ timeMin: '2026-01-01T00:00:00Z', timeMax: '2026-01-02T00:00:00Z', items: [] }]],
      user: ANA,
    });
    expect((fb.value as Reply).message).toBe(
      'You do not have permission to call Calendar.Freebusy.query. Required permissions: https://www.googleapis.com/auth/calendar.freebusy',
    );
    const list = await runtime.execute({
      project: 'eventsOnly',
      fn: 'call',
      args: ['Events', 'list', ['primary', {}]],
      user: ANA,
    });
    expect((list.value as Reply).ok).toBe(true);
  });

  test('the service exists only when the manifest enables it, and unknown methods fail with their name', async () => {
    expect((await runtime.execute({ project: 'noAdvanced', fn: 'hasCalendar', user: ANA })).value).toBe('undefined');
    expect((await runtime.execute({ project: 'p', fn: 'hasCalendar', user: ANA })).value).toBe('object');
    const m = await runtime.execute({ project: 'p', fn: 'missingMethod', user: ANA });
    expect(m.error?.message).toBe('The local runtime does not provide Calendar.Events.move');
    const arity = await api(ANA, 'Events', 'get', 'primary');
    expect(arity.message).toBe('Invalid number of arguments provided. Expected 2-3 only');
  });

  test('input validation as the API does it: empty ranges, missing zones, duplicate ids', async () => {
    const empty = await api(
      ANA,
      'Events',
      'insert',
      meeting({ end: { dateTime: '2026-03-02T09:00:00+01:00' } }),
      'primary',
    );
    expect(empty.message).toBe(
      'API call to calendar.events.insert failed with error: The specified time range is empty.',
    );
    const noZone = await api(
      ANA,
      'Events',
      'insert',
      meeting({ start: { dateTime: '2026-03-02T10:00:00' } }),
      'primary',
    );
    expect(noZone.message).toBe(
      'API call to calendar.events.insert failed with error: Missing time zone definition for start time.',
    );
    const id = 'ccmtestid0001';
    expect((await ok(ANA, 'Events', 'insert', meeting({ id }), 'primary')).id).toBe(id);
    expect((await api(ANA, 'Events', 'insert', meeting({ id }), 'primary')).message).toMatch(
      /The requested identifier already exists\.$/,
    );
    expect((await api(ANA, 'Events', 'insert', meeting({ id: 'Bad_Id!' }), 'primary')).message).toMatch(
      /Invalid resource id value\.$/,
    );
  });

  test('API errors carry e.details {code, message, errors} as GoogleJsonResponseException does', async () => {
    const ev = await ok(ANA, 'Events', 'insert', meeting(), 'primary');
    const d = async (user: string, method: string, ...args: unknown[]) =>
      (await runtime.execute({ project: 'p', fn: 'details', args: ['Events', method, args], user })).value as any;
    expect(await d(ANA, 'get', 'primary', 'nosuchevent00')).toEqual({
      code: 404,
      message: 'Not Found',
      errors: [{ domain: 'global', reason: 'notFound', message: 'Not Found' }],
    });
    expect((await d(ANA, 'patch', { summary: 'x' }, 'primary', ev.id, {}, { 'If-Match': '"1"' })).code).toBe(412);
    expect((await d(MO, 'patch', { summary: 'x' }, 'primary', ev.id)).errors[0].reason).toBe(
      'forbiddenForNonOrganizer',
    );
    await ok(ANA, 'Events', 'remove', 'primary', ev.id);
    expect((await d(ANA, 'remove', 'primary', ev.id)).code).toBe(410);
  });

  test('reminders, colorId and transparency belong to one copy', async () => {
    const ev = await ok(ANA, 'Events', 'insert', meeting(), 'primary');
    const moBefore = (await ok(MO, 'Events', 'get', 'primary', ev.id)).etag;
    await ok(
      ANA,
      'Events',
      'patch',
      {
        colorId: '5',
        reminders: { useDefault: false, overrides: [{ method: 'popup', minutes: 30 }] },
        transparency: 'transparent',
      },
      'primary',
      ev.id,
    );
    const anaView = await ok(ANA, 'Events', 'get', 'primary', ev.id);
    expect(anaView).toMatchObject({
      colorId: '5',
      reminders: { useDefault: false, overrides: [{ method: 'popup', minutes: 30 }] },
      transparency: 'transparent',
    });
    const moView = await ok(MO, 'Events', 'get', 'primary', ev.id);
    expect(moView.colorId).toBeUndefined();
    expect(moView.reminders).toEqual({ useDefault: true });
    expect(moView.transparency).toBeUndefined();
    expect(moView.etag).toBe(moBefore);
    // A guest may set their own.
    expect((await ok(MO, 'Events', 'patch', { colorId: '2' }, 'primary', ev.id)).colorId).toBe('2');
  });

  test('conferenceData needs conferenceDataVersion=1; a createRequest yields a Meet link', async () => {
    const conf = { createRequest: { requestId: 'req-1', conferenceSolutionKey: { type: 'hangoutsMeet' } } };
    const ignored = await ok(ANA, 'Events', 'insert', meeting({ conferenceData: conf }), 'primary');
    expect(ignored.conferenceData).toBeUndefined();
    const ev = await ok(ANA, 'Events', 'insert', meeting({ conferenceData: conf }), 'primary', {
      conferenceDataVersion: 1,
    });
    expect(ev.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    expect(ev.conferenceData.entryPoints[0]).toMatchObject({ entryPointType: 'video', uri: ev.hangoutLink });
    expect((await ok(MO, 'Events', 'get', 'primary', ev.id)).hangoutLink).toBe(ev.hangoutLink);
    // A guest cannot change it.
    expect(
      (
        await api(MO, 'Events', 'patch', { conferenceData: { entryPoints: [] } }, 'primary', ev.id, {
          conferenceDataVersion: 1,
        })
      ).ok,
    ).toBe(false);
  });

  test('RRULEs the runtime cannot expand fail loudly with their text', async () => {
    const r = await api(ANA, 'Events', 'insert', meeting({ recurrence: ['RRULE:FREQ=MONTHLY;BYDAY=1MO'] }), 'primary');
    expect(r).toMatchObject({ ok: false, name: 'Exception' });
    expect(r.message).toMatch(/expands only RRULE FREQ=DAILY\/WEEKLY.*FREQ=MONTHLY/);
  });

  test('eids: gmail.com is abbreviated "@m", group calendars "@g", Workspace addresses stay whole', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    expect(encodeEid('abc123', 'bo@gmail.com')).toBe(b64('abc123 bo@m'));
    expect(encodeEid('abc123', 'team42@group.calendar.google.com')).toBe(b64('abc123 team42@g'));
    expect(encodeEid('abc123', 'mo@acme.test')).toBe(b64('abc123 mo@acme.test'));
    expect(encodeEid('abc123', 'bo@gmail.com')).not.toContain('=');
    expect(decodeEid(b64('abc123 team42@g'))).toEqual({
      eventId: 'abc123',
      calendarEmail: 'team42@group.calendar.google.com',
    });
    // A real htmlLink's eid (a group calendar's recurring instance) decodes the same way.
    expect(
      decodeEid('ZWllZW1najBncjZhOWs0cWozM29iZDMzZWdfMjAzODExMDRUMTkzMDAwWiBsNjljbnQzbnBoY3FyOWlyb2ltb2V2ZDM1MEBn'),
    ).toEqual({
      eventId: 'eieemgj0gr6a9k4qj33obd33eg_20381104T193000Z',
      calendarEmail: 'l69cnt3nphcqr9iroimoevd350@group.calendar.google.com',
    });
  });

  test('the calendar state survives the World being saved and loaded as JSON', async () => {
    const ev = await ok(ANA, 'Events', 'insert', meeting({ extendedProperties: { shared: { ccm: '1' } } }), 'primary');
    const copy = World.fromJSON(world.toJSON());
    expect(getCopy(copy, MO, ev.id)).toEqual(await ok(MO, 'Events', 'get', 'primary', ev.id));
  });

  test('every API call counts as one service call', async () => {
    const r = await runtime.execute({ project: 'p', fn: 'call', args: ['Events', 'list', ['primary', {}]], user: ANA });
    expect(r.counters.serviceCalls).toEqual({ 'Calendar.Events.list': 1 });
  });

  test('host-created events are ordinary API events', async () => {
    const ev = createEvent(world, ANA, {
      summary: 'From the UI',
      start: '2026-04-01T10:00:00+02:00',
      end: '2026-04-01T11:00:00+02:00',
      attendees: [MO],
    });
    const moView = await ok(MO, 'Events', 'get', 'primary', ev.id);
    expect(moView.attendees).toEqual([
      { email: ANA, organizer: true, responseStatus: 'accepted' },
      { email: MO, self: true, responseStatus: 'needsAction' },
    ]);
    expect(moView.start).toEqual({ dateTime: '2026-04-01T09:00:00+01:00', timeZone: 'Europe/Paris' });
  });
});
