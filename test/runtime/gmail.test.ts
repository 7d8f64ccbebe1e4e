// GmailApp as a Gmail add-on sees it: reading the open message needs the per-message access token
// the host handed out; invitations carry eid links and invite.ics that lead back to the event.
import { scriptRuntime } from './helpers';
import {
  deliverMessage,
  openMessage,
  mailbox,
  MISSING_TOKEN,
  EXPIRED_TOKEN,
} from '../../src/local/runtime/backends/gmail';
import {
  createEvent,
  moveEvent,
  deleteEvent,
  respondToEvent,
  decodeEid,
} from '../../src/local/runtime/backends/calendar';
import { parseIcs, icsComponent, icsProp } from '../../src/local/runtime/ics';

const AUTH = 'https://www.googleapis.com/auth/';
const ANA = 'ana@acme.test';
const MO = 'mo@acme.test';
const CY = 'cy@gmail.com';

const CODE = `
function read(messageId, token) {
  try {
    if (token !== null) GmailApp.setCurrentMessageAccessToken(token);
    var m = GmailApp.getMessageById(messageId);
    var atts = m.getAttachments();
    return {
      ok: true, id: m.getId(), threadId: m.getThread().getId(), subject: m.getSubject(), from: m.getFrom(), to: m.getTo(),
      cc: m.getCc(), date: m.getDate().getTime(), isDate: m.getDate() instanceof Date, body: m.getBody(), plain: m.getPlainBody(),
      header: m.getHeader('subject'), missingHeader: m.getHeader('X-Nope'),
      attachments: atts.map(function (a) { return { name: a.getName(), type: a.getContentType(), size: a.getSize(), text: a.getDataAsString(), firstByte: a.getBytes()[0], isArray: Array.isArray(a.getBytes()) }; }),
    };
  } catch (e) { return { ok: false, name: e.name, message: e.message }; }
}
function subjectOnly(messageId, token) {
  try { GmailApp.setCurrentMessageAccessToken(token); return { ok: true, subject: GmailApp.getMessageById(messageId).getSubject() }; }
  catch (e) { return { ok: false, message: e.message }; }
}
function bodyOnly(messageId, token) {
  try { GmailApp.setCurrentMessageAccessToken(token); return { ok: true, body: GmailApp.getMessageById(messageId).getBody() }; }
  catch (e) { return { ok: false, message: e.message }; }
}
function raw(messageId, token) {
  GmailApp.setCurrentMessageAccessToken(token);
  return GmailApp.getMessageById(messageId).getRawContent();
}
// What the add-on does with an invitation: route A (eid link) and route B (invite.ics UID).
function routes(messageId, token) {
  GmailApp.setCurrentMessageAccessToken(token);
  var m = GmailApp.getMessageById(messageId);
  var match = /[?&](?:amp;)?eid=([A-Za-z0-9_-]+)/.exec(m.getBody());
  var eid = match ? match[1] : null;
  var ics = m.getAttachments().filter(function (a) { return a.getName() === 'invite.ics'; })[0].getDataAsString();
  var uid = /\\r\\nUID:([^\\r\\n]+)/.exec(ics.replace(/\\r\\n[ \\t]/g, ''))[1];
  var byUid = Calendar.Events.list('primary', { iCalUID: uid }).items;
  return { eid: eid, uid: uid, byUid: byUid.map(function (e) { return e.id; }) };
}
function getEvent(id) { return Calendar.Events.get('primary', id); }
`;

describe('GmailApp in a Gmail add-on', () => {
  const { world, runtime } = scriptRuntime([
    { name: 'addon', code: CODE },
    {
      name: 'metadataOnly',
      code: CODE,
      manifest: { oauthScopes: [`${AUTH}gmail.addons.execute`, `${AUTH}gmail.addons.current.message.metadata`] },
    },
    { name: 'fullGmail', code: CODE, manifest: { oauthScopes: ['https://mail.google.com/'] } },
    { name: 'noGmail', code: CODE, manifest: { oauthScopes: [`${AUTH}calendar.events`] } },
  ]);
  world.addUser({ email: ANA, name: 'Ana Coachee', domain: 'acme.test', timeZone: 'Europe/Paris' });
  world.addUser({ email: MO, name: 'Mo Manager', domain: 'acme.test', timeZone: 'Europe/London' });
  world.addUser({ email: CY, name: 'Cy Coach', timeZone: 'UTC' });
  afterAll(() => runtime.close());

  const exec = async (project: string, fn: string, user: string, ...args: unknown[]) => {
    const r = await runtime.execute({ project, fn, args, user });
    if (!r.ok) throw new Error(r.error?.message);
    return r.value as any;
  };

  const plain = () =>
    deliverMessage(world, {
      to: [MO],
      cc: CY,
      from: 'Ana Coachee <ana@acme.test>',
      subject: 'Lunch?',
      body: 'Shall we <meet>?\nTomorrow',
      attachments: [{ name: 'note.txt', contentType: 'text/plain', data: 'héllo', encoding: 'utf8' }],
    });

  test('each recipient gets their own copy; with the token the add-on reads everything', async () => {
    const copies = plain();
    expect(copies.map((c) => c.owner)).toEqual([MO, CY]);
    expect(copies[0]!.id).not.toBe(copies[1]!.id);
    const moCopy = copies[0]!;
    const e = openMessage(world, MO, moCopy.id);
    expect(e).toEqual({ messageId: moCopy.id, threadId: moCopy.threadId, accessToken: expect.any(String) });
    const r = await exec('addon', 'read', MO, e.messageId, e.accessToken);
    expect(r).toMatchObject({
      ok: true,
      id: moCopy.id,
      threadId: moCopy.threadId,
      subject: 'Lunch?',
      from: 'Ana Coachee <ana@acme.test>',
      to: MO,
      cc: CY,
      isDate: true,
      plain: 'Shall we <meet>?\nTomorrow',
      header: 'Lunch?',
      missingHeader: '',
    });
    expect(r.body).toBe('<div dir="ltr">Shall we &lt;meet&gt;?<br>Tomorrow</div>');
    expect(r.attachments).toEqual([
      { name: 'note.txt', type: 'text/plain', size: 6, text: 'héllo', firstByte: 104, isArray: true },
    ]);
    expect(r.date).toBe(moCopy.dateMs);
  });

  test('without setCurrentMessageAccessToken, or with a token for another message or person, reading fails', async () => {
    const [moCopy, cyCopy] = plain();
    const noToken = await exec('addon', 'read', MO, moCopy!.id, null);
    expect(noToken).toEqual({ ok: false, name: 'Exception', message: MISSING_TOKEN });
    expect(MISSING_TOKEN).toBe('Access denied: : Missing access token for per message scope authorization.');
    const other = plain()[0]!;
    const tokenForOther = openMessage(world, MO, other.id).accessToken;
    expect((await exec('addon', 'read', MO, moCopy!.id, tokenForOther)).message).toBe(MISSING_TOKEN);
    // Cy's token does not open Mo's copy, even run as Cy (it is not in her mailbox).
    const cyToken = openMessage(world, CY, cyCopy!.id).accessToken;
    expect((await exec('addon', 'read', MO, cyCopy!.id, cyToken)).message).toBe(MISSING_TOKEN);
    expect((await exec('addon', 'read', CY, moCopy!.id, cyToken)).message).toBe(MISSING_TOKEN);
    expect((await exec('addon', 'read', MO, moCopy!.id, 'made-up')).message).toBe(MISSING_TOKEN);
  });

  test('a token is per execution: the next execution starts without one', async () => {
    const m = plain()[0]!;
    const e = openMessage(world, MO, m.id);
    expect((await exec('addon', 'subjectOnly', MO, m.id, e.accessToken)).ok).toBe(true);
    expect((await exec('addon', 'read', MO, m.id, null)).message).toBe(MISSING_TOKEN);
  });

  test('an expired token is refused', async () => {
    const m = plain()[0]!;
    const e = openMessage(world, MO, m.id, { ttlMs: 60_000 });
    expect((await exec('addon', 'subjectOnly', MO, m.id, e.accessToken)).ok).toBe(true);
    world.advanceTo(world.now() + 61_000);
    expect((await exec('addon', 'subjectOnly', MO, m.id, e.accessToken)).message).toBe(EXPIRED_TOKEN);
  });

  test('scopes: metadata reads headers but not the body; no Gmail scope at all is refused; full Gmail needs no token', async () => {
    const m = plain()[0]!;
    const e = openMessage(world, MO, m.id);
    expect(await exec('metadataOnly', 'subjectOnly', MO, m.id, e.accessToken)).toEqual({ ok: true, subject: 'Lunch?' });
    expect((await exec('metadataOnly', 'bodyOnly', MO, m.id, e.accessToken)).message).toBe(
      `You do not have permission to call GmailMessage.getBody. Required permissions: ${AUTH}gmail.addons.current.message.readonly`,
    );
    expect((await exec('noGmail', 'subjectOnly', MO, m.id, e.accessToken)).message).toBe(
      `You do not have permission to call GmailApp.getMessageById. Required permissions: ${AUTH}gmail.addons.current.message.readonly`,
    );
    expect((await exec('fullGmail', 'read', MO, m.id, null)).subject).toBe('Lunch?');
    // Even with full Gmail, only one's own mailbox.
    expect((await exec('fullGmail', 'read', ANA, m.id, null)).message).toBe('Invalid argument: id');
  });

  test('an invitation leads back to the event by its eid link (route A) and by invite.ics (route B)', async () => {
    const ev = createEvent(world, ANA, {
      summary: 'CCM alignment',
      description: 'Agenda: goals, plan; next steps',
      start: '2026-03-02T10:00:00+01:00',
      end: '2026-03-02T11:00:00+01:00',
      attendees: [MO, CY],
    });
    const invite = mailbox(world, MO)[0]!;
    expect(invite.kind).toBe('invitation');
    expect(invite.subject).toBe(`Invitation: CCM alignment @ Mon Mar 2, 2026 9am - 10am (GMT) (${MO})`);
    expect(invite.from).toBe('Ana Coachee <ana@acme.test>');
    const e = openMessage(world, MO, invite.id);
    const r = await exec('addon', 'read', MO, e.messageId, e.accessToken);
    expect(r.attachments.map((a: any) => [a.name, a.type])).toEqual([['invite.ics', 'application/ics']]);
    const routes = await exec('addon', 'routes', MO, e.messageId, e.accessToken);
    expect(decodeEid(routes.eid)).toEqual({ eventId: ev.id, calendarEmail: MO });
    expect(routes.uid).toBe(ev.iCalUID);
    expect(routes.byUid).toEqual([ev.id]);
    expect((await exec('addon', 'getEvent', MO, decodeEid(routes.eid).eventId)).summary).toBe('CCM alignment');
    // The ICS itself: REQUEST, the event's times in UTC, organizer and attendees, escaped description.
    const vevent = icsComponent(parseIcs(r.attachments[0].text), 'VEVENT')!;
    expect(icsProp(parseIcs(r.attachments[0].text), 'METHOD')?.value).toBe('REQUEST');
    expect(icsProp(vevent, 'DTSTART')?.value).toBe('20260302T090000Z');
    expect(icsProp(vevent, 'ORGANIZER')?.value).toBe(`mailto:${ANA}`);
    expect(vevent.properties.filter((p) => p.name === 'ATTENDEE').map((p) => p.value)).toEqual([
      `mailto:${ANA}`,
      `mailto:${MO}`,
      `mailto:${CY}`,
    ]);
    expect(r.attachments[0].text).toContain('DESCRIPTION:Agenda: goals\\, plan\\; next steps');
    // The gmail.com guest's links abbreviate her address.
    const cyInvite = mailbox(world, CY)[0]!;
    const cyEid = /eid=([A-Za-z0-9_-]+)/.exec(cyInvite.html)![1]!;
    expect(Buffer.from(cyEid, 'base64url').toString()).toBe(`${ev.id} cy@m`);
    // HTML links escape '&' as Google's mail does.
    expect(invite.html).toContain('event?action=VIEW&amp;eid=');
    // The raw message carries the text/calendar part with its method.
    const rawText: string = await exec('addon', 'raw', MO, e.messageId, e.accessToken);
    expect(rawText).toContain('Content-Type: text/calendar; charset="UTF-8"; method=REQUEST');
    expect(rawText).toContain(`Subject: ${invite.subject}`);
  });

  test('moving, answering and deleting send the mail Google Calendar sends', async () => {
    const ev = createEvent(world, ANA, {
      summary: 'Sync',
      start: '2026-05-04T10:00:00+02:00',
      end: '2026-05-04T11:00:00+02:00',
      attendees: [MO],
    });
    const moved = moveEvent(world, ANA, ev.id, '2026-05-05T14:00:00+02:00');
    expect(moved.end).toEqual({ dateTime: '2026-05-05T15:00:00+02:00', timeZone: 'Europe/Paris' });
    const update = mailbox(world, MO)[0]!;
    expect(update.subject).toBe(`Updated invitation: Sync @ Tue May 5, 2026 1pm - 2pm (GMT+1) (${MO})`);
    expect(icsProp(icsComponent(parseIcs(update.attachments[0]!.data), 'VEVENT')!, 'SEQUENCE')?.value).toBe('1');
    respondToEvent(world, MO, ev.id, 'accepted');
    const reply = mailbox(world, ANA)[0]!;
    expect(reply.subject).toBe(`Accepted: Sync @ Tue May 5, 2026 2pm - 3pm (GMT+2) (${ANA})`);
    expect(reply.from).toBe('Mo Manager <mo@acme.test>');
    deleteEvent(world, ANA, ev.id);
    const cancel = mailbox(world, MO)[0]!;
    expect(cancel.subject).toMatch(/^Canceled event: Sync @ /);
    const cal = parseIcs(cancel.attachments[0]!.data);
    expect(icsProp(cal, 'METHOD')?.value).toBe('CANCEL');
    expect(icsProp(icsComponent(cal, 'VEVENT')!, 'STATUS')?.value).toBe('CANCELLED');
    // Deleting without notifying sends nothing.
    const quiet = createEvent(world, ANA, {
      summary: 'Quiet',
      start: '2026-05-06T10:00:00+02:00',
      end: '2026-05-06T11:00:00+02:00',
      attendees: [MO],
      sendInvitations: false,
    });
    const before = mailbox(world, MO).length;
    deleteEvent(world, ANA, quiet.id, { notify: false });
    expect(mailbox(world, MO).length).toBe(before);
  });
});
