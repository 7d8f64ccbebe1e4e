// Small line icons drawn here (no icon font, no emoji: both may be missing on a developer machine).
const SVG = 'http://www.w3.org/2000/svg';

type Shape = [tag: string, attrs: Record<string, string | number>];

const SHAPES: Record<string, Shape[]> = {
  clock: [
    ['circle', { cx: 12, cy: 12, r: 9 }],
    ['path', { d: 'M12 7v5l3.5 2' }],
  ],
  doc: [
    ['path', { d: 'M7 3h7l4 4v14H7z' }],
    ['path', { d: 'M14 3v4h4M9.5 12h5M9.5 15h5M9.5 18h3' }],
  ],
  calendar: [
    ['rect', { x: 4, y: 5, width: 16, height: 15, rx: 2 }],
    ['path', { d: 'M4 10h16M8.5 3v4M15.5 3v4' }],
  ],
  lock: [
    ['rect', { x: 5.5, y: 11, width: 13, height: 9, rx: 2 }],
    ['path', { d: 'M8.5 11V8a3.5 3.5 0 0 1 7 0v3' }],
  ],
  clip: [['path', { d: 'M9 12.5l5.5-5.5a2.8 2.8 0 0 1 4 4l-7.5 7.5a4.6 4.6 0 0 1-6.5-6.5l7-7' }]],
  person: [
    ['circle', { cx: 12, cy: 8, r: 3.8 }],
    ['path', { d: 'M4.5 20c.8-3.8 4-5.8 7.5-5.8s6.7 2 7.5 5.8' }],
  ],
  people: [
    ['circle', { cx: 9, cy: 8.5, r: 3.2 }],
    ['circle', { cx: 16.5, cy: 9.5, r: 2.6 }],
    ['path', { d: 'M3 19c.7-3.3 3.3-5 6-5s5.3 1.7 6 5M15.5 14.2c2.6-.2 4.8 1.3 5.5 4.3' }],
  ],
  mail: [
    ['rect', { x: 3, y: 6, width: 18, height: 12, rx: 2 }],
    ['path', { d: 'M3.5 7l8.5 6 8.5-6' }],
  ],
  video: [
    ['rect', { x: 3, y: 7, width: 12, height: 10, rx: 2 }],
    ['path', { d: 'M15 11l6-3v8l-6-3' }],
  ],
  star: [['path', { d: 'M12 3.5l2.6 5.4 5.9.8-4.3 4.1 1 5.8L12 16.8l-5.2 2.8 1-5.8-4.3-4.1 5.9-.8z' }]],
  phone: [
    [
      'path',
      {
        d: 'M6 3.5h3l1.5 4-2 1.3a11 11 0 0 0 6.7 6.7l1.3-2 4 1.5v3a2 2 0 0 1-2.2 2A17 17 0 0 1 4 5.7 2 2 0 0 1 6 3.5z',
      },
    ],
  ],
  pin: [
    ['path', { d: 'M12 21s-6.5-6.2-6.5-11a6.5 6.5 0 0 1 13 0c0 4.8-6.5 11-6.5 11z' }],
    ['circle', { cx: 12, cy: 10, r: 2.3 }],
  ],
  bookmark: [['path', { d: 'M7 3.5h10v17l-5-3.5-5 3.5z' }]],
  check: [['path', { d: 'M5 12.5l4.5 4.5L19 7.5' }]],
  info: [
    ['circle', { cx: 12, cy: 12, r: 9 }],
    ['path', { d: 'M12 11v6M12 7.5v.5' }],
  ],
  warning: [
    ['path', { d: 'M12 3.5l9.5 16.5h-19z' }],
    ['path', { d: 'M12 10v4.5M12 17v.5' }],
  ],
  link: [
    [
      'path',
      { d: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1' },
    ],
  ],
  dot: [['circle', { cx: 12, cy: 12, r: 4 }]],
};

/** An inline SVG icon (decorative unless `label` is given). */
export function svgIcon(
  name: string,
  { size = 18, label = null, cls = 'svg-icon' }: { size?: number; label?: string | null; cls?: string } = {},
): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('class', cls);
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '1.8');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  if (label) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
  } else {
    svg.setAttribute('aria-hidden', 'true');
  }
  for (const [tag, attrs] of SHAPES[name] ?? SHAPES.dot ?? []) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    svg.append(el);
  }
  return svg;
}

/** CardService.Icon names and common material icon names mapped onto the shapes above. */
export const CARD_ICONS: Record<string, string> = {
  PERSON: 'person',
  MULTIPLE_PEOPLE: 'people',
  EVENT_PERFORMER: 'person',
  EMAIL: 'mail',
  INVITE: 'mail',
  CLOCK: 'clock',
  DESCRIPTION: 'doc',
  VIDEO_CAMERA: 'video',
  VIDEO_PLAY: 'video',
  STAR: 'star',
  PHONE: 'phone',
  MAP_PIN: 'pin',
  BOOKMARK: 'bookmark',
  CONFIRMATION_NUMBER_ICON: 'bookmark',
  TICKET: 'bookmark',
  MEMBERSHIP: 'person',
  OFFER: 'bookmark',
  person: 'person',
  group: 'people',
  groups: 'people',
  event: 'calendar',
  calendar_month: 'calendar',
  calendar_today: 'calendar',
  schedule: 'clock',
  mail: 'mail',
  email: 'mail',
  check: 'check',
  check_circle: 'check',
  done: 'check',
  info: 'info',
  warning: 'warning',
  error: 'warning',
  link: 'link',
  description: 'doc',
  article: 'doc',
  videocam: 'video',
  lock: 'lock',
  star: 'star',
  attach_file: 'clip',
};
