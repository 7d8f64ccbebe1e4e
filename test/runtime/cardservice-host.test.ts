// The Node-side card utilities (src/local/cards) a host uses on what an entry point returned: reading
// the result, reading the card, the form inputs it sends back, the card stack, the OpenLink allowlist.
// Cards come from real CardService scripts run in the local runtime, plus hand-written JSON for edges.
import { scriptRuntime } from './helpers';
import {
  applyNavigation,
  cardText,
  checkOpenLinks,
  collectLinks,
  defaultFormInputs,
  EntryResultError,
  fillForm,
  findButton,
  htmlToText,
  parseEntryResult,
  urlMatchesPrefix,
  type CardJson,
} from '../../src/local/cards';

const CODE = String.raw`
function panel() {
  var cs = CardService;
  return [cs.newCardBuilder().setName('panel')
    .setHeader(cs.newCardHeader().setTitle('Alignment <b>meeting</b>').setSubtitle('Q1 &amp; Q2'))
    .addSection(cs.newCardSection().setHeader('Purpose')
      .addWidget(cs.newTextParagraph().setText('Align on <i>goals</i>.<br>Not a &quot;coaching&quot; session &#8212; see <a href="https://docs.example.com/Guide/ccm">the guide</a>.'))
      .addWidget(cs.newDecoratedText().setTopLabel('Coach').setText('Cora Coach').setBottomLabel('Facilitates')
        .setButton(cs.newTextButton().setText('Email coach').setOpenLink(cs.newOpenLink().setUrl('https://mail.google.com/mail/?to=cora')))))
    .addSection(cs.newCardSection().setHeader('Your plan')
      .addWidget(cs.newTextInput().setFieldName('agenda').setTitle('Agenda').setMultiline(true).setValue('Goals for Q2'))
      .addWidget(cs.newTextInput().setFieldName('notes').setTitle('Notes'))
      .addWidget(cs.newSelectionInput().setFieldName('role').setTitle('Coach role').setType(cs.SelectionInputType.RADIO_BUTTON)
        .addItem('Observe silently', 'observe', false).addItem('Facilitate', 'facilitate', true).addItem('Ask questions', 'ask', false))
      .addWidget(cs.newSelectionInput().setFieldName('video').setTitle('Video link').setType(cs.SelectionInputType.DROPDOWN)
        .addItem('Coach link', 'coach', false).addItem('My link', 'mine', false))
      .addWidget(cs.newSelectionInput().setFieldName('share').setTitle('Share with').setType(cs.SelectionInputType.CHECK_BOX)
        .addItem('Manager', 'manager', true).addItem('Coach', 'coach', true))
      .addWidget(cs.newSelectionInput().setFieldName('extras').setTitle('Extras')
        .addItem('Toolkit', 'toolkit', false))
      .addWidget(cs.newDateTimePicker().setFieldName('start').setTitle('Starts').setValueInMsSinceEpoch(1767258000000))
      .addWidget(cs.newDatePicker().setFieldName('day').setTitle('Day').setValueInMsSinceEpoch(1767225600000))
      .addWidget(cs.newDatePicker().setFieldName('followUp').setTitle('Follow-up'))
      .addWidget(cs.newButtonSet()
        .addButton(cs.newTextButton().setText('Save plan').setOnClickAction(cs.newAction().setFunctionName('onSavePlan')
          .setParameters({ eventId: 'ev1', calendarId: 'primary' }).setLoadIndicator(cs.LoadIndicator.SPINNER)))
        .addButton(cs.newTextButton().setText('Cancel').setDisabled(true).setOnClickAction(cs.newAction().setFunctionName('onCancel')))))
    .setFixedFooter(cs.newFixedFooter()
      .setPrimaryButton(cs.newTextButton().setText('Confirm').setOnClickAction(cs.newAction().setFunctionName('onConfirm')))
      .setSecondaryButton(cs.newTextButton().setText('Help').setOpenLink(cs.newOpenLink().setUrl('https://help.example.com/ccm?from=panel'))))
    .build()];
}
function pushed() {
  var card = CardService.newCardBuilder().setName('detail').setHeader(CardService.newCardHeader().setTitle('Detail'))
    .addSection(CardService.newCardSection().addWidget(CardService.newTextParagraph().setText('d'))).build();
  return CardService.newActionResponseBuilder().setNavigation(CardService.newNavigation().pushCard(card))
    .setNotification(CardService.newNotification().setText('Saved')).setStateChanged(true).build();
}
function link() {
  return CardService.newActionResponseBuilder().setOpenLink(CardService.newOpenLink().setUrl('https://evil.example.net/x')).build();
}
function universal() {
  return CardService.newUniversalActionResponseBuilder().displayAddOnCards([panel()[0]]).build();
}
function calendar() {
  return CardService.newCalendarEventActionResponseBuilder().addAttendees(['m@acme.test', 'c@coach.test'])
    .addAttachments([CardService.newAttachment().setResourceUrl('https://example.com/t').setTitle('Toolkit')
      .setMimeType('text/html').setIconUrl('https://example.com/i.png')]).build();
}
function single() { return panel()[0]; }
function nothing() {}
`;

const card = (title: string, name?: string): CardJson => ({
  header: { title },
  sections: [{ widgets: [{ divider: {} }] }],
  ...(name ? { name } : {}),
});

describe('card utilities for hosts', () => {
  const { runtime } = scriptRuntime([{ name: 'addon', code: CODE }]);
  const results: Record<string, unknown> = {};
  beforeAll(async () => {
    for (const fn of ['panel', 'pushed', 'link', 'universal', 'calendar', 'single', 'nothing']) {
      const r = await runtime.execute({ project: 'addon', fn, user: 'coachee@acme.test' });
      if (!r.ok) throw new Error(`${fn}: ${r.error?.message}`);
      results[fn] = r.value;
    }
  });
  afterAll(() => runtime.close());
  const panel = (): CardJson => {
    const r = parseEntryResult(results.panel);
    if (r.kind !== 'cards') throw new Error('not cards');
    return r.cards[0]!;
  };

  describe('parseEntryResult', () => {
    test("a trigger's Card[] and a single Card are cards", () => {
      const r = parseEntryResult(results.panel);
      expect(r.kind).toBe('cards');
      expect(r.kind === 'cards' && r.cards.map((c) => c.name)).toEqual(['panel']);
      expect(parseEntryResult(results.single)).toEqual(r);
      expect(parseEntryResult([])).toEqual({ kind: 'cards', cards: [] });
    });

    test('an ActionResponse: navigations, notification, state change', () => {
      const r = parseEntryResult(results.pushed);
      expect(r).toMatchObject({ kind: 'action', notification: 'Saved', stateChanged: true });
      expect(r.kind === 'action' && r.navigations[0]?.pushCard?.name).toBe('detail');
      expect(parseEntryResult(results.link)).toEqual({
        kind: 'action',
        navigations: [],
        openLink: { url: 'https://evil.example.net/x' },
        stateChanged: false,
      });
    });

    test('a UniversalActionResponse and a CalendarEventActionResponse', () => {
      const u = parseEntryResult(results.universal);
      expect(u.kind).toBe('universal');
      expect(u.kind === 'universal' && u.cards?.[0]?.name).toBe('panel');
      expect(parseEntryResult(results.calendar)).toEqual({
        kind: 'calendarEvent',
        addAttendees: ['m@acme.test', 'c@coach.test'],
        addAttachments: [
          {
            resourceUrl: 'https://example.com/t',
            title: 'Toolkit',
            mimeType: 'text/html',
            iconUrl: 'https://example.com/i.png',
          },
        ],
      });
    });

    test("Google's untagged HTTP JSON is understood too", () => {
      expect(parseEntryResult({ renderActions: { action: { notification: { text: 'hi' } } } })).toMatchObject({
        kind: 'action',
        notification: 'hi',
      });
      expect(
        parseEntryResult({
          renderActions: {
            hostAppAction: { calendarAction: { editAttendeesActionMarkup: { addAttendeeEmails: ['a@b.c'] } } },
          },
        }),
      ).toEqual({ kind: 'calendarEvent', addAttendees: ['a@b.c'], addAttachments: [] });
    });

    test('anything else is an EntryResultError naming what came back', () => {
      expect(results.nothing).toBeNull();
      expect(() => parseEntryResult(results.nothing)).toThrow(EntryResultError);
      expect(() => parseEntryResult(undefined)).toThrow(
        'The entry point returned undefined, not a Card, Card[] or a built response',
      );
      expect(() => parseEntryResult('card')).toThrow('a string ("card")');
      expect(() => parseEntryResult([card('a'), 'b'])).toThrow('a trigger must return Card objects');
      expect(() => parseEntryResult({ foo: 1 })).toThrow('an object (foo)');
    });
  });

  describe('cardText and findButton', () => {
    test('what the card says, tags stripped and entities decoded, in reading order', () => {
      const t = cardText(panel());
      expect(t.title).toBe('Alignment meeting');
      expect(t.text.slice(0, 7)).toEqual([
        'Alignment meeting',
        'Q1 & Q2',
        'Purpose',
        'Align on goals.\nNot a "coaching" session \u2014 see the guide.',
        'Coach',
        'Cora Coach',
        'Facilitates',
      ]);
      expect(t.text).toEqual(
        expect.arrayContaining([
          'Your plan',
          'Agenda',
          'Goals for Q2',
          'Coach role',
          'Observe silently',
          'Facilitate',
          'Starts',
        ]),
      );
      expect(t.buttons).toEqual(['Email coach', 'Save plan', 'Cancel', 'Confirm', 'Help']);
    });

    test('the inputs, with their current values', () => {
      const inputs = cardText(panel()).inputs;
      expect(inputs.map((i) => [i.name, i.kind, i.value])).toEqual([
        ['agenda', 'text', 'Goals for Q2'],
        ['notes', 'text', undefined],
        ['role', 'selection', ['facilitate']],
        ['video', 'selection', []],
        ['share', 'selection', ['manager', 'coach']],
        ['extras', 'selection', []],
        ['start', 'dateTime', 1767258000000],
        ['day', 'date', 1767225600000],
        ['followUp', 'date', undefined],
      ]);
      expect(inputs[2]).toMatchObject({ label: 'Coach role', type: 'RADIO_BUTTON' });
    });

    test('findButton gives the callback and its parameters, or the link; undefined when absent', () => {
      expect(findButton(panel(), 'Save plan')).toEqual({
        label: 'Save plan',
        disabled: false,
        onClick: expect.any(Object),
        action: {
          function: 'onSavePlan',
          parameters: { eventId: 'ev1', calendarId: 'primary' },
          loadIndicator: 'SPINNER',
        },
      });
      expect(findButton(panel(), 'Cancel')).toMatchObject({
        disabled: true,
        action: { function: 'onCancel', parameters: {} },
      });
      expect(findButton(panel(), 'Confirm')?.action?.function).toBe('onConfirm');
      expect(findButton(panel(), 'Help')?.openLink).toEqual({ url: 'https://help.example.com/ccm?from=panel' });
      expect(findButton(panel(), ' Email coach ')?.openLink?.url).toBe('https://mail.google.com/mail/?to=cora');
      expect(findButton(panel(), 'Book')).toBeUndefined();
    });

    test('clickable decorated text is found by its text', () => {
      const c: CardJson = {
        sections: [
          {
            widgets: [{ decoratedText: { text: '<b>Open</b> event', onClick: { action: { function: 'openEvent' } } } }],
          },
        ],
      };
      expect(findButton(c, 'Open event')?.action?.function).toBe('openEvent');
      expect(cardText(c).buttons).toEqual([]);
    });

    test('htmlToText', () => {
      expect(htmlToText('<font color="#d00">Late</font> &lt;b&gt; &#x27;x&#39; &unknown;')).toBe(
        "Late <b> 'x' &unknown;",
      );
    });
  });

  describe('defaultFormInputs and fillForm', () => {
    test('the formInputs a host sends for the card as shown (V8 shape)', () => {
      expect(defaultFormInputs(panel())).toEqual({
        agenda: { stringInputs: { value: ['Goals for Q2'] } },
        role: { stringInputs: { value: ['facilitate'] } },
        // A dropdown always shows a choice: its first item when none is marked selected.
        video: { stringInputs: { value: ['coach'] } },
        share: { stringInputs: { value: ['manager', 'coach'] } },
        start: { dateTimeInput: { msSinceEpoch: '1767258000000', hasDate: true, hasTime: true } },
        day: { dateInput: { msSinceEpoch: '1767225600000' } },
      });
    });

    test('fillForm applies what the person typed and picked', () => {
      const f = fillForm(panel(), {
        notes: 'bring data',
        role: 'observe',
        share: [],
        extras: ['toolkit'],
        followUp: 1767312000000,
        agenda: null,
      });
      expect(f.notes).toEqual({ stringInputs: { value: ['bring data'] } });
      expect(f.role).toEqual({ stringInputs: { value: ['observe'] } });
      expect(f.extras).toEqual({ stringInputs: { value: ['toolkit'] } });
      expect(f.followUp).toEqual({ dateInput: { msSinceEpoch: '1767312000000' } });
      expect(f).not.toHaveProperty('share');
      expect(f).not.toHaveProperty('agenda');
    });

    test('fillForm refuses inputs and values the card does not have', () => {
      expect(() => fillForm(panel(), { title: 'x' })).toThrow('The card has no input named "title"');
      expect(() => fillForm(panel(), { role: 'mediate' })).toThrow('Input "role" has no item with value "mediate"');
      expect(() => fillForm(panel(), { role: ['observe', 'ask'] })).toThrow(
        'Input "role" (RADIO_BUTTON) takes one value',
      );
      expect(() => fillForm(panel(), { agenda: 3 })).toThrow('Input "agenda" is a text input');
      expect(() => fillForm(panel(), { start: '9am' })).toThrow('Input "start" is a dateTime picker');
    });
  });

  describe('applyNavigation', () => {
    const stack = [card('root', 'root'), card('list', 'list'), card('detail', 'detail')];
    const titles = (s: CardJson[]) => s.map((c) => c.header?.title);

    test('push, pop, pop to root, pop to a named card, update', () => {
      expect(titles(applyNavigation(stack, [{ pushCard: card('new') }]))).toEqual(['root', 'list', 'detail', 'new']);
      expect(titles(applyNavigation(stack, [{ pop: true }]))).toEqual(['root', 'list']);
      expect(titles(applyNavigation(stack, [{ popToRoot: true }]))).toEqual(['root']);
      expect(titles(applyNavigation(stack, [{ popToCard: 'list' }]))).toEqual(['root', 'list']);
      expect(titles(applyNavigation(stack, [{ updateCard: card('fresh') }]))).toEqual(['root', 'list', 'fresh']);
      expect(
        titles(
          applyNavigation(stack, [
            { popToRoot: true },
            { pushCard: card('a') },
            { pushCard: card('b') },
            { pop: true },
          ]),
        ),
      ).toEqual(['root', 'a']);
      expect(titles(stack)).toEqual(['root', 'list', 'detail']);
    });

    test('the root card is never popped; an unknown card name is an error', () => {
      expect(titles(applyNavigation([card('root')], [{ pop: true }, { pop: true }]))).toEqual(['root']);
      expect(() => applyNavigation(stack, [{ popToCard: 'nope' }])).toThrow('no card named "nope" is on the stack');
    });

    test('an ActionResponse from the runtime drives the stack', () => {
      const r = parseEntryResult(results.pushed);
      if (r.kind !== 'action') throw new Error('not an action');
      expect(applyNavigation([panel()], r.navigations).map((c) => c.name)).toEqual(['panel', 'detail']);
    });
  });

  describe('openLinkUrlPrefixes', () => {
    test("Google's matching rules: equal or a child of the prefix; path case-sensitive; https only", () => {
      const p = 'https://example.com/foo';
      for (const ok of [
        'https://example.com/foo',
        'https://example.com/foo/',
        'https://example.com/foo/bar',
        'https://example.com/foo?bar',
        'https://example.com/foo#bar',
        'https://EXAMPLE.com/foo',
      ]) {
        expect([ok, urlMatchesPrefix(ok, p)]).toEqual([ok, true]);
      }
      for (const no of [
        'https://example.com/foobar',
        'https://example.com/Foo',
        'http://example.com/foo',
        'https://www.example.com/foo',
        'https://example.com/',
        'https://example.org/foo',
      ]) {
        expect([no, urlMatchesPrefix(no, p)]).toEqual([no, false]);
      }
      expect(urlMatchesPrefix('https://example.com/anything/at/all', 'https://example.com/')).toBe(true);
    });

    test('wildcards: "*." matches subdomains (not the bare domain); "*" matches everything', () => {
      expect(urlMatchesPrefix('https://docs.example.com/x', 'https://*.example.com/')).toBe(true);
      expect(urlMatchesPrefix('https://a.b.example.com/x', 'https://*.example.com/')).toBe(true);
      expect(urlMatchesPrefix('https://example.com/x', 'https://*.example.com/')).toBe(false);
      expect(urlMatchesPrefix('https://badexample.com/x', 'https://*.example.com/')).toBe(false);
      expect(urlMatchesPrefix('http://anything.test/x', '*')).toBe(true);
    });

    test('a prefix without a path, or not https, matches nothing', () => {
      expect(urlMatchesPrefix('https://example.com/x', 'https://example.com')).toBe(false);
      expect(urlMatchesPrefix('http://example.com/x', 'http://example.com/')).toBe(false);
    });

    test('checkOpenLinks finds every link (buttons, footer, <a> in text, response links) not allowed', () => {
      const manifest = {
        addOns: {
          common: { openLinkUrlPrefixes: ['https://help.example.com/ccm', 'https://docs.example.com/guide/'] },
        },
      };
      const problems = checkOpenLinks(results.panel, manifest);
      // mail.google.com is Google's own: no allowlist needed. The guide link differs in path case.
      expect(problems).toEqual([
        {
          kind: 'link',
          url: 'https://docs.example.com/Guide/ccm',
          where: '[0].sections[0].widgets[0].textParagraph.text',
          message:
            "The link https://docs.example.com/Guide/ccm is not allowed by the manifest's addOns.common.openLinkUrlPrefixes",
        },
      ]);
      expect(checkOpenLinks(results.panel, { addOns: { common: { openLinkUrlPrefixes: ['*'] } } })).toEqual([]);
      expect(checkOpenLinks(results.panel, manifest, { googleExempt: false }).map((p) => p.url)).toContain(
        'https://mail.google.com/mail/?to=cora',
      );
      expect(checkOpenLinks(results.link, manifest)).toMatchObject([
        { url: 'https://evil.example.net/x', where: 'renderActions.action.link' },
      ]);
    });

    test('no allowlist at all, and invalid prefixes, are reported', () => {
      expect(checkOpenLinks(results.link, {})).toEqual([
        {
          kind: 'link',
          url: 'https://evil.example.net/x',
          where: 'renderActions.action.link',
          message:
            'The link https://evil.example.net/x cannot be opened: the manifest has no addOns.common.openLinkUrlPrefixes',
        },
      ]);
      const bad = checkOpenLinks([], {
        addOns: { common: { openLinkUrlPrefixes: ['https://example.com', 'http://example.com/'] } },
      });
      expect(bad.map((p) => [p.kind, p.url])).toEqual([
        ['prefix', 'https://example.com'],
        ['prefix', 'http://example.com/'],
      ]);
      expect(bad[0]!.message).toContain('non-empty path');
    });

    test('collectLinks', () => {
      expect(
        collectLinks({ text: '<a href=\'https://a.test/x\'>a</a> <a href="https://b.test/?q=1&amp;r=2">b</a>' }).map(
          (l) => l.url,
        ),
      ).toEqual(['https://a.test/x', 'https://b.test/?q=1&r=2']);
    });
  });
});
