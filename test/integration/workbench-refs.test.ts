// How the workbench resolves the widget a person used (src/local/workbench/refs.ts): from untrusted
// JSON to the exact widget of the card the server holds, or a refusal.
import { parseRef, resolveRef } from '../../src/local/workbench/refs';
import type { CardJson } from '../../src/local/cards';

const act = (fn: string) => ({ action: { function: fn } });

const CARD: CardJson = {
  header: { title: 'T' },
  sections: [
    {
      widgets: [
        {
          buttonList: {
            buttons: [
              { text: 'Same', onClick: act('first') },
              { text: 'Same', onClick: act('second') },
              { text: '<b>Off</b>', disabled: true, onClick: act('off') },
            ],
          },
        },
        {
          decoratedText: {
            text: 'Row',
            onClick: { openLink: { url: 'https://docs.google.com/x' } },
            button: { text: 'Go', onClick: act('go') },
          },
        },
        { textInput: { name: 'q', label: 'Query', type: 'SINGLE_LINE', onChangeAction: { function: 'changed' } } },
        { textParagraph: { text: 'no action here' } },
        { grid: { items: [{ title: 'A' }, { title: 'B' }], onClick: act('grid') } },
      ],
    },
  ],
  fixedFooter: { primaryButton: { text: 'Primary', onClick: act('primary') } },
  cardActions: [{ actionLabel: 'Menu item', onClick: act('menu') }],
};

describe('workbench widget references', () => {
  test('parseRef accepts only well-formed references', () => {
    expect(parseRef({ kind: 'listButton', section: 0, widget: 0, index: 1 })).toEqual({
      kind: 'listButton',
      section: 0,
      widget: 0,
      index: 1,
    });
    expect(parseRef({ kind: 'footer', which: 'primary' })).toEqual({ kind: 'footer', which: 'primary' });
    for (const bad of [
      null,
      'x',
      {},
      { kind: 'listButton', section: 0, widget: 0 },
      { kind: 'listButton', section: -1, widget: 0, index: 0 },
      { kind: 'decorated', section: 0.5, widget: 0 },
      { kind: 'footer', which: 'middle' },
      { kind: 'cardAction' },
      { kind: 'eval', code: '1' },
    ]) {
      expect(parseRef(bad)).toBeNull();
    }
  });

  test('two buttons with the same label are told apart by their place', () => {
    const a = resolveRef(CARD, { kind: 'listButton', section: 0, widget: 0, index: 0 });
    const b = resolveRef(CARD, { kind: 'listButton', section: 0, widget: 0, index: 1 });
    expect(a).toMatchObject({ what: 'click', label: 'Same', onClick: act('first') });
    expect(b).toMatchObject({ what: 'click', label: 'Same', onClick: act('second') });
  });

  test('each kind of widget resolves to its own behaviour', () => {
    expect(resolveRef(CARD, { kind: 'listButton', section: 0, widget: 0, index: 2 })).toMatchObject({
      label: 'Off',
      disabled: true,
    });
    expect(resolveRef(CARD, { kind: 'decorated', section: 0, widget: 1 })).toMatchObject({
      onClick: { openLink: { url: 'https://docs.google.com/x' } },
    });
    expect(resolveRef(CARD, { kind: 'decoratedButton', section: 0, widget: 1 })).toMatchObject({
      label: 'Go',
      onClick: act('go'),
    });
    expect(resolveRef(CARD, { kind: 'change', section: 0, widget: 2 })).toEqual({
      what: 'change',
      label: 'Query',
      action: { function: 'changed' },
    });
    expect(resolveRef(CARD, { kind: 'grid', section: 0, widget: 4, index: 1 })).toMatchObject({
      label: 'B',
      onClick: act('grid'),
    });
    expect(resolveRef(CARD, { kind: 'footer', which: 'primary' })).toMatchObject({
      label: 'Primary',
      onClick: act('primary'),
    });
    expect(resolveRef(CARD, { kind: 'cardAction', index: 0 })).toMatchObject({
      label: 'Menu item',
      onClick: act('menu'),
    });
  });

  test('a widget that is not on the card (or does nothing) resolves to null', () => {
    expect(resolveRef(CARD, { kind: 'listButton', section: 0, widget: 0, index: 9 })).toBeNull();
    expect(resolveRef(CARD, { kind: 'listButton', section: 3, widget: 0, index: 0 })).toBeNull();
    expect(resolveRef(CARD, { kind: 'change', section: 0, widget: 3 })).toBeNull();
    expect(resolveRef(CARD, { kind: 'image', section: 0, widget: 3 })).toBeNull();
    expect(resolveRef(CARD, { kind: 'footer', which: 'secondary' })).toBeNull();
    expect(resolveRef(CARD, { kind: 'cardAction', index: 1 })).toBeNull();
  });
});
