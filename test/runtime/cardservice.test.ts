// CardService in the local runtime: scripts build cards and responses exactly as the add-on does, and
// the tests pin the JSON they produce (google.apps.card.v1 / the HTTP add-on response JSON, see
// src/local/cards/card-json.ts) and the exceptions the builders throw.
import { scriptRuntime } from './helpers';

const CODE = String.raw`
function fullCard() {
  var cs = CardService;
  var confirm = cs.newAction().setFunctionName('onConfirm')
    .setParameters({ eventId: 'ev1', step: '2' }).setLoadIndicator(cs.LoadIndicator.SPINNER);
  return cs.newCardBuilder()
    .setName('main')
    .setHeader(cs.newCardHeader().setTitle('Alignment meeting').setSubtitle('With your manager and coach')
      .setImageUrl('https://example.com/logo.png').setImageStyle(cs.ImageStyle.CIRCLE).setImageAltText('logo'))
    .setPeekCardHeader(cs.newCardHeader().setTitle('Peek'))
    .setDisplayStyle(cs.DisplayStyle.REPLACE)
    .addSection(cs.newCardSection().setHeader('About').setCollapsible(true).setNumUncollapsibleWidgets(1)
      .addWidget(cs.newTextParagraph().setText('<b>Hello</b>').setMaxLines(3))
      .addWidget(cs.newDecoratedText().setTopLabel('Coach').setText('Cora').setBottomLabel('facilitates')
        .setWrapText(true)
        .setStartIcon(cs.newIconImage().setIcon(cs.Icon.PERSON).setAltText('person'))
        .setButton(cs.newTextButton().setText('Profile').setOpenLink(cs.newOpenLink().setUrl('https://example.com/cora'))))
      .addWidget(cs.newDivider())
      .addWidget(cs.newImage().setImageUrl('https://example.com/a.png').setAltText('diagram')))
    .addSection(cs.newCardSection()
      .addWidget(cs.newTextInput().setFieldName('agenda').setTitle('Agenda').setHint('What to align on')
        .setMultiline(true).setValue('Goals')
        .setValidation(cs.newValidation().setCharacterLimit('500').setInputType(cs.InputType.TEXT)))
      .addWidget(cs.newSelectionInput().setType(cs.SelectionInputType.RADIO_BUTTON).setTitle('Coach role')
        .setFieldName('role').addItem('Observe', 'observe', false).addItem('Facilitate', 'facilitate', true))
      .addWidget(cs.newDatePicker().setFieldName('day').setTitle('Day').setValueInMsSinceEpoch(1767225600000))
      .addWidget(cs.newDateTimePicker().setFieldName('start').setTitle('Start')
        .setValueInMsSinceEpoch('1767258000000').setTimeZoneOffsetInMins(60))
      .addWidget(cs.newButtonSet()
        .addButton(cs.newTextButton().setText('Confirm').setOnClickAction(confirm)
          .setTextButtonStyle(cs.TextButtonStyle.FILLED).setBackgroundColor('#1a73e8'))
        .addButton(cs.newTextButton().setText('Later').setDisabled(true)
          .setOnClickAction(cs.newAction().setFunctionName('onLater')))))
    .setFixedFooter(cs.newFixedFooter()
      .setPrimaryButton(cs.newTextButton().setText('Save').setOnClickAction(cs.newAction().setFunctionName('onSave')))
      .setSecondaryButton(cs.newTextButton().setText('Help')
        .setOpenLink(cs.newOpenLink().setUrl('https://example.com/help').setOpenAs(cs.OpenAs.OVERLAY).setOnClose(cs.OnClose.RELOAD))))
    .build();
}

function simpleCard(title) {
  return CardService.newCardBuilder().setHeader(CardService.newCardHeader().setTitle(title || 'Simple'))
    .addSection(CardService.newCardSection().addWidget(CardService.newTextParagraph().setText('body'))).build();
}
function trigger() { return [simpleCard('One'), simpleCard('Two')]; }
function printed() { var c = fullCard(); return { printed: c.printJson(), card: c }; }

function navResponse() {
  var n = CardService.newNavigation().popToRoot().pushCard(simpleCard('Pushed')).popCard()
    .popToNamedCard('main').updateCard(simpleCard('Updated'));
  return CardService.newActionResponseBuilder().setNavigation(n)
    .setNotification(CardService.newNotification().setText('Saved'))
    .setStateChanged(true).build();
}
function linkResponse() {
  return CardService.newActionResponseBuilder().setOpenLink(CardService.newOpenLink().setUrl('https://example.com/x')
    .setOpenAs(CardService.OpenAs.FULL_SIZE).setOnClose(CardService.OnClose.RELOAD_ADD_ON)).build();
}
function printedResponse() { return navResponse().printJson(); }
function universalCards() { return CardService.newUniversalActionResponseBuilder().displayAddOnCards([simpleCard('U1'), simpleCard('U2')]).build(); }
function universalLink() { return CardService.newUniversalActionResponseBuilder().setOpenLink(CardService.newOpenLink().setUrl('https://example.com/u')).build(); }
function attachment(title) {
  return CardService.newAttachment().setResourceUrl('https://example.com/toolkit').setTitle(title)
    .setMimeType('text/html').setIconUrl('https://example.com/icon.png');
}
function calendarResponse() {
  return CardService.newCalendarEventActionResponseBuilder()
    .addAttendees(['manager@acme.test']).addAttendees(['coach@coaching.test'])
    .addAttachments([attachment('Manager toolkit')]).build();
}
function calendarExtra() { return CardService.newCalendarEventActionResponseBuilder().setDescription('x'); }

function grid() {
  var cs = CardService;
  return cs.newCardBuilder().addSection(cs.newCardSection().addWidget(cs.newGrid().setTitle('Toolkit').setNumColumns(2)
    .setBorderStyle(cs.newBorderStyle().setType(cs.BorderType.STROKE).setCornerRadius(8))
    .addItem(cs.newGridItem().setIdentifier('prep').setTitle('Prepare').setSubtitle('15 min')
      .setImage(cs.newImageComponent().setImageUrl('https://example.com/p.png').setAltText('prep')
        .setCropStyle(cs.newImageCropStyle().setImageCropType(cs.ImageCropType.CIRCLE))))
    .setOnClickAction(cs.newAction().setFunctionName('onGrid')))).build();
}
function loneButton() {
  return CardService.newCardBuilder().addSection(CardService.newCardSection()
    .addWidget(CardService.newTextButton().setText('Go').setOnClickAction(CardService.newAction().setFunctionName('go')))).build();
}
function conversions() {
  var p = CardService.newTextParagraph();
  var same = p.setText(42) === p;
  var card = CardService.newCardBuilder().addSection(CardService.newCardSection().addWidget(p)).build();
  return { same: same, card: card };
}
function snapshot() {
  var section = CardService.newCardSection().addWidget(CardService.newTextParagraph().setText('before'));
  var builder = CardService.newCardBuilder().addSection(section);
  var first = builder.build();
  section.addWidget(CardService.newTextParagraph().setText('after'));
  return [first, builder.build()];
}
function enums() {
  var v = CardService.SelectionInputType.DROPDOWN;
  return [String(v), v.name(), v.ordinal(), typeof v, CardService.LoadIndicator.NONE.toString()];
}
function opaque() {
  return [JSON.stringify(CardService.newCardBuilder().setName('n')), Object.keys(CardService.newTextParagraph()).length,
    JSON.parse(JSON.stringify({ nested: simpleCard('J') })).nested.header.title];
}
function tryIt(name) {
  try { ERRORS[name](); return 'no error'; } catch (e) { return e.name + ': ' + e.message; }
}
function widgets(n) {
  var s = CardService.newCardSection();
  for (var i = 0; i < n; i++) s.addWidget(CardService.newTextParagraph().setText('w' + i));
  return s;
}
function button(text) { return CardService.newTextButton().setText(text).setOnClickAction(CardService.newAction().setFunctionName('f')); }
function cardWith(w) { return CardService.newCardBuilder().addSection(CardService.newCardSection().addWidget(w)).build(); }

var ERRORS = {
  noSection: function () { CardService.newCardBuilder().setHeader(CardService.newCardHeader().setTitle('t')).build(); },
  emptySection: function () { CardService.newCardBuilder().addSection(CardService.newCardSection().setHeader('Empty')).build(); },
  headerWithoutTitle: function () { CardService.newCardBuilder().setHeader(CardService.newCardHeader().setSubtitle('s')).addSection(widgets(1)).build(); },
  textInputNoName: function () { cardWith(CardService.newTextInput().setTitle('Agenda')); },
  textInputNoTitle: function () { cardWith(CardService.newTextInput().setFieldName('agenda')); },
  selectionNoName: function () { cardWith(CardService.newSelectionInput().setTitle('Role').addItem('a', 'a', false)); },
  selectionNoItems: function () { cardWith(CardService.newSelectionInput().setFieldName('role')); },
  radioTwoSelected: function () {
    cardWith(CardService.newSelectionInput().setFieldName('role').setType(CardService.SelectionInputType.RADIO_BUTTON)
      .addItem('a', 'a', true).addItem('b', 'b', true));
  },
  datePickerNoName: function () { cardWith(CardService.newDatePicker().setTitle('Day')); },
  dateTimePickerNoName: function () { cardWith(CardService.newDateTimePicker().setTitle('Start')); },
  buttonNoText: function () { cardWith(CardService.newTextButton().setOnClickAction(CardService.newAction().setFunctionName('f'))); },
  buttonNoAction: function () { cardWith(CardService.newButtonSet().addButton(CardService.newTextButton().setText('Do'))); },
  buttonTwoBehaviours: function () {
    cardWith(button('Both').setOpenLink(CardService.newOpenLink().setUrl('https://example.com/')));
  },
  actionNoFunction: function () { cardWith(CardService.newTextButton().setText('Do').setOnClickAction(CardService.newAction())); },
  openLinkNoUrl: function () { cardWith(CardService.newTextButton().setText('Go').setOpenLink(CardService.newOpenLink())); },
  emptyButtonSet: function () { cardWith(CardService.newButtonSet()); },
  duplicateFieldNames: function () {
    CardService.newCardBuilder().addSection(CardService.newCardSection()
      .addWidget(CardService.newTextInput().setFieldName('x').setTitle('A'))
      .addWidget(CardService.newTextInput().setFieldName('x').setTitle('B'))).build();
  },
  tooManyWidgets: function () { CardService.newCardBuilder().addSection(widgets(60)).addSection(widgets(41)).build(); },
  hundredWidgets: function () { CardService.newCardBuilder().addSection(widgets(60)).addSection(widgets(40)).build(); },
  tooManySections: function () {
    var b = CardService.newCardBuilder();
    for (var i = 0; i < 101; i++) b.addSection(CardService.newCardSection().addWidget(CardService.newDivider()));
    b.build();
  },
  footerNoPrimary: function () {
    CardService.newCardBuilder().addSection(widgets(1)).setFixedFooter(CardService.newFixedFooter().setSecondaryButton(button('Help'))).build();
  },
  notificationNoText: function () {
    CardService.newActionResponseBuilder().setNotification(CardService.newNotification()).build();
  },
  emptyActionResponse: function () { CardService.newActionResponseBuilder().build(); },
  emptyNavigation: function () { CardService.newActionResponseBuilder().setNavigation(CardService.newNavigation()).build(); },
  nonStringParameter: function () { CardService.newAction().setFunctionName('f').setParameters({ eventId: 'e1', count: 3 }); },
  parametersNotObject: function () { CardService.newAction().setParameters('eventId=e1'); },
  emptyCalendarResponse: function () { CardService.newCalendarEventActionResponseBuilder().build(); },
  attachmentIncomplete: function () {
    CardService.newCalendarEventActionResponseBuilder()
      .addAttachments([CardService.newAttachment().setResourceUrl('https://example.com/').setTitle('t')]).build();
  },
  tooManyAttachments: function () {
    var list = [];
    for (var i = 0; i < 26; i++) list.push(attachment('a' + i));
    CardService.newCalendarEventActionResponseBuilder().addAttachments(list).build();
  },
  attendeesNotStrings: function () { CardService.newCalendarEventActionResponseBuilder().addAttendees('manager@acme.test'); },
  conferenceDataPlainObject: function () { CardService.newCalendarEventActionResponseBuilder().setConferenceData({ conferenceId: 'x' }); },
  universalEmpty: function () { CardService.newUniversalActionResponseBuilder().build(); },
  universalBoth: function () {
    CardService.newUniversalActionResponseBuilder().displayAddOnCards([simpleCard()])
      .setOpenLink(CardService.newOpenLink().setUrl('https://example.com/')).build();
  },
  enumAsString: function () { CardService.newSelectionInput().setType('DROPDOWN'); },
  wrongEnum: function () { CardService.newSelectionInput().setType(CardService.OpenAs.OVERLAY); },
  widgetAsString: function () { CardService.newCardSection().addWidget('hello'); },
  sectionAsWidget: function () { CardService.newCardSection().addWidget(CardService.newCardSection()); },
  collapsibleNotBoolean: function () { CardService.newCardSection().setCollapsible('yes'); },
  textNull: function () { CardService.newTextParagraph().setText(null); },
  addItemNoSelected: function () { CardService.newSelectionInput().addItem('a', 'a'); },
  badColor: function () { CardService.newTextButton().setBackgroundColor('blue'); },
  unknownFactory: function () { CardService.newKeyValue(); },
  unknownMethod: function () { CardService.newTextParagraph().setMarkdown('x'); },
  unknownEnumValue: function () { return CardService.SelectionInputType.COMBO_BOX; },
  cardBuilderPrintJson: function () { CardService.newCardBuilder().printJson(); },
};
`;

interface Run {
  ok: boolean;
  value?: unknown;
  error?: { name: string; message: string };
  localCalls: Record<string, number>;
  counters: { totalServiceCalls: number };
}

describe('CardService', () => {
  const { runtime } = scriptRuntime([{ name: 'cards', code: CODE }]);
  afterAll(() => runtime.close());
  const run = async (fn: string, ...args: unknown[]): Promise<Run> => {
    const r = await runtime.execute({ project: 'cards', fn, args, user: 'coachee@acme.test' });
    return r as Run;
  };
  const value = async (fn: string, ...args: unknown[]): Promise<unknown> => {
    const r = await run(fn, ...args);
    if (!r.ok) throw new Error(`${fn} failed: ${r.error?.message}`);
    return r.value;
  };

  test('a card builds to google.apps.card.v1 JSON, every builder and field in its place', async () => {
    const action = {
      function: 'onConfirm',
      parameters: [
        { key: 'eventId', value: 'ev1' },
        { key: 'step', value: '2' },
      ],
      loadIndicator: 'SPINNER',
    };
    expect(await value('fullCard')).toEqual({
      header: {
        title: 'Alignment meeting',
        subtitle: 'With your manager and coach',
        imageUrl: 'https://example.com/logo.png',
        imageType: 'CIRCLE',
        imageAltText: 'logo',
      },
      sections: [
        {
          header: 'About',
          collapsible: true,
          uncollapsibleWidgetsCount: 1,
          widgets: [
            { textParagraph: { text: '<b>Hello</b>', maxLines: 3 } },
            {
              decoratedText: {
                topLabel: 'Coach',
                text: 'Cora',
                bottomLabel: 'facilitates',
                wrapText: true,
                startIcon: { knownIcon: 'PERSON', altText: 'person' },
                button: { text: 'Profile', onClick: { openLink: { url: 'https://example.com/cora' } } },
              },
            },
            { divider: {} },
            { image: { imageUrl: 'https://example.com/a.png', altText: 'diagram' } },
          ],
        },
        {
          widgets: [
            {
              textInput: {
                name: 'agenda',
                label: 'Agenda',
                type: 'MULTIPLE_LINE',
                hintText: 'What to align on',
                value: 'Goals',
                validation: { characterLimit: 500, inputType: 'TEXT' },
              },
            },
            {
              selectionInput: {
                name: 'role',
                label: 'Coach role',
                type: 'RADIO_BUTTON',
                items: [
                  { text: 'Observe', value: 'observe', selected: false },
                  { text: 'Facilitate', value: 'facilitate', selected: true },
                ],
              },
            },
            { dateTimePicker: { name: 'day', label: 'Day', type: 'DATE_ONLY', valueMsEpoch: 1767225600000 } },
            {
              dateTimePicker: {
                name: 'start',
                label: 'Start',
                type: 'DATE_AND_TIME',
                valueMsEpoch: 1767258000000,
                timezoneOffsetDate: 60,
              },
            },
            {
              buttonList: {
                buttons: [
                  {
                    text: 'Confirm',
                    onClick: { action },
                    type: 'FILLED',
                    color: { red: 0.102, green: 0.451, blue: 0.91 },
                  },
                  { text: 'Later', onClick: { action: { function: 'onLater' } }, disabled: true },
                ],
              },
            },
          ],
        },
      ],
      fixedFooter: {
        primaryButton: { text: 'Save', onClick: { action: { function: 'onSave' } } },
        secondaryButton: {
          text: 'Help',
          onClick: { openLink: { url: 'https://example.com/help', openAs: 'OVERLAY', onClose: 'RELOAD' } },
        },
      },
      name: 'main',
      peekCardHeader: { title: 'Peek' },
      displayStyle: 'REPLACE',
    });
  });

  test('a trigger returning Card[] serializes to an array of card JSON, untagged', async () => {
    const cards = (await value('trigger')) as { header: { title: string }; $type?: string }[];
    expect(cards.map((c) => c.header.title)).toEqual(['One', 'Two']);
    expect(cards[0]).not.toHaveProperty('$type');
  });

  test('Card.printJson() prints the same card JSON', async () => {
    const v = (await value('printed')) as { printed: string; card: unknown };
    expect(typeof v.printed).toBe('string');
    expect(JSON.parse(v.printed)).toEqual(v.card);
  });

  test('ActionResponse: navigations in order, notification, state change, in the HTTP runtime shape', async () => {
    const simple = (title: string) => ({
      header: { title },
      sections: [{ widgets: [{ textParagraph: { text: 'body' } }] }],
    });
    expect(await value('navResponse')).toEqual({
      $type: 'ActionResponse',
      renderActions: {
        action: {
          navigations: [
            { popToRoot: true },
            { pushCard: simple('Pushed') },
            { pop: true },
            { popToCard: 'main' },
            { updateCard: simple('Updated') },
          ],
          notification: { text: 'Saved' },
        },
      },
      stateChanged: true,
    });
    // printJson is Google's JSON: no "$type".
    const printed = JSON.parse((await value('printedResponse')) as string) as Record<string, unknown>;
    expect(printed).not.toHaveProperty('$type');
    expect(printed).toHaveProperty('renderActions.action.notification.text', 'Saved');
  });

  test('ActionResponse with an open link; the deprecated RELOAD_ADD_ON is written as RELOAD', async () => {
    expect(await value('linkResponse')).toEqual({
      $type: 'ActionResponse',
      renderActions: { action: { link: { url: 'https://example.com/x', openAs: 'FULL_SIZE', onClose: 'RELOAD' } } },
    });
  });

  test('UniversalActionResponse: cards to display, or a link', async () => {
    const cards = (await value('universalCards')) as {
      $type: string;
      renderActions: { action: { navigations: { pushCard: { header: { title: string } } }[] } };
    };
    expect(cards.$type).toBe('UniversalActionResponse');
    expect(cards.renderActions.action.navigations.map((n) => n.pushCard.header.title)).toEqual(['U1', 'U2']);
    expect(await value('universalLink')).toEqual({
      $type: 'UniversalActionResponse',
      renderActions: { action: { link: { url: 'https://example.com/u' } } },
    });
  });

  test('CalendarEventActionResponse: attendees and attachments as calendarAction markup', async () => {
    expect(await value('calendarResponse')).toEqual({
      $type: 'CalendarEventActionResponse',
      renderActions: {
        hostAppAction: {
          calendarAction: {
            editAttendeesActionMarkup: { addAttendeeEmails: ['manager@acme.test', 'coach@coaching.test'] },
            addAttachmentsActionMarkup: {
              addonAttachments: [
                {
                  resourceUrl: 'https://example.com/toolkit',
                  title: 'Manager toolkit',
                  mimeType: 'text/html',
                  iconUrl: 'https://example.com/icon.png',
                },
              ],
            },
          },
        },
      },
    });
  });

  test('PLATFORM.md: the calendar response builder cannot set a description (fails loudly with the name)', async () => {
    const r = await run('calendarExtra');
    expect(r.ok).toBe(false);
    expect(r.error?.message).toBe(
      'The local runtime does not provide CardService.CalendarEventActionResponseBuilder.setDescription',
    );
  });

  test('grid, and a button added on its own (a one-button list)', async () => {
    expect(await value('grid')).toEqual({
      sections: [
        {
          widgets: [
            {
              grid: {
                title: 'Toolkit',
                columnCount: 2,
                borderStyle: { type: 'STROKE', cornerRadius: 8 },
                items: [
                  {
                    id: 'prep',
                    title: 'Prepare',
                    subtitle: '15 min',
                    image: { imageUri: 'https://example.com/p.png', altText: 'prep', cropStyle: { type: 'CIRCLE' } },
                  },
                ],
                onClick: { action: { function: 'onGrid' } },
              },
            },
          ],
        },
      ],
    });
    expect(await value('loneButton')).toEqual({
      sections: [{ widgets: [{ buttonList: { buttons: [{ text: 'Go', onClick: { action: { function: 'go' } } }] } }] }],
    });
  });

  test('setters chain on the same object; primitives convert to strings as in Apps Script', async () => {
    expect(await value('conversions')).toEqual({
      same: true,
      card: { sections: [{ widgets: [{ textParagraph: { text: '42' } }] }] },
    });
  });

  test('a built card is a snapshot: later builder changes do not reach it', async () => {
    const [first, second] = (await value('snapshot')) as { sections: { widgets: unknown[] }[] }[];
    expect(first!.sections[0]!.widgets).toHaveLength(1);
    expect(second!.sections[0]!.widgets).toHaveLength(2);
  });

  test('facade objects are opaque (no internals in JSON.stringify or Object.keys); a card stringifies as its JSON', async () => {
    expect(await value('opaque')).toEqual(['{}', 0, 'J']);
  });

  test('enum values are Apps Script enums, not strings', async () => {
    expect(await value('enums')).toEqual(['DROPDOWN', 'DROPDOWN', 2, 'object', 'NONE']);
  });

  test('builders are answered in the worker: counted as local calls, no service round trip', async () => {
    const r = await run('simpleCard', 'x');
    expect(r.ok).toBe(true);
    expect(r.counters.totalServiceCalls).toBe(0);
    expect(r.localCalls).toMatchObject({
      'CardService.newCardBuilder': 1,
      'CardService.newCardHeader': 1,
      'CardService.CardHeader.setTitle': 1,
      'CardService.CardBuilder.addSection': 1,
      'CardService.CardSection.addWidget': 1,
      'CardService.CardBuilder.build': 1,
    });
  });

  // Validation, as the real builders validate (STRICT where Google does not document it; see the facade).
  const errors: [string, string][] = [
    ['noSection', 'Card must have at least one section (addSection).'],
    ['emptySection', 'Card section "Empty" must have at least one widget.'],
    ['headerWithoutTitle', 'CardHeader must have a title (setTitle).'],
    ['textInputNoName', 'TextInput must have a field name (setFieldName).'],
    ['textInputNoTitle', 'TextInput "agenda" must have a title (setTitle).'],
    ['selectionNoName', 'SelectionInput must have a field name (setFieldName).'],
    ['selectionNoItems', 'SelectionInput "role" must have at least one item (addItem).'],
    ['radioTwoSelected', 'SelectionInput "role" (RADIO_BUTTON) can have at most one selected item.'],
    ['datePickerNoName', 'DatePicker must have a field name (setFieldName).'],
    ['dateTimePickerNoName', 'DateTimePicker must have a field name (setFieldName).'],
    ['buttonNoText', 'TextButton must have text (setText).'],
    [
      'buttonNoAction',
      'TextButton "Do" must have an action or a link (setOnClickAction, setOpenLink or setOnClickOpenLinkAction).',
    ],
    [
      'buttonTwoBehaviours',
      'TextButton can only have one of setOnClickAction, setOpenLink or setOnClickOpenLinkAction.',
    ],
    ['actionNoFunction', 'Action must have a function name (setFunctionName).'],
    ['openLinkNoUrl', 'OpenLink must have a URL (setUrl).'],
    ['emptyButtonSet', 'ButtonSet must have at least one button (addButton).'],
    ['duplicateFieldNames', 'Field name "x" is used by more than one input on this card; field names must be unique.'],
    ['tooManyWidgets', 'Card has 101 widgets; the limit is 100.'],
    ['tooManySections', 'Card has 101 sections; the limit is 100.'],
    ['footerNoPrimary', 'FixedFooter must have a primary button (setPrimaryButton).'],
    ['notificationNoText', 'Notification must have text (setText).'],
    ['emptyActionResponse', 'ActionResponse must have a navigation, a notification, an open link or a state change.'],
    [
      'emptyNavigation',
      'Navigation must have at least one step (pushCard, popCard, popToRoot, popToNamedCard or updateCard).',
    ],
    ['nonStringParameter', 'Invalid argument: parameters. Action parameter values must be strings; "count" is number.'],
    [
      'parametersNotObject',
      "The parameters (String) don't match the method signature for CardService.Action.setParameters.",
    ],
    [
      'emptyCalendarResponse',
      'CalendarEventActionResponse must make a change (addAttendees, addAttachments or setConferenceData).',
    ],
    ['attachmentIncomplete', 'Attachment is missing mimeType, iconUrl.'],
    ['tooManyAttachments', 'An event can have at most 25 attachments; this response adds 26.'],
    [
      'attendeesNotStrings',
      "The parameters (String) don't match the method signature for CardService.CalendarEventActionResponseBuilder.addAttendees.",
    ],
    [
      'conferenceDataPlainObject',
      "The parameters (Object) don't match the method signature for CardService.CalendarEventActionResponseBuilder.setConferenceData.",
    ],
    ['universalEmpty', 'UniversalActionResponse must display cards (displayAddOnCards) or open a link (setOpenLink).'],
    ['universalBoth', 'UniversalActionResponse can display cards or open a link, not both.'],
    [
      'enumAsString',
      "The parameters (String) don't match the method signature for CardService.SelectionInput.setType.",
    ],
    [
      'wrongEnum',
      "The parameters (CardService.OpenAs) don't match the method signature for CardService.SelectionInput.setType.",
    ],
    [
      'widgetAsString',
      "The parameters (String) don't match the method signature for CardService.CardSection.addWidget.",
    ],
    [
      'sectionAsWidget',
      "The parameters (CardService.CardSection) don't match the method signature for CardService.CardSection.addWidget.",
    ],
    [
      'collapsibleNotBoolean',
      "The parameters (String) don't match the method signature for CardService.CardSection.setCollapsible.",
    ],
    ['textNull', "The parameters (null) don't match the method signature for CardService.TextParagraph.setText."],
    [
      'addItemNoSelected',
      "The parameters (String,String) don't match the method signature for CardService.SelectionInput.addItem.",
    ],
    ['badColor', 'Invalid argument: blue is not a color in #RRGGBB form'],
    ['unknownFactory', 'The local runtime does not provide CardService.newKeyValue'],
    ['unknownMethod', 'The local runtime does not provide CardService.TextParagraph.setMarkdown'],
    ['unknownEnumValue', 'The local runtime does not provide CardService.SelectionInputType.COMBO_BOX'],
    // Google's CardBuilder has no printJson (the built Card has).
    ['cardBuilderPrintJson', 'The local runtime does not provide CardService.CardBuilder.printJson'],
  ];
  test.each(errors)('%s throws an Exception', async (name, message) => {
    expect(await value('tryIt', name)).toBe(`Exception: ${message}`);
  });

  test('exactly 100 widgets is still a valid card', async () => {
    expect(await value('tryIt', 'hundredWidgets')).toBe('no error');
  });

  test('an uncaught builder error fails the execution with its message', async () => {
    const r2 = await runtime.execute({ project: 'cards', fn: 'cardWith', args: [], user: 'coachee@acme.test' });
    expect(r2.ok).toBe(false);
    expect(r2.error).toMatchObject({
      name: 'Exception',
      message: "The parameters (null) don't match the method signature for CardService.CardSection.addWidget.",
    });
  });
});
