// Who is acting: avatars, the persona button and the "Act as" menu.
import type { PersonView, Role } from '../views';
import { $, h } from './dom';
import { closePanel } from './panel';
import { closeMenus, go, me, state } from './state';

function hue(email: string): number {
  let n = 0;
  for (const c of email) n = (n * 31 + c.charCodeAt(0)) % 360;
  return n;
}

export function avatar(p: { email: string; initials: string }, size = 32): HTMLElement {
  return h(
    'span',
    {
      class: 'avatar',
      'aria-hidden': 'true',
      style: `--h:${hue(p.email)};width:${size}px;height:${size}px;font-size:${Math.round(size * 0.4)}px`,
    },
    p.initials,
  );
}

const ROLE_LABEL: Record<Role, string> = {
  coachee: 'Coachee',
  manager: 'Manager',
  coach: 'Coach',
  admin: 'Program admin',
  service: 'Service owner',
};

function roleText(p: PersonView): string {
  return p.roles.length ? p.roles.map((r) => ROLE_LABEL[r]).join(', ') : 'Colleague';
}

export function renderPersonaButton(): void {
  const p = me();
  const b = $('persona-button');
  b.replaceChildren(
    avatar(p, 30),
    h(
      'span',
      { class: 'persona-text' },
      h('span', { class: 'persona-name' }, p.name),
      h('span', { class: 'persona-role' }, roleText(p)),
    ),
    h('span', { class: 'caret', 'aria-hidden': 'true' }, '▾'),
  );
  b.setAttribute('aria-label', `Acting as ${p.name}, ${roleText(p)}. Switch person`);
}

export function renderPersonaMenu(): void {
  const menu = $('persona-menu');
  const groups: [string, (p: PersonView) => boolean][] = [
    ['Coachees', (p) => p.roles.includes('coachee')],
    ['Managers', (p) => p.roles.includes('manager') && !p.roles.includes('coachee')],
    ['Coaches', (p) => p.roles.includes('coach') && !p.roles.includes('coachee') && !p.roles.includes('manager')],
    [
      'Program',
      (p) =>
        (p.roles.includes('admin') || p.roles.includes('service')) &&
        !(['coachee', 'manager', 'coach'] as const).some((r) => p.roles.includes(r)),
    ],
    ['Others', (p) => p.roles.length === 0],
  ];
  menu.replaceChildren(
    ...groups.flatMap(([title, test]) => {
      const list = (state.boot?.people ?? []).filter(test);
      if (!list.length) return [];
      return [
        h('div', { class: 'menu-group', role: 'presentation' }, title),
        ...list.map((p) =>
          h(
            'button',
            {
              type: 'button',
              role: 'menuitemradio',
              'aria-checked': String(p.email === state.as),
              class: 'persona-item',
              onclick: () => {
                closeMenus();
                switchPersona(p.email);
              },
            },
            avatar(p, 28),
            h(
              'span',
              { class: 'pi-text' },
              h('span', { class: 'pi-name' }, p.name, p.external ? h('span', { class: 'tag ext' }, 'external') : null),
              h('span', { class: 'pi-about' }, p.about),
            ),
          ),
        ),
      ];
    }),
  );
}

function switchPersona(email: string): void {
  localStorage.setItem('ccm.persona', email);
  $('toast').classList.remove('show');
  closePanel();
  go({ as: email, week: null, tab: null });
}
