/**
 * Cards that are not about one meeting: what the add-on is for, the neutral card for people with no
 * part in a meeting, the toolkit, and errors.
 */
import type { CcmError } from '../../core/errors';
import { BUILD_VERSION, HEALTH_OK, healthMessage } from '../../core/health';
import type { ConnectionCheck } from '../connection';
import { MEETING_DEFINITION, CONFIDENTIALITY_PROMISE, type ToolkitDocument } from '../../core/toolkit';
import { ADDON_NAME, type ActionKey } from './names';
import * as INFO_TEXT from './messages/info';
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

export { ABOUT_LINES } from './messages/info';

/** "What this add-on is for", optionally led by a sentence about why it shows up here. */
export function aboutCard(note?: string | null, opts: { recheck?: boolean } = {}): GoogleAppsScript.Card_Service.Card {
  // `recheck`: on the organizer's own event, a coachee just added to the program asks again at once.
  const recheck = opts.recheck ? buttons([button(INFO_TEXT.recheck, 'retry', { force: '1' })]) : null;
  return card(ADDON_NAME, INFO_TEXT.aboutSubtitle, [
    note || recheck ? section(null, present([note ? paragraph(note) : null, recheck])) : null,
    section(INFO_TEXT.aboutTitle, [
      paragraph(INFO_TEXT.ABOUT_LINES[0]!),
      paragraph(INFO_TEXT.ABOUT_LINES[1]!),
      paragraph(INFO_TEXT.ABOUT_LINES[2]!),
    ]),
    section(INFO_TEXT.goodToKnow, [paragraph(MEETING_DEFINITION), paragraph(CONFIDENTIALITY_PROMISE)]),
    section(
      null,
      present([
        buttons([
          button(INFO_TEXT.managerToolkit, 'showToolkit', { doc: 'manager' }),
          button(INFO_TEXT.checkConnection, 'checkConnection'),
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
      : section(INFO_TEXT.needsFixing, [paragraph(bullets(check.problems.map(healthMessage)))]);
  return card(
    INFO_TEXT.connectionTitle,
    null,
    [
      verdict,
      section(
        INFO_TEXT.setupDetails,
        present([
          labeled(INFO_TEXT.clientId, check.clientId ?? INFO_TEXT.notAvailable),
          labeled(INFO_TEXT.addonVersion, BUILD_VERSION),
          check.report ? labeled(INFO_TEXT.gatewayVersion, check.report.version) : null,
        ]),
      ),
      section(null, present([buttons([button(INFO_TEXT.checkAgain, 'checkConnection')])])),
    ],
    { name: 'connection' },
  );
}

/**
 * For anyone with no part in a meeting (an attendee who is neither its manager nor its coach, a
 * forwarded invitation): nothing about the program, the allowance or the meeting's content.
 */
export function neutralCard(): GoogleAppsScript.Card_Service.Card {
  return card(ADDON_NAME, null, [section(null, [paragraph(INFO_TEXT.nothingToDo)])]);
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
    ? section(null, present([buttons([linkButton(INFO_TEXT.orgToolkit, toolkitUrl)])]))
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
  const title = err.retryable ? INFO_TEXT.tryAgainTitle : ADDON_NAME;
  return card(title, null, [
    section(
      null,
      present([
        paragraph(err.message),
        err.retryable && retry ? buttons([button(INFO_TEXT.tryAgain, retry.fn, retry.params ?? {})]) : null,
      ]),
    ),
  ]);
}
