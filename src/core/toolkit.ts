/**
 * The default toolkit content: for managers (the heart of it), coaches and coachees. Written in the
 * project's own words from the facts of the two source documents (seeds/). Structured data so both
 * cards (sections, headings, bullet widgets) and a Google Doc can render it; `toolkitToText` gives
 * a plain-text version.
 *
 * Product promises that cards repeat verbatim live here too (CONFIDENTIALITY_PROMISE, NOT_FOR_ITEMS),
 * so every surface says the same thing.
 */

export interface ToolkitSection {
  id: string;
  heading: string;
  paragraphs?: string[];
  bullets?: string[];
  /** Bullets are steps or questions to number. */
  numbered?: boolean;
}

export interface ToolkitDocument {
  id: 'manager' | 'coach' | 'coachee';
  title: string;
  summary: string;
  sections: ToolkitSection[];
}

/** DESIGN rule 8, in one sentence for every card. */
export const CONFIDENTIALITY_PROMISE =
  'Nothing from the coaching sessions is discussed, asked for or shared in this meeting, and the coach will not share anything from them before, during or after it.';

/**
 * AI note-takers and recordings are the new leak (Gemini's "Take notes for me" shares notes with
 * invitees; third-party bots e-mail recaps): the block, every panel and the coachee's review say so.
 */
export const NO_RECORDING =
  'This meeting is not recorded or transcribed: keep recordings and AI note-takers (such as \u201cTake notes for me\u201d or a meeting bot) off.';

/** DESIGN rule 7, the three topics this meeting is not for. */
export const NOT_FOR_ITEMS = [
  'Mediating a conflict between the manager, the coachee, or other colleagues.',
  'Performance improvement plan conversations.',
  'Significant company or organisational changes, and the concerns that come with them.',
] as const;

/**
 * DESIGN rules 4 and 7 in one sentence: what the meeting is. The description block, every panel and
 * the guides say it this way, so no surface contradicts another.
 */
export const MEETING_DEFINITION =
  'This is an alignment meeting between the coachee, their manager and their coach: it is not a coaching session, though it uses one of the coachee\u2019s coaching sessions.';

export const MANAGER_TOOLKIT: ToolkitDocument = {
  id: 'manager',
  title: 'CCM alignment meetings: a guide for managers',
  summary:
    'Your report is working with a coach. From time to time they will invite you and their coach to a short alignment meeting. This guide explains what it is, when it happens, how to prepare, and what stays confidential.',
  sections: [
    {
      id: 'what',
      heading: 'What a CCM alignment meeting is',
      paragraphs: [
        'A Coach-Coachee-Manager (CCM) alignment meeting brings together three people: you, your report, and their coach. The conversation is about one thing: how your report\u2019s growth goals connect with what the company is trying to achieve.',
        MEETING_DEFINITION,
        'Nothing confidential from your report\u2019s coaching sessions comes up.',
      ],
    },
    {
      id: 'purposes',
      heading: 'What it is for',
      bullets: [
        'Alignment: link your report\u2019s development goals to the company\u2019s wider goals, so the growth they work on also serves the business.',
        'Supporting growth: find out how you can best back your report\u2019s leadership development.',
        'Action plan: help your report shape the steps toward their coaching goals, and agree on them together.',
        'Accountability partner: be the person who helps your report follow through, above all as the program moves on and comes to an end.',
      ],
    },
    {
      id: 'when',
      heading: 'When the meetings happen',
      bullets: [
        'Six-month program: two meetings. The initial meeting takes place in month 2, once your report and their coach have built a working relationship and ideally after the 360 feedback debrief (it doesn\u2019t have to wait for it). It refines the first goals and action plan.',
        'Six-month program: the wrap-up meeting comes at the end of the engagement, so your report\u2019s development keeps going after the program.',
        'Quarterly program: at most one meeting per quarter. Meeting less often is fine if that suits you both.',
      ],
    },
    {
      id: 'scheduling',
      heading: 'Who schedules it',
      numbered: true,
      bullets: [
        'Your report organises the meeting. They will first talk to you about wanting one and when you are available.',
        'You then receive a calendar invitation from your report. The meeting is held online, on the coach\u2019s video link, and lasts about 60 minutes.',
      ],
    },
    {
      id: 'role',
      heading: 'Your role in the meeting',
      paragraphs: [
        'The conversation centres on your report\u2019s professional growth goals and how they support the business. Your part is to listen and to make sure the goals and the business point the same way.',
        'Your involvement matters: it is a large part of what makes the coaching pay off, and of making sure your report\u2019s development feeds directly into the business\u2019s success.',
      ],
    },
    {
      id: 'prepare',
      heading: 'Questions to think about beforehand',
      numbered: true,
      bullets: [
        'Which of your report\u2019s strengths, priorities, projects or skills could they build on in a way that serves the business\u2019s goals?',
        'Which skills, gaps or areas for improvement would you most like to see them develop?',
        'Is there anything in their 360 feedback you would like to talk through with them?',
        'How does what they want to work on connect to the business?',
        'In what ways could you support them?',
        'Could you put them in situations where they can lean into the areas they want to grow in?',
        'What support does your report need from you, as their manager, to reach this goal? (A good question to ask them.)',
        'Which professional growth goal would you most like them to pursue, given the business\u2019s goals and the chance to strengthen their leadership?',
        'Which new goal or habit from their coaching could you help them keep up?',
        'What are they still finding hard, from their coaching work, where your view or input would help?',
        'Is there anything they would like you to do differently as a result of their coaching work?',
      ],
    },
    {
      id: 'not-for',
      heading: 'What this meeting is not for',
      bullets: /* @__PURE__ */ Array.from(NOT_FOR_ITEMS),
      paragraphs: ['Keep these for separate conversations, with the right people in the room:'],
    },
    {
      id: 'confidentiality',
      heading: 'Confidentiality',
      bullets: [
        'Your report will not be asked to talk about anything from their coaching sessions, past or future. Those stay entirely confidential.',
        'The coach will not be asked, and will not offer, to share information or insights from the sessions with you, before, during or after the meeting. Doing so would break coaching ethics and the confidentiality agreement with your report.',
        'Your report is not asked to change what they are working on with their coach. The meeting is a chance for them to grow further, with your support.',
      ],
    },
  ],
};

export const COACH_GUIDE: ToolkitDocument = {
  id: 'coach',
  title: 'CCM alignment meetings: a note for coaches',
  summary:
    'Your coachee has invited you to an alignment meeting with their manager. They lead it; you play the role you agreed with them.',
  sections: [
    {
      id: 'role',
      heading: 'Your agreed role',
      paragraphs: [
        'Before the meeting, your coachee tells you which role they would like you to take. The panel shows the role they chose:',
      ],
      bullets: [
        'Observe silently: listen, and speak only if your coachee invites you in.',
        'Facilitate: guide the conversation and keep it on the agenda and the goal.',
        'Ask clarifying questions: ask questions that help your coachee and their manager understand each other and align.',
      ],
    },
    {
      id: 'ethics',
      heading: 'Ethics reminder',
      bullets: [
        'Nothing from your coaching sessions is shared: not before, not during, not after the meeting. You will not be asked for information or insights about your coachee\u2019s sessions, and sharing them would break coaching ethics and the confidentiality agreement with your coachee.',
        'Your coachee is not asked to discuss their sessions or to change the focus of your work together.',
        MEETING_DEFINITION,
      ],
    },
    {
      id: 'not-for',
      heading: 'If the conversation drifts',
      paragraphs: [
        'The meeting is not the place for the topics below. If it drifts there, it helps to steer it back to the coachee\u2019s goal.',
      ],
      bullets: /* @__PURE__ */ Array.from(NOT_FOR_ITEMS),
    },
  ],
};

export const COACHEE_GUIDE: ToolkitDocument = {
  id: 'coachee',
  title: 'Your CCM alignment meeting',
  summary:
    'An alignment meeting brings you, your manager and your coach together to agree on a goal that matters to you and to the company, and on how your manager will support it. You lead it.',
  sections: [
    {
      id: 'purposes',
      heading: 'What it is for',
      bullets: [
        'Agree on a goal or focus area with your manager and coach that ties into the company\u2019s goals for your coaching, one you feel motivated to reach with your manager\u2019s agreed support.',
        'Start shaping an action plan for that goal, with your coach\u2019s help, to discuss with your manager during and after the meeting.',
        'Give your manager a way to support your coaching and your leadership development.',
      ],
    },
    {
      id: 'you-lead',
      heading: 'You lead it',
      numbered: true,
      bullets: [
        'Talk to your manager about the meeting and find a time that works for the three of you.',
        'Talk to your coach beforehand and agree their role: observe silently, facilitate, or ask clarifying questions.',
        'Create the event in your calendar, open the CCM panel, and add your manager, your coach and the manager toolkit.',
        'Save the event, then write the goal, the agenda and your action plan in the panel and confirm. The meeting uses your coach\u2019s video link unless you give another one.',
        'Plan for about 60 minutes, online.',
      ],
    },
    {
      id: 'when',
      heading: 'How often',
      bullets: [
        'Once per quarter of your engagement at most, or less often if that suits you and your manager. Regular alignment meetings tend to help both your progress and how well your goals fit the company\u2019s.',
        'In a six-month program there are two: an initial meeting in month 2 (once you and your coach have built a working relationship, ideally after your 360 debrief, though it need not wait for it) and a wrap-up at the end.',
        MEETING_DEFINITION,
        'Cancelling or deleting the meeting gives it back; moving it to another quarter moves it there.',
      ],
    },
    {
      id: 'confidentiality',
      heading: 'Confidentiality',
      bullets: [
        'Nobody will ask you to talk about your coaching sessions. Past and future sessions stay completely confidential.',
        'Your coach will not share anything from your sessions with your manager, before, during or after the meeting.',
        'You don\u2019t need to change what you are working on with your coach.',
        'Nothing you write here is stored outside your calendar event: the program only records that a meeting took place, and when.',
      ],
    },
    {
      id: 'not-for',
      heading: 'What it is not for',
      bullets: /* @__PURE__ */ Array.from(NOT_FOR_ITEMS),
    },
  ],
};

export const TOOLKITS = { manager: MANAGER_TOOLKIT, coach: COACH_GUIDE, coachee: COACHEE_GUIDE } as const;

/** Plain text with headings and bullets (numbered where the section says so). */
export function toolkitToText(doc: ToolkitDocument): string {
  const out: string[] = [doc.title, '', doc.summary];
  for (const s of doc.sections) {
    out.push('', s.heading);
    for (const p of s.paragraphs ?? []) out.push(p);
    (s.bullets ?? []).forEach((b, i) => out.push(s.numbered ? `${i + 1}. ${b}` : `- ${b}`));
  }
  return out.join('\n');
}
