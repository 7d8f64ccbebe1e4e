/**
 * Cards that are not about one meeting: what the add-on is for, the neutral card for people with no
 * part in a meeting, the toolkit, and errors.
 */
import type { CcmError } from '../../core/errors';
import { BUILD_VERSION, HEALTH_OK, healthMessage } from '../../core/health';
import type { ConnectionCheck } from '../connection';
import { MEETING_DEFINITION, CONFIDENTIALITY_PROMISE, type ToolkitDocument } from '../../core/toolkit';
import { ADDON_NAME, type ActionKey } from './names';
import {
  bullets,
  button,
  buttons,
  card,
  labeled,
  linkAllowed,
  linkButton,
  numbered,
  paragraph,
  present,
  section,
} from './ui';

export const ABOUT_LINES = [
  'CCM Alignment helps a coachee, their manager and their coach hold a Coach-Coachee-Manager alignment meeting: a short meeting to agree on a development goal that serves the company, and on how the manager will support it.',
  'Coachees: create an event in Google Calendar, open this panel, add your manager, coach and the toolkit, save, then write your goal, agenda and action plan and confirm.',
  'Managers and coaches: open the invitation (in Calendar or Gmail) to see the plan, your part in it, and how to prepare.',
];

/** "What this add-on is for", optionally led by a sentence about why it shows up here. */
export function aboutCard(note?: string | null, opts: { recheck?: boolean } = {}): GoogleAppsScript.Card_Service.Card {
  // `recheck`: on the organizer's own event, a coachee just added to the program asks again at once.
  const recheck = opts.recheck ? buttons([button('I am a coachee: check again', 'retry', { force: '1' })]) : null;
  return card(ADDON_NAME, 'Coach-Coachee-Manager alignment meetings', [
    note || recheck ? section(null, present([note ? paragraph(note) : null, recheck])) : null,
    section('What this add-on is for', [
      paragraph(ABOUT_LINES[0]!),
      paragraph(ABOUT_LINES[1]!),
      paragraph(ABOUT_LINES[2]!),
    ]),
    section('Good to know', [paragraph(MEETING_DEFINITION), paragraph(CONFIDENTIALITY_PROMISE)]),
    section(
      null,
      present([
        buttons([
          button('Manager toolkit', 'showToolkit', { doc: 'manager' }),
          button('Check connection', 'checkConnection'),
        ]),
      ]),
    ),
  ]);
}

/** The deployment check's outcome: what to fix, in the catalogue's words, and the setup details. */
export function connectionCard(check: ConnectionCheck): GoogleAppsScript.Card_Service.Card {
  const verdict =
    check.problems.length === 0
      ? section(null, [paragraph(HEALTH_OK)])
      : section('What needs fixing', [paragraph(bullets(check.problems.map(healthMessage)))]);
  return card(
    'Connection check',
    null,
    [
      verdict,
      section(
        'Setup details',
        present([
          labeled("This add-on's OAuth client id (the gateway's ADDON_CLIENT_ID)", check.clientId ?? 'not available'),
          labeled('Add-on version', BUILD_VERSION),
          check.report ? labeled('Gateway version', check.report.version) : null,
        ]),
      ),
      section(null, present([buttons([button('Check again', 'checkConnection')])])),
    ],
    { name: 'connection' },
  );
}

/**
 * For anyone with no part in a meeting (an attendee who is neither its manager nor its coach, a
 * forwarded invitation): nothing about the program, the allowance or the meeting's content.
 */
export function neutralCard(): GoogleAppsScript.Card_Service.Card {
  return card(ADDON_NAME, null, [
    section(null, [paragraph('There is nothing for you to do in this panel for this event.')]),
  ]);
}

/** A toolkit document as a card; long sections fold so the card stays readable in Gmail. */
export function toolkitCard(doc: ToolkitDocument, toolkitUrl?: string | null): GoogleAppsScript.Card_Service.Card {
  const sections = doc.sections.map((s) => {
    const list =
      s.bullets && s.bullets.length > 0 ? paragraph(s.numbered ? numbered(s.bullets) : bullets(s.bullets)) : null;
    const widgets = present([...(s.paragraphs ?? []).map((p) => paragraph(p)), list]);
    return section(s.heading, widgets, { collapsible: true, visible: 1 });
  });
  const link = linkAllowed(toolkitUrl)
    ? section(null, present([buttons([linkButton("Open your organisation's toolkit", toolkitUrl)])]))
    : null;
  return card(doc.title, null, [section(null, [paragraph(doc.summary)]), ...sections, link], {
    name: `toolkit-${doc.id}`,
  });
}

/** A card for a failure: the person-facing message, and a retry button when retrying can help. */
export function errorCard(
  err: CcmError,
  retry?: { fn: ActionKey; params?: Record<string, string> },
): GoogleAppsScript.Card_Service.Card {
  const title = err.retryable ? 'Please try again' : ADDON_NAME;
  return card(title, null, [
    section(
      null,
      present([
        paragraph(err.message),
        err.retryable && retry ? buttons([button('Try again', retry.fn, retry.params ?? {})]) : null,
      ]),
    ),
  ]);
}
