import * as fs from 'fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CcmError, ERROR_CODES, ERRORS, errorInfo, isErrorCode, toErrorPayload } from '../../src/core/errors';
import { decodeHtmlEntities, escapeHtml, htmlToText } from '../../src/core/html';
import * as core from '../../src/core';
import {
  COACH_GUIDE,
  COACHEE_GUIDE,
  CONFIDENTIALITY_PROMISE,
  MANAGER_TOOLKIT,
  MEETING_DEFINITION,
  NOT_FOR_ITEMS,
  toolkitToText,
} from '../../src/core/toolkit';

describe('errors', () => {
  it('has every code the brief names, each with a message and retryability', () => {
    for (const code of [
      'NO_ENGAGEMENT',
      'NOT_ORGANIZER',
      'RECURRING_EVENT',
      'OUTSIDE_ENGAGEMENT',
      'ALLOWANCE_USED',
      'EVENT_NOT_SAVED',
      'GATEWAY_UNAVAILABLE',
      'GATEWAY_TIMEOUT',
      'CALENDAR_CONFLICT',
      'INVALID_FORM',
      'ENGAGEMENT_RECORD_INVALID',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'LOCK_TIMEOUT',
      'BAD_REQUEST',
      'INTERNAL',
    ]) {
      expect(isErrorCode(code)).toBe(true);
    }
    for (const code of ERROR_CODES) {
      expect(ERRORS[code].message.length).toBeGreaterThan(20);
      expect(typeof ERRORS[code].retryable).toBe('boolean');
    }
    expect(errorInfo('LOCK_TIMEOUT').retryable).toBe(true);
    expect(errorInfo('ALLOWANCE_USED').retryable).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });

  it('turns thrown things into payloads without leaking unknown error text', () => {
    const e = new CcmError('ALLOWANCE_USED', 'Next quarter opens on 12 April 2026.', { quarter: 'Q1' });
    expect(toErrorPayload(e)).toEqual({
      code: 'ALLOWANCE_USED',
      message: 'Next quarter opens on 12 April 2026.',
      retryable: false,
      details: { quarter: 'Q1' },
    });
    expect(toErrorPayload(new Error('stack with secrets'))).toEqual({
      code: 'INTERNAL',
      message: ERRORS.INTERNAL.message,
      retryable: true,
    });
    expect(new CcmError('RECURRING_EVENT').message).toBe(ERRORS.RECURRING_EVENT.message);
  });
});

describe('html', () => {
  it('escapes and decodes in one pass', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
    expect(decodeHtmlEntities('&amp;lt;b&amp;gt; &#x1F680; &#128640; &nbsp;&bogus; &#xD800;')).toBe(
      '&lt;b&gt; 🚀 🚀  &bogus; &#xD800;',
    );
    expect(htmlToText('<p>a<b>b</b></p><div>c</div>d<br/>e &amp;lt;')).toBe('ab\nc\nd\ne &lt;');
  });
});

describe('toolkit', () => {
  const manager = toolkitToText(MANAGER_TOOLKIT);

  it('covers every point of the manager toolkit', () => {
    const section = (id: string) => MANAGER_TOOLKIT.sections.find((s) => s.id === id)!;
    expect(section('purposes').bullets!.map((b) => b.split(':')[0])).toEqual([
      'Alignment',
      'Supporting growth',
      'Action plan',
      'Accountability partner',
    ]);
    expect(section('prepare').bullets).toHaveLength(11);
    expect(section('not-for').bullets).toHaveLength(3);
    for (const phrase of [
      'month 2',
      '360',
      'doesn\u2019t have to wait',
      'end of the engagement',
      'one meeting per quarter',
      'invitation',
      'video link',
      '60 minutes',
      'listen',
      'it is not a coaching session',
      'ethics',
      'conflict',
      'performance improvement plan',
      'organisational changes',
    ]) {
      expect(manager.toLowerCase()).toContain(phrase.toLowerCase());
    }
  });

  it('has coach and coachee versions and one confidentiality promise', () => {
    expect(toolkitToText(COACH_GUIDE)).toMatch(/Observe silently[\s\S]*Facilitate[\s\S]*Ask clarifying questions/);
    expect(toolkitToText(COACH_GUIDE)).toContain('Ethics reminder');
    // One definition of the meeting (DESIGN rules 4 and 7) in every guide.
    for (const doc of [COACHEE_GUIDE, COACH_GUIDE, MANAGER_TOOLKIT])
      expect(toolkitToText(doc)).toContain(MEETING_DEFINITION);
    expect(CONFIDENTIALITY_PROMISE).toContain('will not share');
    expect(NOT_FOR_ITEMS).toHaveLength(3);
  });

  // The toolkit was written from reference texts that are not part of this repository. Their every run
  // of 8 words (lower-cased, punctuation dropped, apostrophes unified, as `words` does) is kept here
  // only as a fingerprint: the first 12 hex digits of its SHA-256, 8 to a line.
  const fingerprints = new Set(
    fs.readFileSync(join(__dirname, 'seed-fingerprints.txt'), 'utf8').split(/\s+/).filter(Boolean),
  );
  const words = (s: string) =>
    s
      .toLowerCase()
      .replace(/[’']/g, "'")
      .replace(/[^a-z0-9' ]+/g, ' ')
      .split(/\s+/)
      .filter(Boolean);
  const copiedRuns = (text: string): string[] => {
    const w = words(text);
    const out: string[] = [];
    for (let i = 0; i + 8 <= w.length; i++) {
      const run = w.slice(i, i + 8).join(' ');
      if (fingerprints.has(createHash('sha256').update(run).digest('hex').slice(0, 12))) out.push(run);
    }
    return out;
  };

  it('knows the reference texts: about a thousand fingerprints, and a sentence from them is recognised', () => {
    expect(fingerprints.size).toBeGreaterThan(900);
    // Eight words of one reference text, as a copy would bring them in.
    expect(copiedRuns('It is available to coachees once per quarter during their engagement.')).toEqual([
      'is available to coachees once per quarter during',
      'available to coachees once per quarter during their',
      'to coachees once per quarter during their engagement',
    ]);
  });

  it("is written in the project's own words (no 8-word run copied from the reference texts)", () => {
    const copied = [MANAGER_TOOLKIT, COACH_GUIDE, COACHEE_GUIDE].flatMap((doc) => copiedRuns(toolkitToText(doc)));
    expect(copied).toEqual([]);
  });
});

describe('index', () => {
  it('re-exports the public API', () => {
    for (const name of [
      'zonedParts',
      'zonedToInstant',
      'addMonthsClamped',
      'parseCivilDate',
      'formatCivilDate',
      'startOfCivilDay',
      'quarterOf',
      'nextQuarterStart',
      'EngagementSchema',
      'validateEngagementRow',
      'findEngagementProblems',
      'parseCompanySettings',
      'decideAllowance',
      'allowanceStatus',
      'detectNotForTopics',
      'parseMeetingForm',
      'renderBlock',
      'parseBlock',
      'mergeBlock',
      'removeBlock',
      'MANAGER_TOOLKIT',
      'callerRoles',
      'meetingRole',
      'normalizeEmail',
      'BOOKING_STATUSES',
      'isActive',
      'bookStep',
      'planReconcile',
      'contributions',
      'safeCell',
      'ERRORS',
      'escapeHtml',
    ]) {
      expect(core).toHaveProperty(name);
    }
  });
});
