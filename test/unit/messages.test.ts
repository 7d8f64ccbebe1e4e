// The add-on's person-facing sentences, each checked once, here where its module defines it
// (src/addon/views/messages/): the flow tests assert codes and facts and name these messages.
import * as COACHEE_TEXT from '../../src/addon/views/messages/coachee';
import { GMAIL_TEXT } from '../../src/addon/views/messages/gmail';
import * as SCHEDULE_TEXT from '../../src/addon/views/messages/schedule';
import { checkedTitle } from '../../src/addon/views/schedule';

test('scheduling from the homepage: the outcome, the find-a-time lead and whose calendars were checked', () => {
  expect(SCHEDULE_TEXT.scheduled).toBe('Scheduled: your manager and coach are invited.');
  expect(SCHEDULE_TEXT.alreadyScheduled).toBe('Already scheduled: nothing was counted again.');
  expect(SCHEDULE_TEXT.findLead('Initial meeting', '12 Feb – 11 Mar 2026', false)).toMatch(
    /^Next: Initial meeting, recommended 12 Feb – 11 Mar 2026\. Find 60-minute times/,
  );
  expect(SCHEDULE_TEXT.findLead('Wrap-up', '1 – 30 Jun 2026', true)).toMatch(
    /^Next: Wrap-up\. Its recommended time \(1 – 30 Jun 2026\) has passed, so the next weeks are proposed instead\./,
  );
  expect(checkedTitle(['mo@acme.test', 'cora@coaches.test'])).toBe(
    'Times when you, mo@acme.test and cora@coaches.test are free',
  );
  expect(checkedTitle(['mo@acme.test'])).toBe('Times when you and mo@acme.test are free');
});

test('the coachee panel: notes not written yet, written after a retry, and a form’s problems', () => {
  expect(COACHEE_TEXT.notesMissing).toMatch(/booked, but its notes are not in the event yet/);
  const notWritten = COACHEE_TEXT.notesNotWritten('the event was being changed');
  expect(notWritten).toMatch(
    /^Your alignment meeting is booked, but the meeting notes could not be written to the event/,
  );
  expect(notWritten).toContain('(the event was being changed)');
  expect(notWritten).toMatch(/Press Confirm again: it is safe, nothing is counted twice\.$/);
  expect(COACHEE_TEXT.updated).toMatch(/nothing was counted again/);
  expect(COACHEE_TEXT.confirmed('This meeting counts as Q1.')).toBe('Confirmed. This meeting counts as Q1.');
  const four = ['a.', 'b.', 'c.', 'd.'].map((message) => ({ message }));
  expect(COACHEE_TEXT.fixProblems(four)).toBe('Please fix: a. b. c. (and 1 more)');
});

test('the Gmail host’s short cards', () => {
  expect(GMAIL_TEXT.ordinary).toMatch(/^Open the invitation to a CCM alignment meeting/);
  expect(GMAIL_TEXT.cancelled).toBe('This event was cancelled by its organizer.');
});
