// core/digest.ts: a pure SHA-256 and the digest of the coachee's notes.
import { createHash } from 'node:crypto';
import { parseBlock, renderBlock, mergeBlock } from '../../src/core/description';
import { DIGEST_PATTERN, notesDigest, sha256Hex } from '../../src/core/digest';
import type { Meeting } from '../../src/core/meeting';

const meeting: Meeting = {
  goal: 'Lead the launch — “end to end”',
  agenda: ['Goal', 'Support I need'],
  actionPlan: [{ step: 'Draft plan', owner: 'coachee', due: '2026-03-17' }],
  coachRole: 'facilitate',
};

describe('sha256Hex', () => {
  test('matches the FIPS 180-4 test vectors and Node for text of every length and script', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (const text of ['é ünï 😀 中文', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(5000)])
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});

describe('notesDigest', () => {
  test('32 hex characters; the same notes read back from the block give the same digest', () => {
    const d = notesDigest(meeting);
    expect(d).toMatch(DIGEST_PATTERN);
    expect(notesDigest(parseBlock(renderBlock(meeting)).meeting!)).toBe(d);
    expect(
      notesDigest(parseBlock(mergeBlock('Mine', meeting, { coachee: 'ana' }).replace(/\n/g, '<br>')).meeting!),
    ).toBe(d);
    expect(notesDigest({ ...meeting, goal: '  Lead the launch —  “end to end” ' })).toBe(d);
  });

  test('any change to what the coachee wrote changes it', () => {
    const d = notesDigest(meeting);
    expect(notesDigest({ ...meeting, goal: 'Fix the reorganisation' })).not.toBe(d);
    expect(notesDigest({ ...meeting, agenda: ['Goal'] })).not.toBe(d);
    expect(notesDigest({ ...meeting, actionPlan: [{ ...meeting.actionPlan[0]!, owner: 'manager' }] })).not.toBe(d);
    expect(notesDigest({ ...meeting, coachRole: 'observe' })).not.toBe(d);
  });
});
