// Attack, through the BUILT gateway (and the add-on where it matters): identity tokens that must be
// refused; a token used by someone other than its owner; an authorisation matrix of every gateway
// operation against every kind of person, showing nobody reads or changes what is not theirs; and
// the usage Sheet shared with nobody but its owner and the program admins.
// (gateway-auth.test.ts covers Google's cached keys and their endpoint failing; the manifests'
// scopes are pinned with a reason each in test/build/manifests.test.ts.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayOp } from '../../src/core/api';
import { OPS as GATEWAY_OPS } from '../../src/core/contract';
import { readLedger } from '../../src/local/host/company';
import { getFile } from '../../src/local/runtime/backends/sheets';
import { scriptRuntime } from '../runtime/helpers';
import { event, gatewayHarness, OWNER, type Harness } from './gateway-harness';

const BEN = 'ben@acme.test'; // coachee
const LEA = 'lea@acme.test'; // ben's manager
const ANA = 'ana@acme.test'; // another coachee
const MO = 'mo@acme.test'; // ana's manager: another manager for ben
const CORA = 'cora@coaches.test'; // coach of both, outside the company
const HR = 'hr@acme.test'; // program admin
const PAT = 'pat@acme.test'; // in the company, not in the program
const EVE = 'eve@other.test'; // another company

const ENGAGEMENTS = [
  { coachee: BEN, manager: LEA, coach: CORA, program: 'quarterly', start: '2026-01-01', end: '2027-01-01' },
  { coachee: ANA, manager: MO, coach: CORA, program: 'quarterly', start: '2026-01-01', end: '2027-01-01' },
];
const BEN_EVENT = event('ben-1', '2026-03-10T10:00:00+01:00');
const ANA_EVENT = event('ana-1', '2026-03-12T10:00:00+01:00');

describe('identity tokens that are refused', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({ engagements: ENGAGEMENTS });
    h.world.addUser({ email: EVE, name: 'Eve', domain: 'other.test' });
  });
  afterAll(() => h.close());

  const nowS = () => Math.floor(h.world.now() / 1000);
  const tamper = (token: string, claims: Record<string, unknown>) => {
    const [head, body, sig] = token.split('.');
    const payload = { ...JSON.parse(Buffer.from(body!, 'base64url').toString()), ...claims };
    return [head, Buffer.from(JSON.stringify(payload)).toString('base64url'), sig].join('.');
  };

  test.each([
    ['missing', () => undefined, 'BAD_REQUEST'],
    ['empty', () => '', 'BAD_REQUEST'],
    ['expired', () => h.token(BEN, { iat: nowS() - 7200, exp: nowS() - 3600 }), 'UNAUTHENTICATED'],
    ['badly signed (another key)', () => h.token(BEN, {}, { signWithWrongKey: true }), 'UNAUTHENTICATED'],
    [
      'tampered (payload changed to another person, signature kept)',
      () => tamper(h.token(PAT), { email: BEN }),
      'UNAUTHENTICATED',
    ],
    [
      'unsigned (alg none)',
      () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${h.token(BEN).split('.')[1]}.AAAA`,
      'UNAUTHENTICATED',
    ],
    ['for another audience', () => h.token(BEN, { aud: 'another-app.apps.googleusercontent.com' }), 'UNAUTHENTICATED'],
    ['from another issuer', () => h.token(BEN, { iss: 'https://login.example.test' }), 'UNAUTHENTICATED'],
    ['with an unverified email', () => h.token(BEN, { email_verified: false }), 'UNAUTHENTICATED'],
    ['from another domain', () => h.token(EVE), 'FORBIDDEN'],
    [
      "with the company's email but no hosted-domain claim (a consumer account)",
      () => h.token(BEN, { hd: null }),
      'FORBIDDEN',
    ],
  ] as [string, () => string | undefined, string][])(
    'a token %s is refused, and nothing is booked',
    async (_name, make, code) => {
      const body: Record<string, unknown> = {
        op: 'book',
        requestId: `t-${Math.random().toString(36).slice(2)}`,
        args: { event: BEN_EVENT, status: 'confirmed' },
      };
      const token = make();
      if (token !== undefined) body.idToken = token;
      const { res } = await h.post(body, BEN);
      expect(!res.ok && res.error.code).toBe(code);
      expect(readLedger(h.world, h.company.sheetId)).toEqual([]);
    },
  );
});

describe('a token is bound to its owner', () => {
  let h: Harness;
  beforeAll(async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS });
    expect((await h.call(BEN, 'book', { event: BEN_EVENT, status: 'confirmed' })).res.ok).toBe(true);
    expect((await h.call(ANA, 'book', { event: ANA_EVENT, status: 'confirmed' })).res.ok).toBe(true);
  });
  afterAll(() => h.close());

  const status = (id: string) => readLedger(h.world, h.company.sheetId).find((r) => r.eventId === id)?.status;

  test("ben's own token cannot touch ana's bookings: cancel, reconcile, re-book and viewer all act as ben only", async () => {
    const cancel = await h.call(BEN, 'cancel', { eventId: 'ana-1' });
    expect(!cancel.res.ok && cancel.res.error.code).toBe('BOOKING_NOT_FOUND');
    const facts = await h.call(BEN, 'panel', { facts: [{ eventId: 'ana-1', exists: false }] });
    expect(facts.res.ok && facts.res.data.reconciled).toEqual([]);
    const rebook = await h.call(BEN, 'book', {
      event: { ...ANA_EVENT, start: '2026-06-12T08:00:00.000Z', end: '2026-06-12T09:00:00.000Z' },
      status: 'confirmed',
    });
    // Booked for ben (his own Index and allowance), never ana's row.
    expect(rebook.res.ok && rebook.res.data.engagement.coachee).toBe(BEN);
    const view = await h.call(BEN, 'viewer', { eventId: 'ana-1', organizer: ANA });
    expect(view.res.ok && view.res.data).toEqual({ role: 'other', toolkitUrl: null });
    expect(status('ana-1')).toBe('confirmed');
    expect(
      readLedger(h.world, h.company.sheetId)
        .filter((r) => r.coachee === ANA)
        .map((r) => r.eventId),
    ).toEqual(['ana-1']);
  });

  test("ana's token replayed by ben (sent from his machine, whatever the body says) acts as ana, and only on ana's data", async () => {
    const stolen = h.token(ANA);
    const post = (op: GatewayOp, args: unknown, extra: Record<string, unknown> = {}) =>
      h.post({ op, idToken: stolen, requestId: `r-${op}-${Math.random().toString(36).slice(2)}`, args, ...extra }, BEN);
    const panel = await post('panel', {}, { email: BEN, as: BEN });
    expect(panel.res.ok && panel.res.data.me.email).toBe(ANA);
    expect(panel.res.ok && panel.res.data.bookings.map((b: { eventId: string }) => b.eventId)).not.toContain('ben-1');
    const cancelBen = await post('cancel', { eventId: 'ben-1' });
    expect(!cancelBen.res.ok && cancelBen.res.error.code).toBe('BOOKING_NOT_FOUND');
    const reconcileBen = await post('reconcile', { facts: [{ eventId: 'ben-1', exists: false }] });
    expect(reconcileBen.res.ok && reconcileBen.res.data.reconciled).toEqual([]);
    const admin = await post('admin', {});
    expect(!admin.res.ok && admin.res.error.code).toBe('FORBIDDEN');
    expect(status('ben-1')).toBe('confirmed');
  });
});

describe('authorisation matrix: every gateway operation, every kind of person', () => {
  let h: Harness;
  beforeAll(async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS });
    for (const [email, domain] of [
      [PAT, 'acme.test'],
      [EVE, 'other.test'],
    ] as const)
      h.world.addUser({ email, name: email.split('@')[0]!, domain });
    expect((await h.call(BEN, 'book', { event: BEN_EVENT, status: 'confirmed' })).res.ok).toBe(true);
    expect((await h.call(ANA, 'book', { event: ANA_EVENT, status: 'confirmed' })).res.ok).toBe(true);
  });
  afterAll(() => h.close());

  const ledger = () =>
    readLedger(h.world, h.company.sheetId)
      .map((r) => `${r.coachee} ${r.eventId} ${r.status}`)
      .sort();
  const BEFORE = [`${ANA} ana-1 confirmed`, `${BEN} ben-1 confirmed`];

  type Outcome = string | ((data: any) => void);
  const ok = (check: (d: any) => void = () => undefined): Outcome => check;
  const ownPanel = (email: string, roles: string[], bookings: string[]) =>
    ok((d) => {
      expect(d.me).toEqual({ email, roles });
      expect(d.bookings.map((b: { eventId: string }) => b.eventId)).toEqual(bookings);
      expect(d.reconciled).toEqual([]);
    });
  const nothing = ok((d) => expect(d).toEqual({ role: 'other', toolkitUrl: null }));
  const role = (r: string) =>
    ok((d) => {
      expect(d.role).toBe(r);
      expect(d.booking.eventId).toBe('ben-1');
    });
  const noChange = ok((d) => expect(d.reconciled).toEqual([]));

  // Ops, each with the arguments an attacker would send about ben's meeting.
  const OPS: [string, GatewayOp, unknown][] = [
    ["panel (reporting ben's event as deleted)", 'panel', { facts: [{ eventId: 'ben-1', exists: false }] }],
    ["book ben's event", 'book', { event: BEN_EVENT, status: 'confirmed' }],
    ["cancel ben's event", 'cancel', { eventId: 'ben-1' }],
    ["reconcile ben's event as deleted", 'reconcile', { facts: [{ eventId: 'ben-1', exists: false }] }],
    ["viewer of ben's meeting", 'viewer', { eventId: 'ben-1', organizer: BEN }],
    ["viewer of ana's meeting named as ben's", 'viewer', { eventId: 'ana-1', organizer: BEN }],
    ['admin overview', 'admin', {}],
    ['install the daily job', 'dailyJob', { install: true }],
    ["answer ben's meeting as not held", 'markHeld', { eventId: 'ben-1', held: false }],
    ["support ben's goal", 'support', { eventId: 'ben-1', organizer: BEN }],
  ];

  // Expected outcome per person, in OPS order: an error code, or a check of the data returned.
  const MATRIX: [string, string, Outcome[]][] = [
    [
      "the coachee's manager",
      LEA,
      [
        ownPanel(LEA, ['manager'], []),
        'NO_ENGAGEMENT',
        'BOOKING_NOT_FOUND',
        noChange,
        role('manager'),
        nothing,
        'FORBIDDEN',
        'FORBIDDEN',
        'BOOKING_NOT_FOUND',
        role('manager'),
      ],
    ],
    [
      'another manager',
      MO,
      [
        ownPanel(MO, ['manager'], []),
        'NO_ENGAGEMENT',
        'BOOKING_NOT_FOUND',
        noChange,
        nothing,
        nothing,
        'FORBIDDEN',
        'FORBIDDEN',
        'BOOKING_NOT_FOUND',
        'FORBIDDEN',
      ],
    ],
    [
      'another coachee',
      ANA,
      [
        ownPanel(ANA, ['coachee'], ['ana-1']),
        'ALLOWANCE_USED',
        'BOOKING_NOT_FOUND',
        ok((d) => expect(d.reconciled).toEqual([])),
        nothing,
        nothing,
        'FORBIDDEN',
        'FORBIDDEN',
        'BOOKING_NOT_FOUND',
        'FORBIDDEN',
      ],
    ],
    [
      'the coach (outside the company)',
      CORA,
      [
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
        role('coach'),
        nothing,
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
      ],
    ],
    [
      'the program admin',
      HR,
      [
        ownPanel(HR, ['admin'], []),
        'NO_ENGAGEMENT',
        'BOOKING_NOT_FOUND',
        noChange,
        nothing,
        nothing,
        ok((d) => expect(d.figures.length).toBeGreaterThan(0)),
        ok((d) => expect(d.installed).toBe(true)),
        'BOOKING_NOT_FOUND',
        'FORBIDDEN',
      ],
    ],
    [
      'someone in the company outside the program',
      PAT,
      [
        ownPanel(PAT, [], []),
        'NO_ENGAGEMENT',
        'BOOKING_NOT_FOUND',
        noChange,
        nothing,
        nothing,
        'FORBIDDEN',
        'FORBIDDEN',
        'BOOKING_NOT_FOUND',
        'FORBIDDEN',
      ],
    ],
    [
      'someone from another company',
      EVE,
      [
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
      ],
    ],
  ];

  const cases = MATRIX.flatMap(([who, email, outcomes]) =>
    OPS.map(([what, op, args], i) => [who, what, email, op, args, outcomes[i]!] as const),
  );

  test.each(cases)('%s → %s', async (_who, _what, email, op, args, expected) => {
    const { res } = await h.call(email, op, args);
    if (typeof expected === 'string') {
      expect(res.ok ? 'ok' : res.error.code).toBe(expected);
    } else {
      expect(res.ok ? 'ok' : res.error.code).toBe('ok');
      if (res.ok) expected(res.data);
    }
    // Whatever they asked, the Ledger is exactly as the two coachees left it.
    expect(ledger()).toEqual(BEFORE);
  });

  test('the coachee themself: sees and changes their own booking (and only theirs)', async () => {
    const panel = await h.call(BEN, 'panel', {});
    expect(panel.res.ok && panel.res.data.bookings.map((b: { eventId: string }) => b.eventId)).toEqual(['ben-1']);
    const view = await h.call(BEN, 'viewer', { eventId: 'ben-1', organizer: BEN });
    expect(view.res.ok && view.res.data.role).toBe('coachee');
    const admin = await h.call(BEN, 'admin', {});
    expect(!admin.res.ok && admin.res.error.code).toBe('FORBIDDEN');
    const cancel = await h.call(BEN, 'cancel', { eventId: 'ben-1' });
    expect(cancel.res.ok).toBe(true);
    expect(ledger()).toEqual([`${ANA} ana-1 confirmed`, `${BEN} ben-1 cancelled`]);
  });

  test('every operation the gateway answers is in the matrix', () => {
    expect(new Set(OPS.map(([, op]) => op))).toEqual(new Set(GATEWAY_OPS));
  });
});

describe('the usage Sheet is shared with nobody but its owner and the program admins', () => {
  test("after bookings and the admin card, the file's access list is the owner and the admins; a coachee opening it is refused", async () => {
    const h = gatewayHarness({ engagements: ENGAGEMENTS, settings: { admins: [HR, 'ops@acme.test'] } as never });
    try {
      await h.call(BEN, 'book', { event: BEN_EVENT, status: 'confirmed' });
      await h.call(HR, 'admin', {});
      const f = getFile(h.world, h.company.sheetId);
      expect(f.owner).toBe(OWNER);
      expect([...f.editors].sort()).toEqual(['hr@acme.test', 'ops@acme.test']);
      expect(f.viewers).toEqual([]);

      // The coachee (or the manager) trying the Sheet directly, with a script of their own.
      const { runtime, world } = scriptRuntime(
        [
          {
            name: 'peek',
            code: 'function peek(id) { try { return SpreadsheetApp.openById(id).getName(); } catch (e) { return "refused: " + e.message; } }',
          },
        ],
        { world: h.world },
      );
      try {
        for (const who of [BEN, LEA, CORA]) {
          const r = await runtime.execute({ project: 'peek', fn: 'peek', args: [h.company.sheetId], user: who });
          expect(r.value).toBe('refused: You do not have permission to access the requested document.');
        }
        const admin = await runtime.execute({ project: 'peek', fn: 'peek', args: [h.company.sheetId], user: HR });
        expect(admin.value).toBe(getFile(world, h.company.sheetId).name);
      } finally {
        await runtime.close();
      }
    } finally {
      await h.close();
    }
  });

  test("neither bundle can share it: no sharing call in the gateway's code, and the add-on holds no Sheets or Drive scope", () => {
    const root = join(__dirname, '../..');
    const gateway = readFileSync(join(root, 'build/gateway/Code.js'), 'utf8');
    expect(gateway).not.toMatch(/\.(addEditor|addEditors|addViewer|addViewers|setSharing|setOwner)\(/);
    const addon = JSON.parse(readFileSync(join(root, 'build/addon/appsscript.json'), 'utf8')) as {
      oauthScopes: string[];
    };
    expect(addon.oauthScopes.filter((s) => /spreadsheets|\/drive/.test(s))).toEqual([]);
    expect(readFileSync(join(root, 'build/addon/Code.js'), 'utf8')).not.toMatch(/SpreadsheetApp|DriveApp/);
  });
});
