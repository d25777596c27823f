import { h } from './dom.js';

/** The first page: how to start, and the states with the most relationships recorded (links to each). */
export function renderWelcome(
  section: HTMLElement,
  top: { code: string; name: string; relationships: number }[],
): void {
  section.replaceChildren(
    h('h2', {}, 'Choose two states'),
    h(
      'p',
      {},
      'Type a state’s name or code above — the list suggests every state the service knows — and a second one to see their relationship on a time axis; or one state and “All its relationships”.',
    ),
    top.length === 0
      ? h('p', { class: 'muted' }, 'Nothing is recorded yet: npm run demo loads two data sets.')
      : h(
          'p',
          {},
          'States with the most relationships recorded: ',
          ...top.flatMap((c, i) => [
            i > 0 ? ', ' : '',
            h('a', { href: `?country=${c.code}` }, c.name),
            ` (${c.relationships})`,
          ]),
          '.',
        ),
  );
}
