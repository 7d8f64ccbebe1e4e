// Type-level test of the wire contract (src/core/contract.ts): never run, only type-checked (by
// tsconfig.node.json in `npm test`). Each `@ts-expect-error` line must fail the type-check; if the
// table stopped typing the handler map or the add-on's client, the directive would be unused and tsc
// would fail with TS2578. test/build/typecheck.test.ts breaks the real router and client on purpose.
import type { BookData, CancelData, PanelData } from '../../src/core/api';
import type { ArgsOf, ChangingOp, DataOf, GatewayRequest, Handlers } from '../../src/core/contract';
import { callGateway } from '../../src/addon/adapters/gateway';

interface Ctx {
  email: string;
}
declare const data: { [K in keyof Handlers<Ctx>]: DataOf<K> };

// A complete, well-typed map compiles.
export const good: Handlers<Ctx> = {
  panel: () => data.panel,
  book: (_ctx, args) => ({ ...data.book, alreadyBooked: args.status === 'pending' }),
  cancel: (_ctx, args) => ({ booking: { ...data.cancel.booking, eventId: args.eventId } }),
  reconcile: () => data.reconcile,
  viewer: () => data.viewer,
  dailyJob: (_ctx, args) => ({ ...data.dailyJob, created: args.install === true }),
  admin: () => data.admin,
  markHeld: (_ctx, args) => ({ ...data.markHeld, changed: args.held }),
  support: () => data.support,
};

// @ts-expect-error a handler is missing (reconcile)
export const missing: Handlers<Ctx> = {
  panel: () => data.panel,
  book: () => data.book,
  cancel: () => data.cancel,
  viewer: () => data.viewer,
  dailyJob: () => data.dailyJob,
  admin: () => data.admin,
  markHeld: () => data.markHeld,
  support: () => data.support,
};

declare function bookHandler(ctx: Ctx, args: ArgsOf<'book'>): BookData;
declare function cancelHandler(ctx: Ctx, args: ArgsOf<'cancel'>): CancelData;

export const wrongArgs: Handlers<Ctx> = {
  ...good,
  // @ts-expect-error cancel's handler takes book's args (cancel's have no event)
  cancel: (ctx: Ctx, args: ArgsOf<'book'>) => cancelHandler(ctx, { eventId: args.event.eventId }),
};

export const wrongAnswer: Handlers<Ctx> = {
  ...good,
  // @ts-expect-error book's handler answers what cancel answers
  book: (ctx: Ctx, args: ArgsOf<'cancel'>) => cancelHandler(ctx, args),
};

export const swapped: Handlers<Ctx> = {
  ...good,
  // @ts-expect-error the handlers of book and cancel swapped
  cancel: bookHandler,
  // @ts-expect-error the handlers of book and cancel swapped
  book: cancelHandler,
};

// A request's op and args go together.
export function argsOf(req: GatewayRequest): string | undefined {
  if (req.op === 'cancel') return req.args.eventId;
  // @ts-expect-error a panel request has no eventId in its args
  if (req.op === 'panel') return req.args.eventId;
  return undefined;
}

// The add-on's client: the op decides both the args it takes and the type it returns. Never called.
const event = { eventId: 'e1', start: '2026-03-10T10:00:00Z', end: '2026-03-10T11:00:00Z' };
export function clientCalls(): void {
  const booked: BookData = callGateway('book', { event, status: 'confirmed' });
  const panel: PanelData = callGateway('panel', {});
  callGateway('cancel', { eventId: booked.booking.eventId });
  void panel;

  // @ts-expect-error cancel takes an eventId, not an event
  callGateway('cancel', { event });
  // @ts-expect-error book needs its status
  callGateway('book', { event });
  // @ts-expect-error book's status is pending or confirmed
  callGateway('book', { event, status: 'held' });
  // @ts-expect-error no such op
  callGateway('dropTables', {});
  // @ts-expect-error cancel answers CancelData, not BookData
  const notBooked: BookData = callGateway('cancel', { eventId: 'e1' });
  void notBooked;
  // @ts-expect-error viewer's organizer is a string
  callGateway('viewer', { eventId: 'e1', organizer: 1 });
}

// The ops that change the ledger (the add-on's CHANGES is typed from this).
export const changing: ChangingOp[] = ['book', 'cancel', 'reconcile'];
// @ts-expect-error panel changes nothing
export const notChanging: ChangingOp = 'panel';
