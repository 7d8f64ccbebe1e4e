// The Calendar fault hook (setCalendarFault): a script sees exactly the exception Google's advanced
// service raises for that status (name, message, e.details {code, message, errors[0].reason}), only
// for the method, event and user it was armed for, only `times` times, and nothing is changed.
import { scriptRuntime } from './helpers';
import { clearCalendarFaults, createEvent, getCopy, setCalendarFault } from '../../src/local/runtime/backends/calendar';

const CODE = `
function call(svc, method, args) {
  try { return { ok: true, value: Calendar[svc][method].apply(null, args) }; }
  catch (e) { return { ok: false, name: e.name, message: e.message, details: e.details || null }; }
}
`;
const ANA = 'ana@acme.test';
const MO = 'mo@acme.test';

type Reply = { ok: boolean; value?: any; name?: string; message?: string; details?: any };

describe('Calendar fault injection', () => {
  const { world, runtime } = scriptRuntime([{ name: 'p', code: CODE }]);
  world.addUser({ email: ANA, name: 'Ana', domain: 'acme.test', timeZone: 'Europe/Paris' });
  world.addUser({ email: MO, name: 'Mo', domain: 'acme.test', timeZone: 'Europe/Paris' });
  const ev = createEvent(world, ANA, {
    summary: 'Alignment',
    start: '2026-03-03T11:00:00+01:00',
    end: '2026-03-03T12:00:00+01:00',
    attendees: [MO],
  });
  afterAll(() => runtime.close());
  afterEach(() => clearCalendarFaults(runtime));

  const call = async (user: string, svc: string, method: string, args: unknown[]): Promise<Reply> => {
    const r = await runtime.execute({ project: 'p', fn: 'call', args: [svc, method, args], user });
    expect(r.ok).toBe(true);
    return r.value as Reply;
  };
  const patch = (user = ANA, description = 'new') =>
    call(user, 'Events', 'patch', [{ description }, 'primary', ev.id, {}]);

  test.each([
    [412, 'conditionNotMet', 'Precondition Failed', 'global'],
    [403, 'rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits'],
    [404, 'notFound', 'Not Found', 'global'],
    [429, 'rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits'],
    [503, 'backendError', 'Service Unavailable', 'global'],
  ] as const)(
    "%i: the advanced service's exception with Google's error body; nothing is written",
    async (code, reason, message, domain) => {
      setCalendarFault(runtime, 'Calendar.Events.patch', { code });
      const r = await patch();
      expect(r).toMatchObject({
        ok: false,
        name: 'GoogleJsonResponseException',
        message: `API call to calendar.events.patch failed with error: ${message}`,
      });
      expect(r.details).toEqual({ code, message, errors: [{ domain, reason, message }] });
      expect((getCopy(world, ANA, ev.id) as any).description ?? '').toBe('');
    },
  );

  test('a 403 can also be the organizer-only refusal (reason chosen by the test)', async () => {
    setCalendarFault(runtime, 'Calendar.Events.patch', {
      code: 403,
      reason: 'forbiddenForNonOrganizer',
      message: 'Forbidden',
    });
    expect((await patch()).details).toMatchObject({ code: 403, errors: [{ reason: 'forbiddenForNonOrganizer' }] });
  });

  test('`times`: fails that many times, then the call goes through', async () => {
    setCalendarFault(runtime, 'Calendar.Events.patch', { code: 412, times: 2 });
    expect((await patch()).ok).toBe(false);
    expect((await patch()).ok).toBe(false);
    const third = await patch(ANA, 'third time');
    expect(third.ok).toBe(true);
    expect((getCopy(world, ANA, ev.id) as any).description).toBe('third time');
  });

  test("only the method, event and user it was armed for; '*' arms every Calendar call", async () => {
    setCalendarFault(runtime, 'Calendar.Events.get', { code: 429, user: MO });
    expect((await call(ANA, 'Events', 'get', ['primary', ev.id])).ok).toBe(true);
    expect((await call(MO, 'Events', 'get', ['primary', ev.id])).details.code).toBe(429);
    expect((await call(MO, 'Events', 'list', ['primary', {}])).ok).toBe(true);
    clearCalendarFaults(runtime);
    setCalendarFault(runtime, 'Calendar.Events.get', { code: 404, eventId: 'someone-else' });
    expect((await call(ANA, 'Events', 'get', ['primary', ev.id])).ok).toBe(true);
    setCalendarFault(runtime, '*', { code: 500 });
    expect((await call(ANA, 'Events', 'list', ['primary', {}])).details).toMatchObject({
      code: 500,
      errors: [{ reason: 'backendError' }],
    });
    expect((await call(ANA, 'Events', 'remove', ['primary', ev.id])).message).toBe(
      'API call to calendar.events.delete failed with error: Backend Error',
    );
    expect(getCopy(world, ANA, ev.id)!.status).not.toBe('cancelled');
  });

  test('a failed call still counts as a service call (the benchmark sees retries)', async () => {
    setCalendarFault(runtime, 'Calendar.Events.patch', { code: 503, times: 1 });
    const r = await runtime.execute({
      project: 'p',
      fn: 'call',
      args: ['Events', 'patch', [{ description: 'x' }, 'primary', ev.id, {}]],
      user: ANA,
    });
    expect(r.counters.serviceCalls['Calendar.Events.patch']).toBe(1);
  });

  test('`lostAnswer`: the insert takes effect (event, invitation) but the caller sees the error', async () => {
    setCalendarFault(runtime, 'Calendar.Events.insert', { code: 503, times: 1, lostAnswer: true });
    const resource = {
      id: 'ccmlost0001',
      summary: 'Lost answer',
      start: { dateTime: '2026-03-04T11:00:00+01:00' },
      end: { dateTime: '2026-03-04T12:00:00+01:00' },
      attendees: [{ email: MO }],
    };
    const r = await call(ANA, 'Events', 'insert', [resource, 'primary', { sendUpdates: 'all' }]);
    expect(r).toMatchObject({ ok: false, name: 'GoogleJsonResponseException' });
    expect(r.details.code).toBe(503);
    expect(getCopy(world, ANA, 'ccmlost0001')).toMatchObject({ summary: 'Lost answer', status: 'confirmed' });
    expect(getCopy(world, MO, 'ccmlost0001')).toBeTruthy();
    // Pressed again: the event is there, so Calendar says 409 duplicate (the fault was used up).
    const again = await call(ANA, 'Events', 'insert', [resource, 'primary', {}]);
    expect(again.details.code).toBe(409);
  });

  test('an unknown method name is refused loudly', () => {
    expect(() => setCalendarFault(runtime, 'Calendar.Events.move', { code: 500 })).toThrow(
      /no Calendar method Calendar\.Events\.move/,
    );
  });
});
