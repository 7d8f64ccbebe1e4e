/**
 * The CCM block in the Calendar event's description: how the manager and coach (and the coachee
 * later) read the agenda and action plan. Rendered by the add-on after the event is saved, merged
 * between markers so the organizer's own text before and after it is never touched (DESIGN rule 5,
 * architecture "two-phase event flow").
 *
 * Marker choice: Calendar's description holds limited HTML and its editor rewrites it (newlines
 * become <br> or <p>/<div>, spaces can become &nbsp;, HTML comments do not survive). So the markers
 * are plain visible text lines, short and unobtrusive:
 *     ── CCM alignment meeting ──
 *     ...
 *     ── end of CCM alignment meeting ──
 * They are recognised only as WHOLE lines (after tags and entities are undone, dashes of any kind),
 * and every line carrying user text starts with a fixed label ("Goal: ", "1. ", "- "), so no user
 * text can ever pose as a marker.
 *
 * Encoding: lines joined with "\n" (or "<br>" when the existing description is already HTML, so the
 * block matches how Calendar will show it). All text is HTML-escaped: no user markup survives.
 * parseBlock accepts "\n", "<br>", <p> and <div> line breaks, inline tags and entities.
 */
import {
  COACH_ROLE_INFO,
  COACH_ROLES,
  CoachRole,
  ActionItem,
  Meeting,
  Owner,
  parseMeetingForm,
  sameStep,
} from './meeting';
import { escapeHtml, htmlToText } from './html';
import { MEETING_DEFINITION, NO_RECORDING } from './toolkit';

export const BLOCK_START = '── CCM alignment meeting ──';
export const BLOCK_END = '── end of CCM alignment meeting ──';

/**
 * Shared extended property written on the event next to the block, so every attendee's copy is
 * recognised as a CCM meeting (keys must stay under 44 characters). A marker only: attendees can
 * edit shared properties, so the ledger stays the source of truth.
 */
export const SHARED_MARKER_KEY = 'ccmAlignment';
export const SHARED_MARKER_VALUE = '1';
export const SHARED_BOOKING_KEY = 'ccmBookingId';

export const BLOCK_INTRO = MEETING_DEFINITION;
/** Intro lines earlier versions wrote: still read as part of the block in existing events. */
const OLD_INTROS: readonly string[] = [
  'This is an alignment meeting between the coachee, their manager and their coach. It is not a coaching session.',
];
const isIntro = (text: string) => text === BLOCK_INTRO || OLD_INTROS.includes(text);
// One line (the parser knows the block's lines by their labels): the promise, then no recording.
export const BLOCK_CONFIDENTIALITY = `Confidentiality: nothing from the coachee\u2019s coaching sessions is discussed, asked for or shared in this meeting, and the coach will not share anything from those sessions before, during or after it. ${NO_RECORDING}`;

const LABEL = {
  milestone: 'Milestone:',
  coachee: 'Coachee:',
  manager: 'Manager:',
  coach: 'Coach:',
  goal: 'Goal:',
  agenda: 'Agenda:',
  actionPlan: 'Action plan:',
  noActions: 'Action plan: none yet',
  role: 'Coach\u2019s role:',
  video: 'Video link:',
  coachVideo: 'Video link (coach\u2019s room):',
  toolkit: 'Manager toolkit:',
  confidentiality: 'Confidentiality:',
} as const;

export interface BlockContext {
  coachee?: string;
  manager?: string;
  coach?: string;
  /** e.g. "Initial meeting" or "Quarter 2 alignment" */
  milestoneLabel?: string;
  /** The coach's link, shown when the coachee kept the default. */
  coachVideoLink?: string;
  toolkitUrl?: string;
}

export interface RenderOptions {
  /** Join lines with "<br>" instead of "\n". */
  html?: boolean;
}

/**
 * Marks a step done, at the end of the step's own line: "- Weekly check-in (owner: coachee, due
 * 2026-04-01, done)". Inside the parentheses the add-on writes (the last ones on the line), so no
 * text the coachee typed can pose as it, and plain ASCII, so Calendar's round trip keeps it.
 */
export const DONE_MARK = 'done';

/** One action-plan line of the block (plain text). */
export function actionLine(a: ActionItem): string {
  return `- ${a.step} (owner: ${a.owner}${a.due ? `, due ${a.due}` : ''}${a.done ? `, ${DONE_MARK}` : ''})`;
}

/** The block's lines as plain (unescaped) text, marker to marker. */
export function blockLines(meeting: Meeting, context: BlockContext = {}): string[] {
  const lines: string[] = [BLOCK_START, BLOCK_INTRO];
  if (context.milestoneLabel) lines.push(`${LABEL.milestone} ${context.milestoneLabel}`);
  if (context.coachee) lines.push(`${LABEL.coachee} ${context.coachee}`);
  if (context.manager) lines.push(`${LABEL.manager} ${context.manager}`);
  if (context.coach) lines.push(`${LABEL.coach} ${context.coach}`);
  lines.push(`${LABEL.goal} ${meeting.goal}`);
  lines.push(LABEL.agenda);
  meeting.agenda.forEach((item, i) => lines.push(`${i + 1}. ${item}`));
  if (meeting.actionPlan.length === 0) lines.push(LABEL.noActions);
  else {
    lines.push(LABEL.actionPlan);
    for (const a of meeting.actionPlan) lines.push(actionLine(a));
  }
  const role = COACH_ROLE_INFO[meeting.coachRole];
  lines.push(`${LABEL.role} ${role.label}. ${role.description}`);
  if (meeting.videoLink) lines.push(`${LABEL.video} ${meeting.videoLink}`);
  else if (context.coachVideoLink) lines.push(`${LABEL.coachVideo} ${context.coachVideoLink}`);
  if (context.toolkitUrl) lines.push(`${LABEL.toolkit} ${context.toolkitUrl}`);
  lines.push(BLOCK_CONFIDENTIALITY);
  lines.push(BLOCK_END);
  return lines;
}

/** The block, HTML-escaped, from start marker to end marker (no separator around it). */
export function renderBlock(meeting: Meeting, context: BlockContext = {}, options: RenderOptions = {}): string {
  return blockLines(meeting, context)
    .map(escapeHtml)
    .join(options.html ? '<br>' : '\n');
}

// ---------------------------------------------------------------------------------------------
// Finding blocks in a description

interface RawLine {
  /** Raw index range of the line's content (line-break tokens excluded). */
  start: number;
  end: number;
  /** The line as text: tags dropped, entities decoded, spaces collapsed, trimmed. */
  text: string;
}

const LINE_BREAK = /\r\n|\n|\r|<br\s*\/?>|<\/?(?:p|div)(?:\s[^<>]*)?>/gi;

function scanLines(raw: string): RawLine[] {
  const lines: RawLine[] = [];
  let last = 0;
  for (const m of raw.matchAll(LINE_BREAK)) {
    lines.push({ start: last, end: m.index, text: lineText(raw.slice(last, m.index)) });
    last = m.index + m[0].length;
  }
  lines.push({ start: last, end: raw.length, text: lineText(raw.slice(last)) });
  return lines;
}

function lineText(segment: string): string {
  return htmlToText(segment).replace(/\s+/g, ' ').trim();
}

const DASHES = '[\\-\u2010-\u2015\u2500-\u2501\u2212=_~]{2,}';
const START_LINE = new RegExp(`^${DASHES}\\s*CCM alignment meeting\\s*${DASHES}$`, 'i');
const END_LINE = new RegExp(`^${DASHES}\\s*end of CCM alignment meeting\\s*${DASHES}$`, 'i');

/** Whether a (hand-edited) line still looks like part of our block; used when the end marker is gone. */
function looksLikeBlockLine(text: string): boolean {
  if (text === '' || isIntro(text)) return true;
  if (/^\d{1,3}[.)]\s/.test(text) || /^[-•*]\s/.test(text)) return true;
  return Object.values(LABEL).some((label) => text.startsWith(label)) || text.startsWith("Coach's role:");
}

interface BlockSpan {
  /** Raw indexes: [start, end) covers the start marker through the end marker. */
  start: number;
  end: number;
  lines: string[];
  terminated: boolean;
}

// Inline tags and spaces at the edges of a marker line (e.g. Calendar's <html-blob> wrapper, or <b>)
// belong to the surrounding text: the span starts and ends at the marker text itself.
function leadingTagsLength(segment: string): number {
  return /^(?:\s|<[^<>]*>)*/.exec(segment)![0].length;
}
function trailingTagsLength(segment: string): number {
  // A backwards scan, linear in the segment (a `(...)*$` regex can go quadratic on stray "<").
  let end = segment.length;
  while (end > 0) {
    const ch = segment[end - 1]!;
    if (/\s/.test(ch)) {
      end--;
    } else if (ch === '>') {
      const open = segment.lastIndexOf('<', end - 1);
      if (open < 0 || segment.slice(open + 1, end - 1).includes('>')) break;
      end = open;
    } else {
      break;
    }
  }
  return segment.length - end;
}

function spanStart(raw: string, line: RawLine): number {
  return line.start + leadingTagsLength(raw.slice(line.start, line.end));
}
function spanEnd(raw: string, line: RawLine): number {
  return line.end - trailingTagsLength(raw.slice(line.start, line.end));
}

function findBlocks(raw: string): BlockSpan[] {
  const lines = scanLines(raw);
  const spans: BlockSpan[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!START_LINE.test(lines[i]!.text)) {
      i++;
      continue;
    }
    const first = i;
    let j = i + 1;
    while (j < lines.length && !END_LINE.test(lines[j]!.text) && !START_LINE.test(lines[j]!.text)) j++;
    if (j < lines.length && END_LINE.test(lines[j]!.text)) {
      spans.push({
        start: spanStart(raw, lines[first]!),
        end: spanEnd(raw, lines[j]!),
        lines: lines.slice(first + 1, j).map((l) => l.text),
        terminated: true,
      });
      i = j + 1;
      continue;
    }
    // No end marker (typed, pasted, edited away or cut by Calendar): for READING only, the block runs
    // over the lines that still look like ours. It is never rewritten or removed (see `ours`): those
    // lines may be the organizer's own.
    let last = first;
    for (
      let k = first + 1;
      k < lines.length && looksLikeBlockLine(lines[k]!.text) && !START_LINE.test(lines[k]!.text);
      k++
    ) {
      if (lines[k]!.text !== '') last = k;
    }
    spans.push({
      start: spanStart(raw, lines[first]!),
      end: spanEnd(raw, lines[last]!),
      lines: lines.slice(first + 1, last + 1).map((l) => l.text),
      terminated: false,
    });
    i = last + 1;
  }
  return spans;
}

export function hasBlock(description: string | null | undefined): boolean {
  return typeof description === 'string' && findBlocks(description).length > 0;
}

/** The blocks the add-on may rewrite or remove: start marker to end marker. */
function ours(description: string): BlockSpan[] {
  return findBlocks(description).filter((b) => b.terminated);
}

/**
 * Notes about a description the coachee should see before or after a write (codes are stable; the
 * add-on shows the message). UNTERMINATED_BLOCK: a start marker without its end marker; that text is
 * left exactly as it is and a fresh complete block is written.
 */
export const DESCRIPTION_NOTES = {
  UNTERMINATED_BLOCK:
    'Older meeting notes in the event look edited by hand (their end line is missing), so the add-on left that text exactly as it is and keeps its own complete copy separately. Delete the old text yourself if you no longer need it.',
} as const;

export type DescriptionNote = keyof typeof DESCRIPTION_NOTES;

export function descriptionNotes(description: string | null | undefined): DescriptionNote[] {
  if (typeof description !== 'string' || description === '') return [];
  return findBlocks(description).some((b) => !b.terminated) ? ['UNTERMINATED_BLOCK'] : [];
}

// ---------------------------------------------------------------------------------------------
// Parsing

export interface BlockParse {
  /** A start marker was found. */
  found: boolean;
  /** The meeting, when everything needed could be read and is valid. */
  meeting?: Meeting;
  /** Whatever could be read, even from a damaged block. */
  partial: Partial<Meeting>;
  /** The link shown in the block (the coachee's or the coach's). */
  shownVideoLink?: string;
  milestoneLabel?: string;
  /** What could not be read, in words; empty for an intact block. */
  problems: string[];
}

const ACTION_LINE =
  /^[-•*]\s+(.*?)\s*\(owner:\s*(coachee|manager|coach|together)(?:,\s*due\s+(\d{4}-\d{2}-\d{2}))?(,\s*done)?\)$/i;
const ACTION_LINE_GREEDY =
  /^[-•*]\s+(.*)\s+\(owner:\s*(coachee|manager|coach|together)(?:,\s*due\s+(\d{4}-\d{2}-\d{2}))?(,\s*done)?\)$/i;

/** An action line of the block as an item (null: not one the add-on wrote). */
function actionOf(text: string): ActionItem | null {
  const m = ACTION_LINE_GREEDY.exec(text) ?? ACTION_LINE.exec(text);
  if (!m) return null;
  const item: ActionItem = { step: m[1]!, owner: m[2]!.toLowerCase() as Owner };
  if (m[3]) item.due = m[3];
  if (m[4]) item.done = true;
  return item;
}

function roleFromText(text: string): CoachRole | undefined {
  const t = text.toLowerCase();
  for (const role of COACH_ROLES) if (t.startsWith(COACH_ROLE_INFO[role].label.toLowerCase())) return role;
  for (const role of COACH_ROLES) if (t.startsWith(role)) return role;
  return undefined;
}

function afterLabel(text: string, label: string): string | undefined {
  // Calendar or a person may turn ’ into ' in our labels; accept both.
  const variants = [label, label.replace(/\u2019/g, "'")];
  for (const v of variants) if (text.startsWith(v)) return text.slice(v.length).trim();
  return undefined;
}

/**
 * Reads the first CCM block of a description. Tolerant of hand edits: what can be read is returned
 * in `partial` and what cannot is listed in `problems`. Never throws.
 */
export function parseBlock(description: string | null | undefined): BlockParse {
  const result: BlockParse = { found: false, partial: {}, problems: [] };
  try {
    if (typeof description !== 'string' || description === '') return result;
    const all = findBlocks(description);
    // A complete block is the add-on's; an unterminated one is read only when there is nothing else.
    const complete = all.filter((b) => b.terminated);
    const blocks = complete.length > 0 ? complete : all;
    const block = blocks[0];
    if (!block) return result;
    result.found = true;
    if (!block.terminated)
      result.problems.push(
        'The end line of the CCM block is missing; read up to the last line that looked like part of it.',
      );
    if (blocks.length > 1)
      result.problems.push('The description holds more than one CCM block; only the first was read.');

    let section: 'none' | 'agenda' | 'actions' = 'none';
    const agenda: string[] = [];
    const actions: ActionItem[] = [];
    let sawAgenda = false;
    let sawActions = false;
    for (const text of block.lines) {
      if (text === '' || isIntro(text)) continue;
      let v: string | undefined;
      if ((v = afterLabel(text, LABEL.goal)) !== undefined) {
        result.partial.goal = v;
        section = 'none';
      } else if (text === LABEL.agenda) {
        section = 'agenda';
        sawAgenda = true;
      } else if (text === LABEL.noActions) {
        section = 'none';
        sawActions = true;
      } else if (text === LABEL.actionPlan) {
        section = 'actions';
        sawActions = true;
      } else if ((v = afterLabel(text, LABEL.role)) !== undefined) {
        section = 'none';
        const role = roleFromText(v);
        if (role) result.partial.coachRole = role;
        else result.problems.push(`Couldn't tell the coach's role from "${v}".`);
      } else if ((v = afterLabel(text, LABEL.coachVideo)) !== undefined) {
        section = 'none';
        if (v) result.shownVideoLink = v;
      } else if ((v = afterLabel(text, LABEL.video)) !== undefined) {
        section = 'none';
        if (v) {
          result.partial.videoLink = v;
          result.shownVideoLink = v;
        }
      } else if ((v = afterLabel(text, LABEL.milestone)) !== undefined) {
        section = 'none';
        if (v) result.milestoneLabel = v;
      } else if (
        afterLabel(text, LABEL.coachee) !== undefined ||
        afterLabel(text, LABEL.manager) !== undefined ||
        afterLabel(text, LABEL.coach) !== undefined ||
        afterLabel(text, LABEL.toolkit) !== undefined ||
        afterLabel(text, LABEL.confidentiality) !== undefined
      ) {
        section = 'none';
      } else if (section === 'agenda' && /^(?:\d{1,3}[.)]|[-•*])\s+/.test(text)) {
        agenda.push(text.replace(/^(?:\d{1,3}[.)]|[-•*])\s+/, ''));
      } else if (section === 'actions' && /^[-•*]\s+/.test(text)) {
        const item = actionOf(text);
        if (item) {
          actions.push(item);
        } else {
          // A hand-added action without "(owner: ...)": keep it, owned by the coachee.
          actions.push({ step: text.replace(/^[-•*]\s+/, ''), owner: 'coachee' });
          result.problems.push(
            `The action "${text.replace(/^[-•*]\s+/, '')}" has no owner; it was read as the coachee's.`,
          );
        }
      } else {
        result.problems.push(`Couldn't read the line "${text}".`);
      }
    }
    if (sawAgenda) result.partial.agenda = agenda;
    else result.problems.push('The agenda is missing.');
    if (sawActions) result.partial.actionPlan = actions;
    if (result.partial.goal === undefined) result.problems.push('The goal is missing.');
    if (result.partial.coachRole === undefined) result.problems.push("The coach's role is missing.");

    const candidate = { ...result.partial, actionPlan: result.partial.actionPlan ?? [] };
    if (candidate.goal !== undefined && candidate.coachRole !== undefined && sawAgenda) {
      const parsed = parseMeetingForm(candidate);
      if (parsed.ok) {
        // The form's parse knows no done marks: they go back on, step for step (same list, same order).
        const read = candidate.actionPlan;
        if (parsed.meeting.actionPlan.length === read.length)
          parsed.meeting.actionPlan.forEach((a, i) => {
            if (read[i]!.done) a.done = true;
          });
        result.meeting = parsed.meeting;
      } else result.problems.push(...parsed.problems.map((p) => p.message));
    }
    return result;
  } catch (err) {
    // Parsing must never break a card; report instead.
    result.problems.push('The CCM block could not be read.');
    return result;
  }
}

// ---------------------------------------------------------------------------------------------
// Size

/**
 * Google Calendar keeps event descriptions up to about 8,192 characters (a provider's published
 * figure; longer writes may fail or be cut). Counted here in UTF-16 units, the stricter reading
 * (an emoji counts twice), on the description exactly as written (HTML escapes included).
 */
export const DESCRIPTION_MAX_CHARS = 8192;

/**
 * Room kept for the context lines (names, addresses, milestone, the coach's room and toolkit links)
 * when the size is checked before the booking, which is what returns them. Typical context is
 * 300-500 characters; a larger one is caught by the exact check after the booking, before the write.
 */
export const CONTEXT_RESERVE_CHARS = 1200;

export interface DescriptionSize {
  /** The description's length after the merge (plus the reserve when no context was given). */
  total: number;
  /** The organizer's own text outside our blocks. */
  own: number;
  fits: boolean;
}

/** How long the description would be once `meeting` is merged into `existing`. */
export function descriptionSize(
  existing: string | null | undefined,
  meeting: Meeting,
  context?: BlockContext,
): DescriptionSize {
  const merged = mergeBlock(existing, meeting, context ?? {});
  const total = merged.length + (context ? 0 : CONTEXT_RESERVE_CHARS);
  return { total, own: removeBlock(existing).length, fits: total <= DESCRIPTION_MAX_CHARS };
}

/** What the coachee is told when the notes do not fit: how much room their own text leaves. */
export function descriptionTooLongMessage(size: DescriptionSize, nothingDone: boolean): string {
  const over = size.total - DESCRIPTION_MAX_CHARS;
  const ownPart =
    size.own > 0
      ? `Your own text in the event is ${size.own.toLocaleString('en-US')} characters, and with the meeting notes the description would be about ${over.toLocaleString('en-US')} characters too long.`
      : `The meeting notes would be about ${over.toLocaleString('en-US')} characters too long for the event description.`;
  return `Google Calendar keeps about ${DESCRIPTION_MAX_CHARS.toLocaleString('en-US')} characters of description. ${ownPart} Shorten your own text or the notes, then try again.${nothingDone ? ' Nothing was booked or written.' : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Merging

function looksLikeHtml(description: string): boolean {
  return /<(?:br|p|div)\b[^<>]*>/i.test(description);
}

const SEPARATORS = ['\n\n', '<br><br>'];

function separatorFor(html: boolean): string {
  return html ? '<br><br>' : '\n\n';
}

/** Removes [start, end) and, right before it, one separator this module would have added. */
function cut(description: string, start: number, end: number): string {
  let s = start;
  for (const sep of SEPARATORS) {
    if (description.slice(0, s).endsWith(sep)) {
      s -= sep.length;
      break;
    }
  }
  return description.slice(0, s) + description.slice(end);
}

/**
 * Puts the block for `meeting` into `existing`: replaces the first complete block in place (removing
 * any duplicates), or appends it after a blank line. The organizer's own text is kept byte for byte,
 * a start marker without an end marker included (descriptionNotes says so). Idempotent: merging the
 * same meeting twice gives the same description.
 */
export function mergeBlock(existing: string | null | undefined, meeting: Meeting, context: BlockContext = {}): string {
  const description = existing ?? '';
  const html = looksLikeHtml(description);
  const block = renderBlock(meeting, context, { html });
  const spans = ours(description);
  if (spans.length === 0) return description === '' ? block : description + separatorFor(html) + block;
  // Remove duplicates from the back so earlier indexes stay valid, then replace the first.
  let out = description;
  for (let k = spans.length - 1; k >= 1; k--) out = cut(out, spans[k]!.start, spans[k]!.end);
  const first = spans[0]!;
  return out.slice(0, first.start) + block + out.slice(first.end);
}

/**
 * The description with the first complete block's milestone line saying `label` (after a move into
 * another quarter or milestone), or null when there is nothing to change (no complete block, no
 * milestone line, or it already says so). Only that line changes: the coachee's own text and the
 * rest of the block stay byte for byte.
 */
export function rewriteMilestone(existing: string | null | undefined, label: string): string | null {
  const description = existing ?? '';
  const span = ours(description)[0];
  if (!span) return null;
  const line = scanLines(description).find(
    (l) => l.start >= span.start && l.end <= span.end && afterLabel(l.text, LABEL.milestone) !== undefined,
  );
  if (!line || afterLabel(line.text, LABEL.milestone) === label) return null;
  const start = spanStart(description, line);
  const end = spanEnd(description, line);
  return description.slice(0, start) + escapeHtml(`${LABEL.milestone} ${label}`) + description.slice(end);
}

/**
 * The description with the first complete block's lines for `items` marked done (carried forward
 * into the next meeting's form and ticked there), or null when none of them is there still open.
 * Only those lines change: the coachee's own text and the rest of the block stay byte for byte.
 */
export function markStepsDone(existing: string | null | undefined, items: readonly ActionItem[]): string | null {
  const description = existing ?? '';
  const span = ours(description)[0];
  if (!span || items.length === 0) return null;
  let out = description;
  let changed = false;
  // From the back, so the earlier lines' indexes stay valid.
  const lines = scanLines(description).filter((l) => l.start >= span.start && l.end <= span.end);
  for (let k = lines.length - 1; k >= 0; k--) {
    const line = lines[k]!;
    const item = actionOf(line.text);
    if (!item || item.done || !items.some((x) => sameStep(x, item))) continue;
    const start = spanStart(description, line);
    const end = spanEnd(description, line);
    out = out.slice(0, start) + escapeHtml(actionLine({ ...item, done: true })) + out.slice(end);
    changed = true;
  }
  return changed ? out : null;
}

/** Removes every complete CCM block (and the blank line mergeBlock put before it); other text untouched. */
export function removeBlock(existing: string | null | undefined): string {
  let out = existing ?? '';
  const spans = ours(out);
  for (let k = spans.length - 1; k >= 0; k--) out = cut(out, spans[k]!.start, spans[k]!.end);
  return out;
}
