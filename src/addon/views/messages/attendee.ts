/**
 * What the manager's and the coach's read-only panels say (views/attendee.ts): labels, headings and
 * sentences. Imported as a namespace, `ATTENDEE_TEXT`; the toolkit's own texts stay in core/toolkit.ts.
 */
export const SAVE_PREP_LABEL = 'Save privately';
/** The coach's own part of the action plan (issue 13 item 10). */
export const COACH_ACTIONS_TITLE = 'Your actions in the plan';
export const PREPARED_LABEL = "I'm prepared for this meeting";
/** The manager's support (issue 14 item 4). */
export const SUPPORT_LABEL = 'I support this goal';
export const SAVE_COMMITMENT_LABEL = 'Save what I commit to do';
export const COMMITMENT_TITLE = 'One thing I commit to do (optional)';
/** Said on the manager's panel once they confirmed. */
export const supportedText = (day: string) =>
  `You confirmed your support on ${day}. Your report sees that you did (and the date), never what you commit to do.`;
/** Said after the support button. */
export const supportNotice = (already: boolean, commitment: string) =>
  (already ? 'Saved.' : 'Thank you: your support is confirmed.') +
  (commitment ? ' What you commit to do is kept in your own account only.' : '');
export const supportAsk =
  'Once you have read the plan: do you support this goal? Your report sees that you confirmed it and when; what you commit to do stays in your own account.';
export const supportTitle = 'Your support';
/** The hint on the manager's own fields. */
export const onlyYou = 'Only you can see this';
/** The coachee cancelled: the first part is bold. */
export const cancelledBy = (coachee: string) => `${coachee} cancelled this alignment meeting.`;
export const noLongerCounts = 'It no longer counts as one.';
export const degraded =
  'The coaching program could not be reached just now, so this shows what the invitation itself says.';
export const planMissing = 'The coachee has not written the meeting plan into this event yet.';
export const planUnreadable = 'The meeting notes in this event could not be read.';
/** The plan's fields as the guests see them. */
export { goal, agenda, actionPlan, videoLink, thisMeeting } from './coachee';
export const coachRole = "Coach's role";
/** Later plan edits send no mail: when the event last changed. */
export const lastUpdated = (when: string) =>
  `Last updated ${when}. This is the current plan; later edits are not e-mailed.`;
export const managerToolkit = 'Full manager toolkit';
export const coachGuide = 'Coach guide';
export const orgToolkit = "Organisation's toolkit";
export const prepNoteTitle = 'Private preparation note';
/** Both panels' header. */
export const cardTitle = (coachee: string) => `Alignment meeting with ${coachee}`;
export const yourPart = 'Your part';
export const whatTheyWrote = (coachee: string) => `What ${coachee} wrote`;
export const beforeTitle = 'Before the meeting';
export const questionsLead = 'Some questions to think about:';
export const notForTitle = 'What this meeting is not for';
export const whenTitle = 'When these meetings happen';
export const confidentiality = 'Confidentiality';
export const justForYou = 'Just for you';
export const keptPrivate =
  'Your note and your mark are kept in your own account. Nobody else sees them: not your report, the coach or the program.';
export const lastSaved = (day: string) => `Last saved ${day}`;
export const roleTitle = 'Your agreed role';
export const roleAsked = 'Your coachee asked you to';
export const roleNotChosen = 'Your coachee has not chosen your role yet: ask them before the meeting.';
export const planTitle = 'The plan';
export const ethicsTitle = 'Ethics reminder';
export const driftTitle = 'If the conversation drifts';

/** The plan as each reader sees it (views/view-model.ts): who owns a step, in the reader's words. */
export const OWNER_WORDS = {
  coachee: { coachee: 'You', manager: 'Your manager', coach: 'Your coach', together: 'All three of you' },
  manager: { coachee: 'Your report', manager: 'You', coach: 'The coach', together: 'All three of you' },
  coach: { coachee: 'Your coachee', manager: 'The manager', coach: 'You', together: 'All three of you' },
} as const;
/** "Draft the plan — You, by 17 Mar 2026" (and " — done" once the next meeting's form marked it). */
export const actionLine = (step: string, who: string, due: string | null, done: boolean | undefined) =>
  `${step} — ${who}${due ? `, by ${due}` : ''}${done ? ' — done' : ''}`;
export const planPartlyRead =
  'Part of the meeting notes in the event description was edited by hand and could not be read; what could be read is shown.';
/** An event with an empty title. */
export const noTitle = '(no title)';
