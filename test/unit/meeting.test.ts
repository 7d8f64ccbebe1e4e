import {
  actionPlanFromText,
  actionPlanToText,
  agendaFromText,
  COACH_ROLE_INFO,
  COACH_ROLES,
  parseMeetingForm,
  resolveVideoLink,
} from '../../src/core/meeting';
import { cleanLine, httpsUrlProblem } from '../../src/core/text';

const form = (over: Record<string, unknown> = {}) => ({
  goal: 'Lead the spring product launch end to end',
  agenda: ['The goal and how it serves the launch', 'Support I need from Mo'],
  actionPlan: [
    { step: 'Draft launch plan and share with Mo', owner: 'coachee', due: '2026-03-17' },
    { step: 'Introduce Ana to the sales leads', owner: 'manager', due: '2026-03-24' },
  ],
  coachRole: 'facilitate',
  ...over,
});

describe('parseMeetingForm', () => {
  it('accepts the scenario form as given', () => {
    const r = parseMeetingForm(form());
    expect(r).toEqual({
      ok: true,
      meeting: {
        goal: 'Lead the spring product launch end to end',
        agenda: ['The goal and how it serves the launch', 'Support I need from Mo'],
        actionPlan: [
          { step: 'Draft launch plan and share with Mo', owner: 'coachee', due: '2026-03-17' },
          { step: 'Introduce Ana to the sales leads', owner: 'manager', due: '2026-03-24' },
        ],
        coachRole: 'facilitate',
      },
    });
  });

  it("applies defaults: no action plan, role observe, null video link = the coach's", () => {
    const r = parseMeetingForm({ goal: 'Grow as a people manager', agenda: ['Goal'], videoLink: null });
    expect(r).toEqual({
      ok: true,
      meeting: { goal: 'Grow as a people manager', agenda: ['Goal'], actionPlan: [], coachRole: 'observe' },
    });
    if (r.ok) {
      expect(resolveVideoLink(r.meeting, 'https://meet.example.test/cora')).toBe('https://meet.example.test/cora');
      expect(resolveVideoLink({ videoLink: 'https://zoom.example.test/j/1' }, 'https://meet.example.test/cora')).toBe(
        'https://zoom.example.test/j/1',
      );
    }
  });

  it('normalises text: trims, collapses control characters, strips bidi overrides, keeps non-Latin text', () => {
    const r = parseMeetingForm(
      form({
        goal: '  Grow\u0000 as\t\ta\nleader\u202E  ',
        agenda: ['  日本語の議題  ', 'مرحبا بالعالم', '', '  '],
        actionPlan: [
          { step: ' Привет ', owner: ' Manager ', due: ' 2026-04-01 ' },
          { step: '', owner: '', due: '' },
        ],
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.meeting.goal).toBe('Grow as a leader');
    expect(r.meeting.agenda).toEqual(['日本語の議題', 'مرحبا بالعالم']);
    expect(r.meeting.actionPlan).toEqual([{ step: 'Привет', owner: 'manager', due: '2026-04-01' }]);
  });

  it('reports every problem with the field and a sentence', () => {
    const r = parseMeetingForm({
      goal: 'x'.repeat(301),
      agenda: ['a'.repeat(151), 'fine'],
      actionPlan: [
        { step: 'Do it', owner: 'bob', due: '2026-02-30' },
        { step: '', owner: 'coach', due: '2026-05-01' },
      ],
      coachRole: 'lead',
      videoLink: 'http://zoom.test/j/1',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual(
      expect.arrayContaining([
        { field: 'goal', message: 'The goal is 301 characters long; keep it to 300 or fewer.' },
        { field: 'agenda.0', message: 'Agenda item 1 is 151 characters long; keep it to 150 or fewer.' },
        {
          field: 'actionPlan.0.owner',
          message: 'Action 1: the owner "bob" is not one of coachee, manager, coach or together.',
        },
        {
          field: 'actionPlan.0.due',
          message: 'Action 1: the due date "2026-02-30" doesn\'t exist: February 2026 has 28 days.',
        },
        { field: 'actionPlan.1.step', message: 'Action 2: the step is empty: write what will be done.' },
        {
          field: 'coachRole',
          message: "The coach's role must be one of: observe silently, facilitate, or ask clarifying questions.",
        },
        {
          field: 'videoLink',
          message: 'The video link "http://zoom.test/j/1" must start with https:// (a secure link), not http://.',
        },
      ]),
    );
    expect(r.problems).toHaveLength(7);
  });

  it('limits the number of agenda items and actions', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `item ${i}`);
    expect(parseMeetingForm(form({ agenda: eleven }))).toEqual({
      ok: false,
      problems: [{ field: 'agenda', message: 'The agenda has 11 items; keep it to 10 or fewer.' }],
    });
    expect(parseMeetingForm(form({ agenda: eleven.slice(1) })).ok).toBe(true);
    const actions = eleven.map((step) => ({ step, owner: 'coachee' }));
    expect(parseMeetingForm(form({ actionPlan: actions }))).toEqual({
      ok: false,
      problems: [{ field: 'actionPlan', message: 'The action plan has 11 actions; keep it to 10 or fewer.' }],
    });
  });

  it('requires a goal and one agenda item', () => {
    const r = parseMeetingForm({ goal: '   ', agenda: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toEqual([
        { field: 'goal', message: "The goal is empty: write what you want to work on with your manager's support." },
        { field: 'agenda', message: 'The agenda is empty: add at least one item.' },
      ]);
    }
    expect(parseMeetingForm(null)).toMatchObject({ ok: false });
    expect(parseMeetingForm('goal')).toMatchObject({ ok: false });
  });

  it('counts characters as people do (an emoji is one)', () => {
    expect(parseMeetingForm(form({ goal: '🚀'.repeat(300) })).ok).toBe(true);
    expect(parseMeetingForm(form({ goal: '🚀'.repeat(301) })).ok).toBe(false);
  });

  it('accepts agenda and action plan as text', () => {
    const r = parseMeetingForm(
      form({
        agenda: '1. The goal\n- Support I need\n\n• How we track progress\r\n',
        actionPlan: 'Draft the plan | me | 2026-03-17\nIntroduce me to sales | manager\nBook the review | 2026-04-01',
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.meeting.agenda).toEqual(['The goal', 'Support I need', 'How we track progress']);
    expect(r.meeting.actionPlan).toEqual([
      { step: 'Draft the plan', owner: 'coachee', due: '2026-03-17' },
      { step: 'Introduce me to sales', owner: 'manager' },
      { step: 'Book the review', owner: 'coachee', due: '2026-04-01' },
    ]);
  });
});

describe('form text helpers', () => {
  it('reads owner and due from the right, in either order', () => {
    expect(actionPlanFromText('Plan | 2026-3-7 | coach').items).toEqual([
      { step: 'Plan', owner: 'coach', due: '2026-03-07' },
    ]);
    expect(actionPlanFromText('Plan').items).toEqual([{ step: 'Plan', owner: 'coachee' }]);
  });

  it('reports unreadable lines by line number', () => {
    const r = actionPlanFromText('Good | manager\nPlan | next week\n | coach\nShip | 17/03/2026\nLate | 2026-02-31');
    expect(r.items).toEqual([{ step: 'Good', owner: 'manager' }]);
    expect(r.problems.map((p) => p.message)).toEqual([
      'Action plan line 2: "next week" is not an owner (coachee, manager, coach or together) or a date (YYYY-MM-DD). Write each action as: step | owner | due date.',
      'Action plan line 3 has no step: write what will be done before the "|".',
      'Action plan line 4: write the date "17/03/2026" as YYYY-MM-DD (for example 2026-03-17).',
      'Action plan line 5: the due date "2026-02-31" doesn\'t exist: February 2026 has 28 days.',
    ]);
  });

  it('round-trips the text form', () => {
    const plan = [
      { step: 'A', owner: 'manager' as const, due: '2026-01-02' },
      { step: 'B', owner: 'coachee' as const },
    ];
    expect(actionPlanFromText(actionPlanToText(plan)).items).toEqual(plan);
    expect(agendaFromText('x\ny')).toEqual(['x', 'y']);
  });
});

describe('coach roles', () => {
  it('have a label and a one-line description each', () => {
    expect(COACH_ROLES).toEqual(['observe', 'facilitate', 'clarify']);
    for (const r of COACH_ROLES) {
      expect(COACH_ROLE_INFO[r].label.length).toBeGreaterThan(3);
      expect(COACH_ROLE_INFO[r].description).not.toContain('\n');
    }
    expect(COACH_ROLE_INFO.observe.label).toBe('Observe silently');
  });
});

describe('text helpers', () => {
  it('cleanLine keeps zero-width joiners that scripts need', () => {
    expect(cleanLine('می\u200Cخواهم')).toBe('می\u200Cخواهم');
    expect(cleanLine('a\u2028b')).toBe('a b');
  });

  it('validates https links without the URL API', () => {
    expect(httpsUrlProblem('https://meet.google.com/abc-defg-hij')).toBeNull();
    expect(httpsUrlProblem('https://acme.zoom.us/j/123?pwd=abc#x')).toBeNull();
    expect(httpsUrlProblem('https://meet.example.test:8443/room')).toBeNull();
    expect(httpsUrlProblem('https://meet.google.com@evil.test/x')).toBe(
      'must not contain a user name or password before the host',
    );
    expect(httpsUrlProblem('javascript:alert(1)')).toBe('must be a link starting with https://');
    expect(httpsUrlProblem('https://meet.example.test/a b')).toBe('contains spaces or characters a link cannot have');
    expect(httpsUrlProblem('https://meet.example.test/"><script>')).toBe(
      'contains spaces or characters a link cannot have',
    );
    expect(httpsUrlProblem('https://localhost/x')).not.toBeNull();
    expect(httpsUrlProblem('https://x.test:99999/')).toBe('has an impossible port number');
    expect(httpsUrlProblem('https://' + 'a'.repeat(2000) + '.test')).toContain('longer than');
  });
});
