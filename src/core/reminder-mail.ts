/**
 * Every word of the daily job's e-mails (rules in reminders.ts). Plain text plus a simple HTML
 * version of the same words. DESIGN rule 12: no agenda, goal, action-plan or note text ever goes in:
 * the inputs below are names, dates, links and counts only, so there is no way to pass plan text in.
 */
import { escapeHtml } from './html';

export interface MailContent {
  subject: string;
  body: string;
  htmlBody: string;
}

/** The sender's display name. */
export const MAIL_SENDER_NAME = 'CCM alignment meetings';

const FOOTER = 'This reminder comes from your coaching program. Your program admin can switch it off.';

/** The Google Calendar link to an event ("eid" = base64url of "<eventId> <calendar email>"). */
export function eventLink(eventId: string, calendarEmail: string): string {
  return `https://www.google.com/calendar/event?eid=${base64Url(`${eventId} ${calendarEmail}`)}`;
}

function base64Url(text: string): string {
  // Core has no Buffer or Utilities: a small encoder over the UTF-8 bytes (encodeURIComponent's).
  const bytes: number[] = [];
  const escaped = encodeURIComponent(text);
  for (let i = 0; i < escaped.length; i++) {
    if (escaped[i] === '%') {
      bytes.push(parseInt(escaped.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(escaped.charCodeAt(i));
  }
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    out += abc[a >> 2]! + abc[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    if (b !== undefined) out += abc[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    if (c !== undefined) out += abc[c & 63]!;
  }
  return out;
}

/** Paragraphs (and optional links) into the text and HTML bodies. */
function compose(subject: string, paragraphs: string[], links: { label: string; url: string }[]): MailContent {
  const text = [...paragraphs, ...links.map((l) => `${l.label}: ${l.url}`), FOOTER].join('\n\n');
  const html =
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
    links.map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`).join('') +
    `<p style="color:#5f6368;font-size:12px">${escapeHtml(FOOTER)}</p>`;
  return { subject, body: text, htmlBody: html };
}

export function managerPrepMail(input: {
  coacheeName: string;
  when: string;
  eventUrl: string;
  toolkitUrl?: string;
}): MailContent {
  const links = [{ label: 'Open the meeting', url: input.eventUrl }];
  if (input.toolkitUrl) links.push({ label: 'The manager toolkit', url: input.toolkitUrl });
  return compose(
    `Coming up: alignment meeting with ${input.coacheeName} on ${input.when}`,
    [
      `${input.coacheeName} has invited you and their coach to a CCM alignment meeting on ${input.when}.`,
      'To prepare: open the meeting in Google Calendar and, with the CCM add-on, read the goal and action plan your report wrote. ' +
        'Think about how the goal connects with what your team and the company need, what support you can offer, and how you will help your report follow through.',
      'The meeting is about alignment, not a coaching session: nothing from the coaching sessions is discussed.',
    ],
    links,
  );
}

export function coacheePlanMail(input: { when: string; eventUrl: string }): MailContent {
  return compose(
    `Your alignment meeting on ${input.when}: add your action plan`,
    [
      `Your CCM alignment meeting is on ${input.when}, and its action plan is still empty.`,
      'Open the meeting in Google Calendar and use the CCM add-on to write the steps you want to agree with your manager and coach, so they can prepare.',
    ],
    [{ label: 'Open the meeting', url: input.eventUrl }],
  );
}

export function milestoneOpenMail(input: { label: string; windowLabel: string; quarterly: boolean }): MailContent {
  const first = input.quarterly
    ? `A new quarter has started: your ${input.label} meeting can be booked now (${input.windowLabel}).`
    : `It is time for your ${input.label.toLowerCase()}: the recommended window is ${input.windowLabel}, and nothing is booked yet.`;
  return compose(
    input.quarterly ? `Book your ${input.label} meeting` : `Time to book your ${input.label.toLowerCase()}`,
    [
      first,
      'Open the CCM add-on in Google Calendar (no event open): "Find a time" suggests slots when you, your manager and your coach are free.',
    ],
    [{ label: 'Open Google Calendar', url: 'https://calendar.google.com/' }],
  );
}

export interface DigestLine {
  name: string;
  company: string;
  overdue: boolean;
}

export function adminDigestMail(input: { weekOf: string; lines: DigestLine[]; sheetUrl?: string }): MailContent {
  const overdue = input.lines.filter((l) => l.overdue);
  const due = input.lines.filter((l) => !l.overdue);
  const list = (ls: DigestLine[]) => ls.map((l) => `- ${l.name} (${l.company})`).join('\n');
  const paragraphs = [
    `Week of ${input.weekOf}: ${overdue.length} coachee(s) overdue and ${due.length} due an alignment meeting.`,
  ];
  if (overdue.length) paragraphs.push(`Overdue:\n${list(overdue)}`);
  if (due.length) paragraphs.push(`Due:\n${list(due)}`);
  if (!input.lines.length) paragraphs.push('Nobody is due or overdue this week.');
  const links = input.sheetUrl ? [{ label: 'The usage Sheet', url: input.sheetUrl }] : [];
  const mail = compose(`CCM weekly digest: ${overdue.length} overdue, ${due.length} due`, paragraphs, links);
  // Line breaks inside a paragraph show in the HTML too.
  return { ...mail, htmlBody: mail.htmlBody.replace(/\n/g, '<br>') };
}
