import type { TimelineItem } from './api.js';
import { h } from './dom.js';
import { describeEvent } from './event-text.js';

type NameOf = (code: string) => string;

/**
 * The relationship's events as a list of buttons, in the timeline's order: each with its date, what
 * happened (struck through when retracted) and badges for corrections, corrections after "known at" and
 * retraction. `select` is called with the event's id when its button is clicked.
 */
export function renderEventList(
  list: HTMLOListElement,
  items: TimelineItem[],
  laterCorrections: Map<string, unknown[]>,
  nameOf: NameOf,
  select: (eventId: string) => void,
): void {
  list.replaceChildren(
    ...items.map((item) => {
      const button = h(
        'button',
        { type: 'button', class: 'event-button', 'data-event': item.eventId },
        h('span', { class: 'event-date' }, item.occurredOn),
        ' ',
        item.retraction ? h('s', {}, describeEvent(item, nameOf)) : describeEvent(item, nameOf),
        item.corrections.length > 0 ? h('span', { class: 'badge badge-corrected' }, '✎ corrected') : null,
        (laterCorrections.get(item.eventId) ?? []).length > 0
          ? h('span', { class: 'badge badge-later' }, '⚠ corrected later')
          : null,
        item.retraction ? h('span', { class: 'badge' }, 'retracted') : null,
      );
      button.addEventListener('click', () => select(item.eventId));
      return h('li', {}, button);
    }),
  );
}

/** Marks the selected event's button as pressed, and no other. */
export function markSelected(list: HTMLOListElement, eventId: string | undefined): void {
  for (const button of list.querySelectorAll('button')) {
    button.setAttribute('aria-pressed', String(button.dataset.event === eventId));
  }
}
