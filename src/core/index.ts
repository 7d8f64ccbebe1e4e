/**
 * src/core: the pure domain of the CCM alignment add-on, shared by the add-on, the gateway and the
 * local tools. No Apps Script or Node globals (checked by tsconfig.json).
 *
 * Where each DESIGN.md product rule lives:
 *   1 allowance per quarter, quarter bases, month clamping ... quarters.ts, allowance.ts (bookingQuarter: a booking's
 *     quarter from its date under the current settings; overAllowance after an admin's edit), time.ts
 *   2 inside the engagement .................................. allowance.ts (decideAllowance)
 *   3 program shapes, milestones, timing warnings ............ allowance.ts (nextMilestoneWithRoom: the next one
 *     with room, for the homepage, find-a-time and the schedule form)
 *   4 counts as a coaching session ........................... ledger.ts (countsAsSession), usage.ts
 *   5 the coachee drives; others read-only ................... roles.ts (callerRoles, meetingRole), meeting.ts,
 *                                                               description.ts
 *   6 about 60 minutes ....................................... allowance.ts (MIN/MAX_RECOMMENDED_MINUTES)
 *   7 not for conflicts, PIPs, reorganisations .............. guardrails.ts, toolkit.ts; review.ts (before booking)
 *   8 confidentiality, metadata-only ledger ................. ledger.ts, toolkit.ts (CONFIDENTIALITY_PROMISE)
 *   9 cancel gives back, move moves, never double counted ... booking.ts (bookStep, planReconcile,
 *     a meeting that took place stays counted ............... checkCancellable), ledger.ts
 *                                                               (statuses, expiry), allowance.ts
 *     held or not (asked after the end, presumed 7 days later) . held.ts (a held meeting is never given back)
 *     the Usage figures of each company and quarter ........... usage.ts (contributions, deriveFigures)
 *     the outcome figures (held, manager support, days to the first meeting, wrap-ups missed) outcomes.ts
 *     the usage Sheet's size (Audit and Reminders kept, the 10,000,000-cell warning) . capacity.ts
 *  10 recurring events refused ............................... errors.ts (RECURRING_EVENT; the add-on detects series)
 *  12 the action plan carried forward ....................... carry.ts (carryForward, applyCarry), description.ts
 *     (DONE_MARK, markStepsDone)
 *
 * Outside core: the add-on's cards are in src/addon/views/ (one module per area), the sentences its flows
 * say in src/addon/views/messages/ (one module per area); error sentences are errors.ts's codes.
 *
 * API notes for other modules (differences from the original brief):
 * - The allowance function is `decideAllowance(request)`; `allowanceStatus(engagement, settings, nowMs, bookings)`.
 * - Problems are `{field, message}` everywhere (validation.ts); engagement list problems add `row`.
 * - Company settings use the scenario's key `quarters` for the quarter basis.
 * - No zod in src/core: it would cost the add-on ~20 KB of its 150 KB budget. Schemas here use the
 *   few combinators of check.ts (object, string, number, boolean, oneOf, optional, array, refine,
 *   min/maxLength), which give the problems zod/mini gave, issue for issue. The gateway's requests
 *   are checked with them too (contract.ts), so neither Apps Script bundle carries zod.
 * - The gateway wire contract is ONE table, contract.ts: per op its args schema (the args types are
 *   inferred from it; EventRef and CalendarFact are defined there only), its answer type (api.ts's
 *   interfaces), and its flags. The gateway's validation, the router's handler map and the add-on's
 *   client derive from it (how to add an op: its top comment). Neither file is re-exported here.
 */
export * from './time';
export * from './quarters';
export * from './email';
export * from './text';
export * from './html';
export * from './validation';
export * from './errors';
export * from './engagement';
export * from './guardrails';
export * from './meeting';
export * from './description';
export * from './allowance';
export * from './ledger';
export * from './booking';
export * from './held';
export * from './usage';
export * from './outcomes';
export { callerRoles, meetingRole, type CallerRolesInput, type MeetingRole } from './roles';
export * from './toolkit';
export * from './review';
