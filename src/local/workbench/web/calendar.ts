// Calendar: the week view, and creating or opening an event from it.
import type { EditorView, EventView, WeekEvent, WeekView } from '../views';
import { h } from './dom';
import { syncPanel } from './panel';
import { api, asQ, fail, go, me, renders, state, view } from './state';

const HOUR_PX = 48;

/** One day's part of an event, placed in a lane of its cluster of overlapping events. */
interface Segment {
  day: number;
  from: number;
  to: number;
  ev: WeekEvent;
  lane: number;
  lanes: number;
}

function layoutDay(segs: Segment[]): Segment[] {
  // Overlapping events share the column: greedy lanes within each cluster of overlaps.
  const sorted = [...segs].sort((a, b) => a.from - b.from || b.to - a.to);
  let cluster: Segment[] = [];
  let clusterEnd = -1;
  const flush = () => {
    const lanes = Math.max(...cluster.map((s) => s.lane + 1));
    for (const s of cluster) s.lanes = lanes;
    cluster = [];
  };
  for (const s of sorted) {
    if (cluster.length && s.from >= clusterEnd) flush();
    const used = new Set(cluster.filter((c) => c.to > s.from).map((c) => c.lane));
    let lane = 0;
    while (used.has(lane)) lane++;
    s.lane = lane;
    cluster.push(s);
    clusterEnd = Math.max(clusterEnd, s.to);
  }
  if (cluster.length) flush();
  return sorted;
}

export async function renderWeek(seq: number): Promise<void> {
  const week = await api<WeekView>('GET', `/api/calendar?${asQ()}${state.week ? `&week=${state.week}` : ''}`);
  if (seq !== renders.seq) return;
  const cols = week.days.map((d, i) => {
    const col = h('div', { class: `day-col${d.isToday ? ' today' : ''}`, 'data-day': d.date });
    col.addEventListener('click', (e) => {
      if (e.target !== col) return;
      const minute = Math.max(0, Math.min(23 * 60 + 30, Math.floor(e.offsetY / (HOUR_PX / 2)) * 30));
      void createEvent(
        `${d.date}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
      );
    });
    const segs = week.events.flatMap((ev) =>
      ev.segments.filter((s) => s.day === i).map((s) => ({ ...s, ev, lane: 0, lanes: 1 })),
    );
    for (const s of layoutDay(segs)) {
      const ev = s.ev;
      const cls = ['ev'];
      if (ev.ccm) cls.push('ccm');
      if (!ev.isOrganizer && ev.myResponse === 'needsAction') cls.push('unanswered');
      if (ev.myResponse === 'declined') cls.push('declined');
      if (ev.isOrganizer) cls.push('mine');
      const height = Math.max(18, ((s.to - s.from) / 60) * HOUR_PX - 2);
      const chip = h(
        'button',
        {
          type: 'button',
          class: cls.join(' '),
          'data-event-id': ev.id,
          'aria-label': `${ev.title}, ${ev.timeText}${ev.ccm ? ', CCM alignment meeting' : ''}`,
          style: `top:${(s.from / 60) * HOUR_PX}px;height:${height}px;left:calc(${(s.lane / s.lanes) * 100}% + 2px);width:calc(${100 / s.lanes}% - 6px)`,
          onclick: () => void openEvent(ev.id),
        },
        h(
          'span',
          { class: 'ev-title' },
          ev.ccm ? h('span', { class: 'ev-badge', 'aria-hidden': 'true' }, 'CCM') : null,
          ev.title,
        ),
        height > 30 ? h('span', { class: 'ev-time' }, ev.timeText.split(' · ')[1] ?? '') : null,
      );
      col.append(chip);
    }
    if (week.now && week.now.day === i)
      col.append(
        h('div', { class: 'now-line', style: `top:${(week.now.minute / 60) * HOUR_PX}px`, 'aria-hidden': 'true' }),
      );
    return col;
  });
  const hours = Array.from({ length: 24 }, (_, i) =>
    h('div', { class: 'hour-label' }, i === 0 ? '' : `${String(i).padStart(2, '0')}:00`),
  );
  const scroller = h(
    'div',
    { class: 'cal-scroll' },
    h('div', { class: 'cal-body' }, h('div', { class: 'gutter' }, hours), cols),
  );
  view.replaceChildren(
    h(
      'div',
      { class: 'calendar' },
      h(
        'div',
        { class: 'cal-toolbar' },
        h(
          'button',
          { type: 'button', class: 'create', onclick: () => void createEvent() },
          h('span', { class: 'plus', 'aria-hidden': 'true' }, '+'),
          'Create',
        ),
        h(
          'button',
          { type: 'button', class: 'btn outlined', onclick: () => go({ app: 'calendar', week: week.thisWeek }) },
          'Today',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'icon-btn',
            'aria-label': 'Previous week',
            onclick: () => go({ app: 'calendar', week: week.prevWeek }),
          },
          '‹',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'icon-btn',
            'aria-label': 'Next week',
            onclick: () => go({ app: 'calendar', week: week.nextWeek }),
          },
          '›',
        ),
        h('h1', { class: 'cal-title' }, week.title),
        h('span', { class: 'tz-note' }, `${me().name}'s calendar · ${week.timeZone} (${week.zoneLabel})`),
      ),
      h(
        'div',
        { class: 'cal-head' },
        h('div', { class: 'gutter-head', text: week.zoneLabel }),
        week.days.map((d) =>
          h(
            'div',
            { class: `day-head${d.isToday ? ' today' : ''}` },
            h('span', { class: 'dh-wd' }, d.weekday),
            h('span', { class: 'dh-day' }, String(d.day)),
          ),
        ),
      ),
      scroller,
    ),
  );
  scroller.scrollTop = 7.5 * HOUR_PX;
  state.week = week.weekStart;
  void syncPanel({ host: 'CALENDAR' });
}

async function createEvent(start?: string): Promise<void> {
  try {
    const res = await api<{ editor: EditorView }>('POST', '/api/editor', { as: state.as, ...(start ? { start } : {}) });
    go({ app: 'calendar', draft: res.editor.draftId });
  } catch (err) {
    fail(err);
  }
}

async function openEvent(eventId: string): Promise<void> {
  try {
    const res = await api<{ editor?: EditorView; event?: EventView }>(
      'POST',
      `/api/events/${encodeURIComponent(eventId)}/open`,
      { as: state.as },
    );
    if (res.editor) go({ app: 'calendar', draft: res.editor.draftId });
    else go({ app: 'calendar', event: eventId });
  } catch (err) {
    fail(err);
  }
}
