import { NOTES_DIGEST_KEY, notesDigest } from '../../src/core/digest';
// Pure helpers of the add-on (no Apps Script service involved): invitation decoding, the form
// mapping, the confirm patch builder, view-model text, the gateway envelope and error mapping.
import {
  decodeBase64Url,
  decodeEid,
  eventIdFromBody,
  findEids,
  icsMethod,
  icsUid,
  isIcsAttachment,
} from '../../src/addon/invite';
import { actionRows, FIELDS, formInputsFor, rawMeetingForm, stringInput, stringInputs } from '../../src/addon/form';
import {
  buildCancelPatch,
  buildConfirmPatch,
  ensureAttendees,
  mergeToolkit,
  MAX_ATTACHMENTS,
  NOTIFIED_START_KEY,
  TOOLKIT_TITLE,
  updatesFor,
  type EnrichContext,
} from '../../src/addon/flows/enrich';
import {
  actionLine,
  blockPeople,
  planView,
  whenText,
  minutesBetween,
  titleText,
} from '../../src/addon/views/view-model';
import { unwrap } from '../../src/addon/adapters/gateway';
import { httpStatusOf } from '../../src/addon/adapters/calendar';
import { engagementWindow, factOf, isOrganizer } from '../../src/addon/flows/facts';
import { isRecurring } from '../../src/addon/flows/coachee';
import { topicWarnings } from '../../src/addon/flows/shared';
import { roleFromBlock } from '../../src/addon/flows/viewer';
import { asCcmError } from '../../src/addon/guard';
import { CcmError } from '../../src/core/errors';
import { parseBlock, SHARED_BOOKING_KEY, SHARED_MARKER_KEY, mergeBlock, BLOCK_START } from '../../src/core/description';
import { parseMeetingForm, type Meeting } from '../../src/core/meeting';

beforeAll(() => {
  // The add-on logs ids and codes; keep test output quiet.
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});

/** The code of the CcmError `fn` throws (fails the test when it does not throw one). */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof CcmError) return err.code;
    throw err;
  }
  throw new Error('expected a CcmError');
}

const b64url = (s: string) =>
  Buffer.from(s, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('invitation decoding', () => {
  test('base64url decodes UTF-8 with or without padding, and refuses garbage', () => {
    expect(decodeBase64Url(b64url('abc123 ana@acme.test'))).toBe('abc123 ana@acme.test');
    expect(decodeBase64Url(Buffer.from('Zoë 東京').toString('base64'))).toBe('Zoë 東京');
    expect(decodeBase64Url('a')).toBeNull();
    expect(decodeBase64Url('**')).toBeNull();
    expect(decodeBase64Url(Buffer.from([0xff, 0xfe]).toString('base64'))).toBeNull();
  });

  test('an eid is "<eventId> <calendar email>"; abbreviated emails are kept as written', () => {
    expect(decodeEid(b64url('7kq3mb0tbs0pc4o5 mo@acme.test'))).toEqual({
      eventId: '7kq3mb0tbs0pc4o5',
      calendarEmail: 'mo@acme.test',
    });
    expect(decodeEid(b64url('abcdef123 ana@m'))).toEqual({ eventId: 'abcdef123', calendarEmail: 'ana@m' });
    expect(decodeEid(b64url('no-space-here'))).toBeNull();
    expect(decodeEid('%%%')).toBeNull();
  });

  test('eids are found in Calendar links of an HTML body (with &amp; too), not in other links', () => {
    const eid = b64url('evt12345 mo@acme.test');
    const body = `<a href="https://example.test/x?eid=${b64url('wrong1 x@y.test')}">x</a>
      <a href="https://calendar.google.com/calendar/event?action=VIEW&amp;eid=${eid}&amp;tok=abc">View</a>
      <a href="https://calendar.google.com/calendar/event?action=RESPOND&eid=${eid}&rst=1">Yes</a>`;
    expect(findEids(body)).toEqual([eid]);
    expect(eventIdFromBody(body)).toBe('evt12345');
    expect(eventIdFromBody('Lunch on Friday? https://calendar.google.com/calendar/r')).toBeNull();
  });

  test('ICS: UID of the VEVENT after unfolding, METHOD, attachment detection', () => {
    const ics =
      'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VTIMEZONE\r\nUID:not-this\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:abc123\r\n def@google.com\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    expect(icsUid(ics)).toBe('abc123def@google.com');
    expect(icsMethod(ics)).toBe('REQUEST');
    expect(icsUid('BEGIN:VCALENDAR\nEND:VCALENDAR')).toBeNull();
    expect(isIcsAttachment('invite.ics', 'application/ics')).toBe(true);
    expect(isIcsAttachment('x', 'text/calendar; charset=UTF-8')).toBe(true);
    expect(isIcsAttachment('photo.png', 'image/png')).toBe(false);
  });
});

describe('the form', () => {
  test('reads V8 form inputs (no [""] level) and tolerates missing fields', () => {
    const inputs = {
      goal: { stringInputs: { value: ['Lead the launch'] } },
      prepared: { stringInputs: { value: ['yes', 'other'] } },
    };
    expect(stringInput(inputs, 'goal')).toBe('Lead the launch');
    expect(stringInput(inputs, 'agenda')).toBe('');
    expect(stringInputs(inputs, 'prepared')).toEqual(['yes', 'other']);
    expect(rawMeetingForm(undefined)).toEqual({ goal: '', agenda: '', actionPlan: [], coachRole: '', videoLink: '' });
  });

  test("a scenario form round-trips through the card's action rows (step, owner, date picker) into the same meeting", () => {
    const form = {
      goal: 'Lead the spring launch',
      agenda: ['The goal', 'Support I need'],
      actionPlan: [
        { step: 'Draft plan | share it', owner: 'coachee', due: '2026-03-17' },
        { step: 'Intro to sales leads', owner: 'manager', due: null },
      ],
      coachRole: 'facilitate',
      videoLink: null,
    };
    const inputs = formInputsFor(form, { videoLink: 'https://meet.google.com/abc-defg-hij' });
    expect(Object.keys(inputs).sort()).toEqual(
      [
        'actionDue0',
        'actionOwner0',
        'actionOwner1',
        'actionStep0',
        'actionStep1',
        FIELDS.agenda,
        FIELDS.coachRole,
        FIELDS.goal,
        FIELDS.videoLink,
      ].sort(),
    );
    expect(inputs.actionDue0).toEqual({ dateInput: { msSinceEpoch: Date.UTC(2026, 2, 17) } });
    const parsed = parseMeetingForm(rawMeetingForm(inputs));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.meeting.agenda).toEqual(['The goal', 'Support I need']);
    expect(parsed.meeting.actionPlan).toEqual([
      { step: 'Draft plan | share it', owner: 'coachee', due: '2026-03-17' },
      { step: 'Intro to sales leads', owner: 'manager' },
    ]);
    expect(parsed.meeting.videoLink).toBe('https://meet.google.com/abc-defg-hij');
  });

  test("an older card's one-box action plan is still read; blank rows are no actions", () => {
    const old = { actionPlan: { stringInputs: { value: ['Draft plan | me | 2026-03-17\nIntros | together'] } } };
    expect(actionRows(old)).toEqual([
      { step: 'Draft plan', owner: 'coachee', due: '2026-03-17' },
      { step: 'Intros', owner: 'together', due: '' },
    ]);
    const rows = {
      actionStep0: { stringInputs: { value: [''] } },
      actionOwner0: { stringInputs: { value: ['manager'] } },
      actionStep1: { stringInputs: { value: ['Second'] } },
      actionOwner1: { stringInputs: { value: ['coach'] } },
    };
    expect(actionRows(rows)).toEqual([{ step: 'Second', owner: 'coach', due: '' }]);
  });
});

const meeting: Meeting = {
  goal: 'Lead the launch',
  agenda: ['Goal', 'Support'],
  actionPlan: [{ step: 'Draft plan', owner: 'coachee', due: '2026-03-17' }],
  coachRole: 'facilitate',
};

const ctx: EnrichContext = {
  organizer: 'ana@acme.test',
  manager: 'mo@acme.test',
  coach: 'cora@coaches.test',
  bookingId: 'b-1',
  toolkitUrl: 'https://docs.google.com/document/d/tk/edit',
  videoLink: 'https://meet.example.test/cora',
  block: { coachee: 'ana@acme.test', manager: 'mo@acme.test', coach: 'cora@coaches.test' },
};

describe('the confirm patch', () => {
  test('a fresh event gets the block after the organizer text, the marker, both people, the toolkit and the link', () => {
    const ev = {
      id: 'e1',
      description: 'My own notes <b>keep</b>',
      attendees: [],
      extendedProperties: { shared: { other: 'x' }, private: { p: '1' } },
    };
    const patch = buildConfirmPatch(ev, meeting, ctx);
    expect(patch.description!.startsWith('My own notes <b>keep</b>')).toBe(true);
    expect(parseBlock(patch.description).meeting).toEqual(meeting);
    expect(patch.extendedProperties).toEqual({
      shared: { other: 'x', [SHARED_MARKER_KEY]: '1', [SHARED_BOOKING_KEY]: 'b-1' },
      // The digest of the notes on the organizer's own copy (guests can neither read nor write it).
      private: { p: '1', [NOTES_DIGEST_KEY]: notesDigest(meeting) },
    });
    // Guests may neither modify the meeting nor invite others (organizer-only fields).
    expect([patch.guestsCanModify, patch.guestsCanInviteOthers]).toEqual([undefined, false]);
    expect(buildConfirmPatch({ ...ev, guestsCanModify: true }, meeting, ctx).guestsCanModify).toBe(false);
    expect(patch.attendees!.map((a) => a.email)).toEqual(['ana@acme.test', 'mo@acme.test', 'cora@coaches.test']);
    expect(patch.attachments).toEqual([
      { fileUrl: ctx.toolkitUrl, title: TOOLKIT_TITLE, mimeType: 'application/vnd.google-apps.document' },
    ]);
    expect(patch.location).toBe(ctx.videoLink);
  });

  test('confirming the same plan on the patched event writes nothing (idempotent)', () => {
    const ev = { id: 'e1', description: 'Mine', attendees: [{ email: 'ana@acme.test', organizer: true }] };
    const first = buildConfirmPatch(ev, meeting, ctx);
    const after = { ...ev, ...first };
    expect(buildConfirmPatch(after, meeting, ctx)).toEqual({});
  });

  test('an edited plan replaces the block (never duplicates it) and keeps everyone already invited', () => {
    const ev = {
      id: 'e1',
      description: mergeBlock('Before', meeting, ctx.block) + '\n\nAfter',
      attendees: [
        { email: 'ana@acme.test' },
        { email: 'MO@acme.test', responseStatus: 'accepted' },
        { email: 'cora@coaches.test' },
        { email: 'pat@acme.test' },
      ],
      location: 'Room 4',
    };
    const edited = { ...meeting, agenda: ['New agenda'] };
    const patch = buildConfirmPatch(ev, edited, ctx);
    expect(patch.attendees).toBeUndefined();
    expect(patch.location).toBeUndefined(); // the organizer's own location stays
    expect(patch.description!.split(BLOCK_START).length).toBe(2);
    expect(patch.description!.startsWith('Before')).toBe(true);
    expect(patch.description!.endsWith('After')).toBe(true);
    expect(parseBlock(patch.description).meeting!.agenda).toEqual(['New agenda']);
  });

  test('attendee and attachment merging', () => {
    expect(ensureAttendees([{ email: 'mo@acme.test' }], ['MO@ACME.TEST'], 'ana@acme.test')).toBeNull();
    expect(ensureAttendees(undefined, ['mo@acme.test'], 'ana@acme.test')).toEqual([
      { email: 'ana@acme.test', responseStatus: 'accepted' },
      { email: 'mo@acme.test', responseStatus: 'needsAction' },
    ]);
    const existing = [{ fileUrl: 'https://docs.google.com/document/d/mine', title: 'Mine', fileId: 'mine' }];
    expect(mergeToolkit(existing, 'https://docs.google.com/document/d/tk/edit')).toEqual([
      ...existing,
      expect.objectContaining({ fileUrl: 'https://docs.google.com/document/d/tk/edit' }),
    ]);
    expect(mergeToolkit(existing, 'https://docs.google.com/document/d/mine')).toBeNull();
    expect(mergeToolkit(existing, null)).toBeNull();
    const full = Array.from({ length: MAX_ATTACHMENTS }, (_, i) => ({ fileUrl: `https://x.test/${i}` }));
    expect(mergeToolkit(full, 'https://docs.google.com/document/d/tk')).toBeNull();
  });

  test('cancel takes the block out and keeps the rest', () => {
    const description = mergeBlock('Mine', meeting, ctx.block);
    expect(buildCancelPatch({ description })).toEqual({ description: 'Mine' });
    expect(buildCancelPatch({ description: 'Mine' })).toEqual({});
  });

  test('stop counting also takes out the marker, the booking id and the digest (null deletes in a patch)', () => {
    const ev = {
      description: 'Mine',
      extendedProperties: {
        shared: { [SHARED_MARKER_KEY]: '1', [SHARED_BOOKING_KEY]: 'b1', other: 'x' },
        private: { [NOTES_DIGEST_KEY]: 'd', [NOTIFIED_START_KEY]: 's' },
      },
    };
    expect(buildCancelPatch(ev)).toEqual({
      extendedProperties: {
        shared: { [SHARED_MARKER_KEY]: null, [SHARED_BOOKING_KEY]: null },
        private: { [NOTES_DIGEST_KEY]: null, [NOTIFIED_START_KEY]: null },
      },
    });
  });

  test('confirm makes the event private; guests are mailed only when it becomes CCM, someone is added or the time moved', () => {
    const start = { dateTime: '2026-03-03T16:00:00Z' };
    const fresh = { start, attendees: [] };
    const first = buildConfirmPatch(fresh, meeting, ctx);
    expect(first.visibility).toBe('private');
    expect(first.extendedProperties!.private![NOTIFIED_START_KEY]).toBe(start.dateTime);
    expect(updatesFor(fresh, first)).toBe('all');
    const marked = (told: string) => ({
      start,
      visibility: 'private',
      extendedProperties: { shared: { [SHARED_MARKER_KEY]: '1' }, private: { [NOTIFIED_START_KEY]: told } },
    });
    expect(updatesFor(marked(start.dateTime), { description: 'edited' })).toBe('none');
    expect(updatesFor(marked('2026-03-02T16:00:00Z'), { description: 'edited' })).toBe('all');
    expect(updatesFor(marked(start.dateTime), { attendees: [{ email: 'new@acme.test' }] })).toBe('all');
    expect(buildConfirmPatch(marked(start.dateTime), meeting, ctx).visibility).toBeUndefined();
    // The same instant written in another zone is the same time: no mail.
    const sameTime = { ...marked(start.dateTime), start: { dateTime: '2026-03-03T17:00:00+01:00' } };
    expect(updatesFor(sameTime, { description: 'edited' })).toBe('none');
    expect(buildConfirmPatch(sameTime, meeting, ctx).extendedProperties?.private?.[NOTIFIED_START_KEY]).toBe(
      start.dateTime,
    );
  });
});

describe('view models', () => {
  test('action lines speak to the reader', () => {
    const item = { step: 'Intro to sales', owner: 'manager' as const, due: '2026-03-24' };
    expect(actionLine(item, 'manager')).toBe('Intro to sales — You, by 24 Mar 2026');
    expect(actionLine(item, 'coachee')).toBe('Intro to sales — Your manager, by 24 Mar 2026');
    expect(actionLine({ step: 'Draft', owner: 'coachee' }, 'coach')).toBe('Draft — Your coachee');
  });

  test('the plan of an intact block, of a hand-edited one, and of none', () => {
    const description = mergeBlock('', meeting, ctx.block);
    const intact = planView(parseBlock(description), 'manager');
    expect(intact).toMatchObject({ goal: 'Lead the launch', agenda: ['Goal', 'Support'], missing: false, note: null });
    expect(intact.coachRole!.label).toBe('Facilitate');
    const damaged = planView(
      parseBlock(description.replace(/── end of CCM alignment meeting ──/, '').replace('Agenda:', 'Agenda (edited):')),
      'manager',
    );
    expect(damaged.goal).toBe('Lead the launch');
    expect(damaged.note).not.toBeNull();
    expect(planView(parseBlock('just text'), 'coach').missing).toBe(true);
  });

  test('block people, and the role they give when the gateway cannot be asked', () => {
    const description = mergeBlock('x', meeting, {
      coachee: 'Ana Lee',
      manager: 'mo@acme.test',
      coach: 'cora@coaches.test',
    }).replace(/\n/g, '<br>');
    expect(blockPeople(description)).toEqual({
      coachee: 'Ana Lee',
      manager: 'mo@acme.test',
      coach: 'cora@coaches.test',
    });
    expect(blockPeople('Manager: eve@acme.test')).toEqual({}); // outside a block: ignored
    const ev = {
      description,
      attendees: [{ email: 'mo@acme.test' }, { email: 'cora@coaches.test' }, { email: 'pat@acme.test' }],
    };
    expect(roleFromBlock(ev, 'mo@acme.test')).toBe('manager');
    expect(roleFromBlock(ev, 'cora@coaches.test')).toBe('coach');
    expect(roleFromBlock(ev, 'pat@acme.test')).toBe('other');
    expect(roleFromBlock({ description, attendees: [] }, 'mo@acme.test')).toBe('other'); // not invited
  });

  test('times and titles', () => {
    expect(whenText('2026-03-03T11:00:00-05:00', 'America/New_York')).toBe('Tue 3 Mar 2026, 11:00 (America/New_York)');
    expect(whenText('', 'UTC')).toBe('');
    expect(minutesBetween('2026-03-03T11:00:00Z', '2026-03-03T12:00:00Z')).toBe(60);
    expect(titleText('  ')).toBe('(no title)');
    expect(titleText('x'.repeat(200)).length).toBe(80);
  });
});

describe('gateway envelope', () => {
  test('data comes back; refusals keep code and message; garbage is GATEWAY_UNAVAILABLE', () => {
    expect(unwrap('{"ok":true,"data":{"x":1}}')).toEqual({ x: 1 });
    const refused = () =>
      unwrap(
        '{"ok":false,"error":{"code":"ALLOWANCE_USED","message":"Next quarter opens on 1 July 2026.","retryable":false}}',
      );
    expect(codeOf(refused)).toBe('ALLOWANCE_USED');
    expect(refused).toThrow('Next quarter opens on 1 July 2026.');
    for (const body of ['<html>Error</html>', '{"hello":1}', '{"ok":true}', ''])
      expect(codeOf(() => unwrap(body))).toBe('GATEWAY_UNAVAILABLE');
    expect(codeOf(() => unwrap('{"ok":false,"error":{"code":"SOMETHING_NEW","message":""}}'))).toBe('INTERNAL');
  });

  test('an unreadable answer to a change (book, cancel, reconcile) is an unknown outcome; a refusal is not', () => {
    for (const op of ['book', 'cancel', 'reconcile'])
      for (const body of ['<html>Error</html>', '{"hello":1}', '{"ok":true}', ''])
        expect(codeOf(() => unwrap(body, op))).toBe('GATEWAY_OUTCOME_UNKNOWN');
    for (const op of ['panel', 'viewer', 'admin']) expect(codeOf(() => unwrap('', op))).toBe('GATEWAY_UNAVAILABLE');
    expect(codeOf(() => unwrap('{"ok":false,"error":{"code":"ALLOWANCE_USED","message":""}}', 'book'))).toBe(
      'ALLOWANCE_USED',
    );
  });
});

describe('errors and calendar facts', () => {
  test('advanced-service errors are classified by status', () => {
    expect(httpStatusOf(Object.assign(new Error('x'), { details: { code: 412 } }))).toBe(412);
    expect(httpStatusOf(new Error('API call to calendar.events.get failed with error: Not Found'))).toBe(404);
    expect(httpStatusOf(new Error('API call to calendar.events.patch failed with error: Precondition Failed'))).toBe(
      412,
    );
    expect(
      httpStatusOf(new Error('API call to calendar.events.patch failed with error: forbiddenForNonOrganizer')),
    ).toBe(403);
    expect(httpStatusOf(new Error('something else'))).toBe(0);
  });

  test('unknown errors never leak their text; deadlines are recognised', () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(asCcmError(new TypeError('secret agenda text')).message).not.toContain('secret');
    expect(asCcmError(new Error('Exceeded maximum execution time')).code).toBe('DEADLINE');
    expect(asCcmError(new CcmError('NOT_ORGANIZER')).code).toBe('NOT_ORGANIZER');
    spy.mockRestore();
  });

  test('facts: deleted, moved, organizer; the engagement window has a day of margin', () => {
    expect(factOf({ id: 'a', status: 'cancelled' }, 'ana@acme.test')).toEqual({ eventId: 'a', exists: false });
    expect(
      factOf(
        {
          id: 'b',
          start: { dateTime: '2026-03-03T16:00:00Z' },
          end: { dateTime: '2026-03-03T17:00:00Z' },
          organizer: { email: 'ANA@acme.test' },
        },
        'ana@acme.test',
      ),
    ).toEqual({
      eventId: 'b',
      exists: true,
      organizer: true,
      start: '2026-03-03T16:00:00Z',
      end: '2026-03-03T17:00:00Z',
    });
    expect(isOrganizer({ organizer: { email: 'x@acme.test', self: true } }, 'ana@acme.test')).toBe(true);
    expect(engagementWindow({ start: '2026-01-12', end: '2026-07-12' }, 'America/New_York')).toEqual({
      from: '2026-01-11T05:00:00.000Z',
      to: '2026-07-13T04:00:00.000Z',
    });
  });

  test('recurring events and topic warnings', () => {
    expect(isRecurring({ recurrence: ['RRULE:FREQ=WEEKLY'] }, {})).toBe(true);
    expect(isRecurring(null, { calendar: { recurringEventId: 's1' } })).toBe(true);
    expect(isRecurring({}, {})).toBe(false);
    expect(topicWarnings({ goal: 'Talk about my performance improvement plan', agenda: [] })).toHaveLength(1);
    expect(topicWarnings({ goal: 'Grow as a leader', agenda: ['Launch metrics'] })).toEqual([]);
  });
});
