/**
 * DESIGN rule 7: an alignment meeting is not for mediating conflicts, performance improvement plans,
 * or company reorganisations. When the goal or agenda reads like one of those, the coachee is WARNED
 * (never blocked): the words may be innocent, and the coachee decides.
 *
 * Matching is case-insensitive on whole words (letters of any script count as word characters, so
 * "réorganisation" and "Umstrukturierung" work). Phrases are chosen to avoid ordinary work words:
 * "performance" alone ("launch performance metrics"), "conflict" alone ("a calendar conflict"),
 * "acquisition" alone ("customer acquisition") do not trigger. English first; a few common
 * Spanish, French, German and Portuguese phrases too.
 */

export type NotForTopic = 'conflict-mediation' | 'performance-improvement' | 'reorganisation';

export interface TopicInfo {
  topic: NotForTopic;
  /** Short name, as in "This agenda looks like ..." */
  label: string;
  /** Why the meeting is not the place, in the product's words. */
  explanation: string;
}

export const NOT_FOR_TOPICS: Record<NotForTopic, TopicInfo> = {
  'conflict-mediation': {
    topic: 'conflict-mediation',
    label: 'mediating a conflict',
    explanation:
      "An alignment meeting isn't the place to mediate a conflict between you, your manager or colleagues. Your HR partner can help with that; keep this meeting on your development goal.",
  },
  'performance-improvement': {
    topic: 'performance-improvement',
    label: 'a performance improvement plan',
    explanation:
      "An alignment meeting isn't for performance improvement plans or disciplinary conversations. Those belong in a separate conversation with your manager and HR; this one is about your growth goal.",
  },
  reorganisation: {
    topic: 'reorganisation',
    label: 'a company or organisational change',
    explanation:
      "An alignment meeting isn't for discussing significant company or organisational changes and the worries around them. Raise those with your manager separately; keep this meeting on your development goal.",
  },
};

// Each pattern is a phrase over words; `\s+` / `[\s-]*` between words. Wrapped in letter-aware
// boundaries below. Keep them lower-case: the text is lower-cased before matching.
const PATTERNS: Record<NotForTopic, string[]> = {
  'conflict-mediation': [
    'mediat(?:e|es|ed|ing|ion|or)',
    'conflicts?\\s+(?:with|between|among|amongst)',
    // A specific conflict to settle ("resolve the conflict"), not conflict handling as a skill
    // ("get better at managing conflict" is a fine development goal).
    '(?:resolv\\w*|settl\\w*|sort\\s+out)\\s+(?:the|our|this|my|their)\\s+(?:[\\p{L}-]+\\s+)?(?:conflicts?|disputes?|disagreements?)',
    'disputes?\\s+(?:with|between)',
    'grievances?',
    'falling[\\s-]+out',
    'fell\\s+out\\s+with',
    'tensions?\\s+(?:with|between)',
    'complaints?\\s+(?:about|against)\\s+(?:my\\s+|a\\s+|the\\s+)?(?:colleague|coworker|co-worker|teammate|manager|boss|peer)s?',
    // es / fr / de / pt
    'mediaci[oó]n',
    'conflictos?\\s+con',
    'm[ée]diation',
    'conflits?\\s+avec',
    'konflikt(?:e|en)?\\s+mit',
    'konfliktl[öo]sung',
    'media[çc][ãa]o',
    'conflitos?\\s+com',
  ],
  'performance-improvement': [
    'performance\\s+improvement\\s+plans?',
    'performance\\s+(?:improvement|action|correction)\\s+plans?',
    'performance\\s+(?:issues?|problems?|concerns?|warnings?|management\\s+plans?)',
    'poor(?:ly)?\\s+perform\\w*',
    'low\\s+perform(?:ance|er|ers)',
    'under[\\s-]*perform\\w*',
    'disciplinary',
    'discipline\\s+(?:process|procedure|meeting|action)',
    '(?:written|verbal|final|formal)\\s+warnings?',
    'probation(?:ary)?\\s+(?:review|extension|period\\s+extension)',
    // es / fr / de / pt
    'plan\\s+de\\s+mejora(?:\\s+del\\s+(?:desempe[ñn]o|rendimiento))?',
    'bajo\\s+rendimiento',
    "plan\\s+d['’]am[ée]lioration(?:\\s+des?\\s+performances?)?",
    'insuffisance\\s+professionnelle',
    'leistungsverbesserungsplan',
    'abmahnung(?:en)?',
    'minderleistung',
    'plano\\s+de\\s+melhoria\\s+de\\s+desempenho',
    'baixo\\s+desempenho',
  ],
  reorganisation: [
    're[\\s-]?org(?:s|anisation|anization|anisations|anizations|anise|anize|anising|anizing|anised|anized)?',
    'restructur\\w*',
    'lay[\\s-]*offs?',
    'laid\\s+off',
    'redundanc(?:y|ies)',
    'downsiz\\w*',
    'rightsiz\\w*',
    'headcount\\s+(?:reduction|cuts?)',
    'job\\s+cuts?',
    'mergers?(?:\\s+and\\s+acquisitions?)?',
    'm\\s*&\\s*a',
    'acquired\\s+by',
    'org(?:anisational|anizational)?\\s+(?:changes?|chart\\s+changes?|redesign)',
    '(?:company|corporate)[\\s-]+(?:wide\\s+)?(?:changes?|reorganisation|reorganization|restructuring)',
    'new\\s+org\\s+structure',
    // es / fr / de / pt
    'reestructuraci[oó]n',
    'reorganizaci[oó]n',
    'despidos?',
    'r[ée]organisation',
    'restructuration',
    'licenciements?',
    'plan\\s+social',
    'umstrukturierung',
    'stellenabbau',
    'entlassungen',
    'reestrutura[çc][ãa]o',
    'demiss[õo]es',
  ],
};

// Letter/digit-aware word boundaries (JS \b only knows ASCII).
const compiled: Array<{ topic: NotForTopic; re: RegExp }> = (Object.keys(PATTERNS) as NotForTopic[]).map((topic) => ({
  topic,
  re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${PATTERNS[topic].join('|')})(?![\\p{L}\\p{N}])`, 'u'),
}));

// "PIP" is matched case-sensitively (all capitals, or "Pip" at the start of a sentence would be a name):
// lower-case "pip" is too often something else.
const PIP = /(?<![\p{L}\p{N}])PIPs?(?![\p{L}\p{N}])/u;

export interface GuardrailHit extends TopicInfo {
  /** The words that triggered it, as written. */
  matched: string;
}

/**
 * Which not-for topics the text reads like, at most one hit per topic, in the order of
 * NOT_FOR_TOPICS. Accepts one string or several (goal, agenda items, action steps).
 */
export function detectNotForTopics(text: string | readonly string[]): GuardrailHit[] {
  const joined = (typeof text === 'string' ? [text] : text).join('\n');
  // NFC + lower case; the original is kept to report the matched words as written.
  const normal = joined.normalize('NFC');
  const lower = normal.toLowerCase();
  const hits: GuardrailHit[] = [];
  for (const { topic, re } of compiled) {
    let matched: string | undefined;
    if (topic === 'performance-improvement') {
      const pip = PIP.exec(normal);
      if (pip) matched = pip[0];
    }
    if (matched === undefined) {
      const m = re.exec(lower);
      // toLowerCase can change lengths for a few scripts; fall back to the lower-case words then.
      if (m) matched = lower.length === normal.length ? normal.slice(m.index, m.index + m[0].length) : m[0];
    }
    if (matched !== undefined) hits.push({ ...NOT_FOR_TOPICS[topic], matched });
  }
  return hits;
}
