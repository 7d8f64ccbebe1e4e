// Gmail over the World: one mailbox per person, messages delivered by the host (ordinary mail) or by
// the Calendar backend (invitations), and GmailApp's add-on read path with per-message access tokens.
//
// Platform facts modelled (PLATFORM.md, "Gmail: from an invitation email to the event"):
// - A Gmail add-on that holds only the `gmail.addons.current.message.*` scopes can read a message only
//   after `GmailApp.setCurrentMessageAccessToken(e.gmail.accessToken)`: the token the host hands out
//   when that user opens that message. Without it (or with a token for another message or user) the
//   read fails with "Access denied: : Missing access token for per message scope authorization."; an
//   expired token with "Access denied: : Expired access token." (the "Access denied: : <reason>" shape is
//   attested in add-on error logs; the missing-token wording is UNVERIFIED beyond recollection).
// - A script holding a full Gmail scope (mail.google.com, gmail.readonly, gmail.modify) needs no token.
// - `.metadata` gives subject/from/to/date/headers, not the body or attachments.
// - Each mailbox holds its own copy of a message, with its own id (as in Gmail).
import { escapeHtml, htmlToText as coreHtmlToText } from '../../../core/html';
import { createHash, randomBytes } from 'node:crypto';
import type { World } from '../world';
import { ServiceError, requireScope, type CallContext, type HandlerMap } from '../service';

export interface StoredMailAttachment {
  name: string;
  contentType: string;
  /** Text attachments as UTF-8 text; binary ones base64. */
  data: string;
  encoding: 'utf8' | 'base64';
}

export type MessageKind = 'plain' | 'invitation' | 'update' | 'cancellation' | 'reply';

export interface StoredMessage {
  id: string;
  threadId: string;
  /** Whose mailbox this copy sits in. */
  owner: string;
  /** The From header ("Name <email>"). */
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  dateMs: number;
  html: string;
  plain: string;
  /** Extra headers (Sender, Reply-To...). From/To/Cc/Subject/Date/Message-ID are derived. */
  headers: Record<string, string>;
  attachments: StoredMailAttachment[];
  /** For calendar mail: the text/calendar alternative part (METHOD=...). */
  calendarPart?: { method: string; ics: string };
  kind: MessageKind;
  /** Delivery order (World clocks of concurrent executions need not be ordered). */
  arrival: number;
  /** For calendar mail: the event it is about (lets the workbench inbox show the event). */
  calendarEventId?: string;
  unread: boolean;
}

export interface AccessTokenRecord {
  user: string;
  messageId: string;
  issuedMs: number;
  /** Absent: never expires (the real lifetime is not documented). */
  expiresMs?: number;
}

export interface GmailState {
  messages: Record<string, StoredMessage>;
  tokens: Record<string, AccessTokenRecord>;
  seq: number;
}

export const initialGmailState = (): GmailState => ({ messages: {}, tokens: {}, seq: 0 });

/** Older World files may lack newer fields; fill them in place. */
function state(world: World): GmailState {
  const s = world.state.gmail as Partial<GmailState>;
  s.messages ??= {};
  s.tokens ??= {};
  s.seq ??= 0;
  return s as GmailState;
}

const SCOPE = 'https://www.googleapis.com/auth/';
const FULL_GMAIL = ['https://mail.google.com/', `${SCOPE}gmail.readonly`, `${SCOPE}gmail.modify`];
const READ_CURRENT = [`${SCOPE}gmail.addons.current.message.readonly`, `${SCOPE}gmail.addons.current.message.action`];
const META_CURRENT = [`${SCOPE}gmail.addons.current.message.metadata`];

export const MISSING_TOKEN = 'Access denied: : Missing access token for per message scope authorization.';
export const EXPIRED_TOKEN = 'Access denied: : Expired access token.';

// ---------------------------------------------------------------------------------------------
// Host helpers (Node side: the workbench and the scenario runner act as people).

export interface DeliverInput {
  /** One or more recipients; each gets their own copy. */
  to: string | string[];
  cc?: string | string[];
  /** "Name <email>" or a bare email. */
  from: string;
  subject: string;
  /** Plain text body (HTML is derived when `html` is absent). */
  body?: string;
  html?: string;
  attachments?: StoredMailAttachment[];
  headers?: Record<string, string>;
  kind?: MessageKind;
  calendarEventId?: string;
  calendarPart?: { method: string; ics: string };
  dateMs?: number;
}

/** Delivers a message to every recipient's mailbox; returns the stored copies (one per mailbox). */
export function deliverMessage(world: World, input: DeliverInput): StoredMessage[] {
  const s = state(world);
  const to = list(input.to);
  const cc = list(input.cc);
  const dateMs = input.dateMs ?? world.now();
  const plain = input.body ?? (input.html ? htmlToText(input.html) : '');
  const html = input.html ?? `<div dir="ltr">${escapeHtml(plain).replace(/\n/g, '<br>')}</div>`;
  const out: StoredMessage[] = [];
  for (const owner of unique([...to, ...cc].map(emailOf))) {
    const id = nextMessageId(s, dateMs);
    const msg: StoredMessage = {
      id,
      threadId: id,
      owner,
      from: input.from,
      to,
      cc,
      subject: input.subject,
      dateMs,
      html,
      plain,
      headers: { ...(input.headers ?? {}) },
      attachments: (input.attachments ?? []).map((a) => ({ ...a })),
      calendarPart: input.calendarPart,
      kind: input.kind ?? 'plain',
      arrival: s.seq,
      calendarEventId: input.calendarEventId,
      unread: true,
    };
    s.messages[id] = msg;
    out.push(msg);
  }
  return out;
}

export interface OpenedMessage {
  messageId: string;
  threadId: string;
  accessToken: string;
}

/**
 * A person opens a message in Gmail: returns the `e.gmail` part of the add-on event object, with a
 * fresh per-message access token for that user and message.
 */
export function openMessage(
  world: World,
  userEmail: string,
  messageId: string,
  opts: { ttlMs?: number } = {},
): OpenedMessage {
  const s = state(world);
  const user = emailOf(userEmail);
  const msg = s.messages[messageId];
  if (!msg || msg.owner !== user) throw new Error(`No message ${messageId} in ${user}'s mailbox`);
  msg.unread = false;
  const accessToken = `ccm-msg-${randomBytes(18).toString('base64url')}`;
  const now = world.now();
  s.tokens[accessToken] = {
    user,
    messageId,
    issuedMs: now,
    ...(opts.ttlMs !== undefined ? { expiresMs: now + opts.ttlMs } : {}),
  };
  return { messageId: msg.id, threadId: msg.threadId, accessToken };
}

/** A person's mailbox, last delivered first. */
export function mailbox(world: World, userEmail: string): StoredMessage[] {
  const user = emailOf(userEmail);
  return Object.values(state(world).messages)
    .filter((m) => m.owner === user)
    .sort((a, b) => b.arrival - a.arrival);
}

/** Every delivered copy in every mailbox, in delivery order (scenario output, tests). */
export function allMessages(world: World): StoredMessage[] {
  return Object.values(state(world).messages).sort((a, b) => a.arrival - b.arrival);
}

export function getStoredMessage(world: World, messageId: string): StoredMessage | undefined {
  return state(world).messages[messageId];
}

// ---------------------------------------------------------------------------------------------
// Script-visible semantics.

interface ReadArgs {
  id: string;
  token?: string | null;
}

/** Finds the message and enforces scope, mailbox ownership and the per-message token. */
function readable(ctx: CallContext, method: string, args: ReadArgs, content: boolean): StoredMessage {
  const scopes = ctx.exec.project.manifest.oauthScopes;
  const full = !scopes || FULL_GMAIL.some((x) => scopes.includes(x));
  requireScope(
    ctx,
    method,
    content ? [...READ_CURRENT, ...FULL_GMAIL] : [...READ_CURRENT, ...META_CURRENT, ...FULL_GMAIL],
  );
  const s = state(ctx.world);
  const user = ctx.user().email;
  if (!full) {
    const rec = args.token ? s.tokens[args.token] : undefined;
    if (!rec || rec.user !== user || rec.messageId !== args.id) throw new ServiceError(MISSING_TOKEN, 'Exception');
    if (rec.expiresMs !== undefined && ctx.nowMs() >= rec.expiresMs) throw new ServiceError(EXPIRED_TOKEN, 'Exception');
  }
  const msg = typeof args.id === 'string' ? s.messages[args.id] : undefined;
  if (!msg || msg.owner !== user) throw new ServiceError('Invalid argument: id', 'Exception');
  return msg;
}

export interface MessageMetadata {
  id: string;
  threadId: string;
  subject: string;
  from: string;
  to: string;
  cc: string;
  replyTo: string;
  dateMs: number;
  headers: Record<string, string>;
  unread: boolean;
}

function allHeaders(m: StoredMessage): Record<string, string> {
  return {
    'Message-ID': `<${m.id}@local.mail.test>`,
    Date: new Date(m.dateMs).toUTCString().replace('GMT', '+0000'),
    From: m.from,
    To: m.to.join(', '),
    ...(m.cc.length ? { Cc: m.cc.join(', ') } : {}),
    Subject: m.subject,
    'MIME-Version': '1.0',
    ...m.headers,
  };
}

function metadata(m: StoredMessage): MessageMetadata {
  return {
    id: m.id,
    threadId: m.threadId,
    subject: m.subject,
    from: m.from,
    to: m.to.join(', '),
    cc: m.cc.join(', '),
    replyTo: m.headers['Reply-To'] ?? '',
    dateMs: m.dateMs,
    headers: allHeaders(m),
    unread: m.unread,
  };
}

export interface AttachmentData {
  name: string;
  contentType: string;
  size: number;
  /** Apps Script's Byte[]: signed 8-bit values. */
  bytes: number[];
}

function attachmentBytes(a: StoredMailAttachment): Buffer {
  return a.encoding === 'base64' ? Buffer.from(a.data, 'base64') : Buffer.from(a.data, 'utf8');
}

/** The message as RFC 822 text, shaped like a Google Calendar invitation when it carries one. */
export function rawContent(m: StoredMessage): string {
  const boundary = (tag: string) =>
    `000000000000${createHash('sha1')
      .update(m.id + tag)
      .digest('hex')
      .slice(0, 16)}`;
  const headerText = Object.entries(allHeaders(m))
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  const alt = boundary('alt');
  const mixed = boundary('mixed');
  const part = (type: string, body: string) =>
    `Content-Type: ${type}\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap64(Buffer.from(body, 'utf8').toString('base64'))}`;
  const altParts = [
    part('text/plain; charset="UTF-8"', m.plain),
    part('text/html; charset="UTF-8"', m.html),
    ...(m.calendarPart
      ? [part(`text/calendar; charset="UTF-8"; method=${m.calendarPart.method}`, m.calendarPart.ics)]
      : []),
  ];
  const altBody = `Content-Type: multipart/alternative; boundary="${alt}"\r\n\r\n${altParts.map((p) => `--${alt}\r\n${p}\r\n`).join('')}--${alt}--`;
  if (!m.attachments.length) return `${headerText}\r\n${altBody}\r\n`;
  const attParts = m.attachments.map(
    (a) =>
      `Content-Type: ${a.contentType}; name="${a.name}"\r\nContent-Disposition: attachment; filename="${a.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap64(attachmentBytes(a).toString('base64'))}`,
  );
  return `${headerText}\r\nContent-Type: multipart/mixed; boundary="${mixed}"\r\n\r\n--${mixed}\r\n${altBody}\r\n${attParts.map((p) => `--${mixed}\r\n${p}\r\n`).join('')}--${mixed}--\r\n`;
}

export const gmailHandlers: HandlerMap = {
  'GmailApp.getMessageById': (ctx, args: ReadArgs) => metadata(readable(ctx, 'GmailApp.getMessageById', args, false)),
  'GmailMessage.getBody': (ctx, args: ReadArgs) => readable(ctx, 'GmailMessage.getBody', args, true).html,
  'GmailMessage.getPlainBody': (ctx, args: ReadArgs) => readable(ctx, 'GmailMessage.getPlainBody', args, true).plain,
  'GmailMessage.getRawContent': (ctx, args: ReadArgs) =>
    rawContent(readable(ctx, 'GmailMessage.getRawContent', args, true)),
  'GmailMessage.getAttachments': (ctx, args: ReadArgs): AttachmentData[] =>
    readable(ctx, 'GmailMessage.getAttachments', args, true).attachments.map((a) => {
      const buf = attachmentBytes(a);
      return {
        name: a.name,
        contentType: a.contentType,
        size: buf.length,
        bytes: Array.from(new Int8Array(buf.buffer, buf.byteOffset, buf.length)),
      };
    }),
};

// ---------------------------------------------------------------------------------------------
// Small helpers.

function list(v: string | string[] | undefined): string[] {
  if (!v) return [];
  return (Array.isArray(v) ? v : v.split(',')).map((x) => x.trim()).filter(Boolean);
}

/** The address inside "Name <email>", lower-cased. */
export function emailOf(address: string): string {
  const m = /<([^>]+)>/.exec(address);
  return (m ? m[1]! : address).trim().toLowerCase();
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** Gmail ids are 16 hex digits that grow with time; ours are (ms << 20 | counter), deterministic. */
function nextMessageId(s: GmailState, dateMs: number): string {
  s.seq += 1;
  let id = ((BigInt(dateMs) << 20n) | BigInt(s.seq & 0xfffff)).toString(16);
  while (s.messages[id]) {
    s.seq += 1;
    id = ((BigInt(dateMs) << 20n) | BigInt(s.seq & 0xfffff)).toString(16);
  }
  return id;
}

function wrap64(b64: string): string {
  return b64.replace(/.{1,76}/g, '$&\r\n').trimEnd();
}

/** A mail's plain part from its HTML: core's reading of Calendar-flavoured HTML, blank runs squeezed. */
function htmlToText(html: string): string {
  return coreHtmlToText(html)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export { escapeHtml };
