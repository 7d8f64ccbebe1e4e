// GmailApp (script side): the add-on's read path for the message the user has open. The access token
// set with setCurrentMessageAccessToken travels with every read; the backend decides whether it opens
// the message (see backends/gmail.ts for the rules).
import type { FacadeContext, FacadeInstaller } from './context';
import { strict } from './context';
// The wire shapes the backend answers with (type-only: nothing of the backend is bundled here).
import type { AttachmentData, MessageMetadata } from '../backends/gmail';

export const installGmail: FacadeInstaller = (ctx: FacadeContext) => {
  // Per execution, like Apps Script: a new execution starts without a token.
  let token: string | null = null;

  const read = <T>(method: string, id: string): T => ctx.call<T>(method, { id, token });

  const attachment = (a: AttachmentData) =>
    strict(ctx, 'GmailAttachment', {
      getName: () => a.name,
      getContentType: () => a.contentType,
      getSize: () => a.size,
      getBytes: () => ctx.intoRealm(a.bytes.slice()),
      getDataAsString: (charset?: string) => {
        const enc = (charset ?? 'UTF-8').toLowerCase().replace('-', '');
        const buf = Buffer.from(Uint8Array.from(a.bytes, (b) => b & 0xff));
        return enc === 'utf8' ? buf.toString('utf8') : buf.toString('latin1');
      },
      toString: () => a.name,
    });

  const message = (m: MessageMetadata) => {
    const local = <T>(name: string, v: T): T => {
      ctx.count(`GmailMessage.${name}`);
      return v;
    };
    return strict(ctx, 'GmailMessage', {
      getId: () => local('getId', m.id),
      getThread: () => {
        ctx.count('GmailMessage.getThread');
        return strict(ctx, 'GmailThread', { getId: () => m.threadId });
      },
      getSubject: () => local('getSubject', m.subject),
      getFrom: () => local('getFrom', m.from),
      getTo: () => local('getTo', m.to),
      getCc: () => local('getCc', m.cc),
      getBcc: () => local('getBcc', ''),
      getReplyTo: () => local('getReplyTo', m.replyTo),
      getDate: () => local('getDate', ctx.intoRealm(new Date(m.dateMs))),
      isUnread: () => local('isUnread', m.unread),
      // Apps Script returns '' for a header the message does not have; names are case-insensitive.
      getHeader: (name: string) => {
        ctx.count('GmailMessage.getHeader');
        const key = Object.keys(m.headers).find((k) => k.toLowerCase() === String(name).toLowerCase());
        return key ? m.headers[key]! : '';
      },
      getBody: () => read<string>('GmailMessage.getBody', m.id),
      getPlainBody: () => read<string>('GmailMessage.getPlainBody', m.id),
      getRawContent: () => read<string>('GmailMessage.getRawContent', m.id),
      getAttachments: (_options?: unknown) => {
        const list = read<AttachmentData[]>('GmailMessage.getAttachments', m.id);
        // Built directly in the script's realm: intoRealm would flatten the strict proxies.
        const out = new ctx.realm.Array();
        for (const a of list) out.push(attachment(a));
        return out;
      },
      toString: () => 'GmailMessage',
    });
  };

  const GmailApp = strict(ctx, 'GmailApp', {
    setCurrentMessageAccessToken(accessToken: string) {
      ctx.count('GmailApp.setCurrentMessageAccessToken');
      token = accessToken == null ? null : String(accessToken);
    },
    getMessageById(id: string) {
      if (id === undefined || id === null) throw ctx.makeError('Invalid argument: id');
      return message(read<MessageMetadata>('GmailApp.getMessageById', String(id)));
    },
    toString: () => 'GmailApp',
  });
  return { GmailApp };
};
