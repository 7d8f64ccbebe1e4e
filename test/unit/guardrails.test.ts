import { detectNotForTopics } from '../../src/core/guardrails';

const topics = (text: string | string[]) => detectNotForTopics(text).map((h) => h.topic);

describe('detectNotForTopics', () => {
  it.each([
    ['Mediate the conflict between me and Sam', 'conflict-mediation'],
    ['Conflict mediation with the design team', 'conflict-mediation'],
    ['My conflict with Jordan', 'conflict-mediation'],
    ['Resolve our disagreement about ownership', 'conflict-mediation'],
    ['The grievance I filed', 'conflict-mediation'],
    ['Médiation avec mon collègue', 'conflict-mediation'],
    ['Konflikt mit dem Team', 'conflict-mediation'],
    ['Discuss my PIP', 'performance-improvement'],
    ['performance improvement plan next steps', 'performance-improvement'],
    ['Why I am underperforming', 'performance-improvement'],
    ['Under-performance in Q1', 'performance-improvement'],
    ['The disciplinary process', 'performance-improvement'],
    ['My written warning', 'performance-improvement'],
    ['Plan de mejora del desempeño', 'performance-improvement'],
    ['Abmahnung besprechen', 'performance-improvement'],
    ['What the reorg means for me', 'reorganisation'],
    ['The upcoming re-org', 'reorganisation'],
    ['Reorganisation of the sales org', 'reorganisation'],
    ['Team restructuring', 'reorganisation'],
    ['Rumoured layoffs', 'reorganisation'],
    ['Will there be redundancies?', 'reorganisation'],
    ['Impact of the merger', 'reorganisation'],
    ['Organizational changes in EMEA', 'reorganisation'],
    ['Umstrukturierung der Abteilung', 'reorganisation'],
    ['La réorganisation', 'reorganisation'],
  ])('flags %s', (text, topic) => {
    expect(topics(text)).toEqual([topic]);
  });

  it.each([
    'Improve launch performance metrics',
    'Performance of the new API',
    'Get better at managing conflict in my team',
    'Resolve calendar conflicts faster',
    'Customer acquisition strategy',
    'Pipeline review',
    'pip install the toolkit',
    'Organize the offsite',
    'Reorder the backlog',
    'Restaurant booking for the team',
    'Underline the key results',
    'Grow as a people manager',
    'Lead the spring product launch end to end',
    'Support I need from Mo',
    'How we track progress',
    'Improvement plan for my presentation skills',
    'Set intermediate goals for the quarter',
    'Immediate next steps',
  ])('does not flag %s', (text) => {
    // Whole words only: "intermediate" and "immediate" contain "mediat" but are not about mediation.
    expect(topics(text)).toEqual([]);
  });

  it('reports each topic once, in a fixed order, with the words as written', () => {
    const hits = detectNotForTopics(['The REORG and my PIP', 'layoffs', 'conflict between teams']);
    expect(hits.map((h) => h.topic)).toEqual(['conflict-mediation', 'performance-improvement', 'reorganisation']);
    expect(hits[1]!.matched).toBe('PIP');
    expect(hits[2]!.matched).toBe('REORG');
    expect(hits[0]!.explanation).toMatch(/isn't the place to mediate a conflict/);
  });

  it('handles empty input', () => {
    expect(detectNotForTopics('')).toEqual([]);
    expect(detectNotForTopics([])).toEqual([]);
  });
});
