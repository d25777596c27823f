import {
  ApiError,
  countryUrl,
  fetchCountries,
  fetchCountryRelationships,
  fetchEvent,
  fetchSearch,
  fetchState,
  fetchTimeline,
  stateUrl,
  TimelineItem,
} from './api.js';
import { bandChangeDays, bandSegments, uncertainSpans } from './bands.js';
import { Chart } from './chart.js';
import { CountryIndex, renderStateOptions } from './countries.js';
import { renderCountry } from './country-view.js';
import { dayFromNumber, dayNumber, formatInstant, isDay, today } from './dates.js';
import { byId, h } from './dom.js';
import { markSelected, renderEventList } from './event-list-view.js';
import { renderEvent, renderNoEvent } from './event-view.js';
import { correctionsAfter, recordMoments } from './known-at.js';
import { renderSearchResults, searchSummary } from './search-view.js';
import { renderState } from './state-view.js';
import { renderWelcome } from './welcome-view.js';

/** What the page shows; kept in the address (?a=AZ&b=CN&at=…&knownAt=… or ?country=US&at=…). */
interface View {
  a?: string;
  b?: string;
  country?: string;
  at: string;
  knownAt?: string;
}

const el = {
  form: byId<HTMLFormElement>('pair-form'),
  stateA: byId<HTMLInputElement>('state-a'),
  stateB: byId<HTMLInputElement>('state-b'),
  showCountry: byId<HTMLButtonElement>('show-country'),
  states: byId<HTMLDataListElement>('states'),
  pickerError: byId('picker-error'),
  when: byId('when'),
  at: byId<HTMLInputElement>('at'),
  slider: byId<HTMLInputElement>('at-slider'),
  previous: byId<HTMLButtonElement>('previous-event'),
  next: byId<HTMLButtonElement>('next-event'),
  knownAt: byId<HTMLSelectElement>('known-at'),
  knownAtHint: byId('known-at-hint'),
  status: byId('status'),
  welcome: byId('welcome'),
  pairView: byId('pair-view'),
  pairTitle: byId('pair-title'),
  pairLinks: byId('pair-links'),
  chart: byId('chart'),
  state: byId('state'),
  event: byId('event'),
  eventList: byId<HTMLOListElement>('event-list'),
  countryView: byId('country-view'),
  searchForm: byId<HTMLFormElement>('search-form'),
  searchQ: byId<HTMLInputElement>('search-q'),
  searchResults: byId('search-results'),
  searchSummary: byId('search-summary'),
  searchList: byId<HTMLOListElement>('search-list'),
};

let countries: CountryIndex;
let chart: Chart | undefined;
let view: View = { at: today() };
/** The relationship's timeline as it reads now (every write: the "known at" choices), and as shown. */
let latest: TimelineItem[] = [];
let shown: TimelineItem[] = [];
let selected: string | undefined;
/** Answers that arrive after a newer request was made are dropped. */
const tickets = { record: 0, date: 0, event: 0 };

const nameOf = (code: string) => countries.nameOf(code);

function readAddress(): View {
  const q = new URLSearchParams(location.search);
  const code = (key: string) => (q.get(key) ? countries.parse(q.get(key)!) : undefined);
  const at = q.get('at');
  const knownAt = q.get('knownAt');
  return {
    a: code('a'),
    b: code('b'),
    country: code('country'),
    at: at && isDay(at) ? at : today(),
    knownAt: knownAt && !Number.isNaN(Date.parse(knownAt)) ? new Date(knownAt).toISOString() : undefined,
  };
}

function writeAddress(): void {
  const q = new URLSearchParams();
  if (view.country) q.set('country', view.country);
  else if (view.a && view.b) {
    q.set('a', view.a);
    q.set('b', view.b);
  }
  q.set('at', view.at);
  if (view.knownAt && !view.country) q.set('knownAt', view.knownAt);
  history.replaceState(null, '', `?${q}`);
}

function say(text: string): void {
  el.status.textContent = text;
}

function failure(error: unknown): string {
  return error instanceof ApiError ? error.message : `The service did not answer (${String(error)}).`;
}

function showOnly(section: HTMLElement): void {
  for (const s of [el.welcome, el.pairView, el.countryView]) s.hidden = s !== section;
  el.when.hidden = section === el.welcome;
}

/* ---------- the date controls ---------- */

function setSliderRange(first: string, last: string): void {
  el.slider.min = String(dayNumber(first));
  el.slider.max = String(dayNumber(last));
}

function showDateControls(): void {
  el.at.value = view.at;
  el.slider.value = String(dayNumber(view.at));
  el.slider.setAttribute('aria-valuetext', view.at);
  const starts = eventStarts();
  el.previous.disabled = !starts.some((d) => d < view.at);
  el.next.disabled = !starts.some((d) => d > view.at);
}

function eventStarts(): string[] {
  return [...new Set(shown.filter((i) => !i.retraction).map((i) => i.period.start))].sort();
}

let dateTimer: number | undefined;
/** A new date: the controls follow at once, the state after a short pause (the slider sends many). */
function chooseDate(day: string, delayMs = 0): void {
  if (!isDay(day)) return;
  view.at = day;
  showDateControls();
  chart?.setDate(day);
  writeAddress();
  window.clearTimeout(dateTimer);
  dateTimer = window.setTimeout(() => void refreshDate(), delayMs);
}

async function refreshDate(): Promise<void> {
  const ticket = ++tickets.date;
  try {
    if (view.country) {
      const rows = await fetchCountryRelationships(view.country, view.at);
      if (ticket !== tickets.date) return;
      const country = countries.countries.find((c) => c.code === view.country);
      renderCountry(
        el.countryView,
        view.country,
        view.at,
        rows,
        countryUrl(view.country, view.at),
        nameOf,
        country,
      );
      say(`${nameOf(view.country)} on ${view.at}: ${rows.length} relationships.`);
    } else if (view.a && view.b) {
      const state = await fetchState(view.a, view.b, view.at, view.knownAt);
      if (ticket !== tickets.date) return;
      renderState(el.state, state, stateUrl(view.a, view.b, view.at, view.knownAt), nameOf);
      say(
        `${nameOf(view.a)} – ${nameOf(view.b)} on ${view.at}${state.partnership ? `: ${state.partnership.level}` : ''}.`,
      );
    }
  } catch (error) {
    if (ticket === tickets.date) say(failure(error));
  }
}

/* ---------- "known at" ---------- */

function fillKnownAt(): void {
  const moments = recordMoments(latest, nameOf);
  el.knownAt.replaceChildren(
    h('option', { value: '' }, 'now — the record as it reads today'),
    ...moments.map((m) => h('option', { value: m.at }, `${formatInstant(m.at)} — after: ${m.label}`)),
  );
  if (view.knownAt && !moments.some((m) => m.at === view.knownAt)) {
    el.knownAt.append(h('option', { value: view.knownAt }, formatInstant(view.knownAt)));
  }
  el.knownAt.value = view.knownAt ?? '';
  el.knownAt.disabled = false;
}

function describeKnownAt(): void {
  el.knownAtHint.textContent = view.knownAt
    ? `The record as it read at ${formatInstant(view.knownAt)}: later writes are left out, and ⚠ marks facts corrected since.`
    : 'Choose an earlier moment to see what the record said then. ✎ marks corrected facts.';
}

/* ---------- one relationship ---------- */

async function openPair(a: string, b: string): Promise<void> {
  view = { a, b, at: view.at, knownAt: view.knownAt };
  el.stateA.value = countries.label(a);
  el.stateB.value = countries.label(b);
  showOnly(el.pairView);
  el.pairTitle.textContent = `${nameOf(a)} – ${nameOf(b)}`;
  el.pairLinks.replaceChildren(
    'All relationships of ',
    h('a', { href: `?country=${a}&at=${view.at}` }, nameOf(a)),
    ' · of ',
    h('a', { href: `?country=${b}&at=${view.at}` }, nameOf(b)),
  );
  say(`Loading ${nameOf(a)} – ${nameOf(b)} …`);
  try {
    latest = await fetchTimeline(a, b);
  } catch (error) {
    latest = [];
    el.pairView.hidden = true;
    say(
      error instanceof ApiError && error.status === 404
        ? `Nothing is recorded between ${nameOf(a)} and ${nameOf(b)}.`
        : failure(error),
    );
    return;
  }
  const first = latest.reduce((min, i) => (i.period.start < min ? i.period.start : min), today());
  setSliderRange(`${Number(first.slice(0, 4)) - 1}-01-01`, today());
  fillKnownAt();
  describeKnownAt();
  chart ??= new Chart(el.chart, {
    select: (id) => selectEvent(id, false),
    dateChosen: (day) => chooseDate(day),
  });
  await refreshRecord(false);
}

/** Everything that depends on "known at": the events shown, the bands, the state. */
async function refreshRecord(keepWindow: boolean): Promise<void> {
  const { a, b, knownAt } = view;
  if (!a || !b) return;
  const ticket = ++tickets.record;
  try {
    const items = knownAt ? await fetchTimeline(a, b, knownAt) : latest;
    const days = bandChangeDays(items);
    const samples = await Promise.all(
      days.map(async (day) => ({ day, state: await fetchState(a, b, day, knownAt) })),
    );
    if (ticket !== tickets.record) return;
    shown = items;
    const latestById = new Map(latest.map((i) => [i.eventId, i]));
    const laterCorrections = new Map(
      items.map((i) => [i.eventId, correctionsAfter(latestById.get(i.eventId), knownAt)]),
    );
    const end = today();
    const { bands, segments } = bandSegments(samples, end, nameOf);
    chart!.show({
      items,
      laterCorrections,
      bands,
      segments,
      uncertain: uncertainSpans(items),
      range: { start: el.slider.min ? dayFromNumber(Number(el.slider.min)) : end, end },
      at: view.at,
      keepWindow,
      nameOf,
    });
    renderEventList(el.eventList, items, laterCorrections, nameOf, (id) => selectEvent(id, true));
    if (selected && !items.some((i) => i.eventId === selected)) selected = undefined;
    selectEvent(selected, false);
    chooseDate(view.at);
  } catch (error) {
    if (ticket === tickets.record) say(failure(error));
  }
}

function selectEvent(eventId: string | undefined, fromList: boolean): void {
  selected = eventId;
  markSelected(el.eventList, eventId);
  if (fromList) chart?.select(eventId);
  const item = shown.find((i) => i.eventId === eventId);
  if (!item) return renderNoEvent(el.event);
  const context = {
    nameOf,
    laterCorrections: correctionsAfter(
      latest.find((i) => i.eventId === item.eventId),
      view.knownAt,
    ),
    showDate: (day: string) => chooseDate(day),
  };
  renderEvent(el.event, item, context);
  const ticket = ++tickets.event;
  fetchEvent(item.eventId).then(
    (recorded) => ticket === tickets.event && renderEvent(el.event, item, context, recorded),
    () => undefined, // the timeline's copy is shown; only the corrections' sources are missing
  );
}

/* ---------- one state's relationships ---------- */

async function openCountry(code: string): Promise<void> {
  view = { country: code, at: view.at };
  shown = [];
  el.stateA.value = countries.label(code);
  el.stateB.value = '';
  showOnly(el.countryView);
  setSliderRange('1800-01-01', today());
  el.knownAt.replaceChildren(h('option', { value: '' }, 'now (the country view reads the current record)'));
  el.knownAt.disabled = true;
  el.knownAtHint.textContent = 'Choose a second state to see what the record said at an earlier moment.';
  chooseDate(view.at);
}

function openWelcome(): void {
  showOnly(el.welcome);
  renderWelcome(el.welcome, countries.mostRecorded(6));
  showDateControls();
  say('');
}

/* ---------- wiring ---------- */

function pick(input: HTMLInputElement, required: boolean): string | undefined | null {
  const text = input.value.trim();
  if (!text) return required ? null : undefined;
  return countries.parse(text) ?? null;
}

function pickerError(message: string | undefined, input?: HTMLInputElement): void {
  el.pickerError.textContent = message ?? '';
  el.pickerError.hidden = !message;
  el.stateA.removeAttribute('aria-invalid');
  el.stateB.removeAttribute('aria-invalid');
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
}

/** The search box: the first page of the facts that hold every word, best first. */
async function search(q: string): Promise<void> {
  el.searchResults.hidden = false;
  el.searchSummary.textContent = 'Searching…';
  el.searchList.replaceChildren();
  try {
    const page = await fetchSearch(q);
    el.searchList.replaceChildren(...renderSearchResults(page.items, nameOf));
    el.searchSummary.textContent = searchSummary(q, page);
  } catch (error) {
    el.searchSummary.textContent = failure(error);
  }
}

function wire(): void {
  el.searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = el.searchQ.value.trim();
    if (q) void search(q);
  });
  el.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const a = pick(el.stateA, true);
    const b = pick(el.stateB, false);
    if (a === null)
      return pickerError(
        `“${el.stateA.value}” is not a state the service knows: choose one from the list.`,
        el.stateA,
      );
    if (b === null)
      return pickerError(
        `“${el.stateB.value}” is not a state the service knows: choose one from the list.`,
        el.stateB,
      );
    if (b === a) return pickerError('Choose two different states.', el.stateB);
    pickerError(undefined);
    if (b === undefined) return void openCountry(a!);
    view.knownAt = undefined;
    void openPair(a!, b);
  });
  el.showCountry.addEventListener('click', () => {
    const a = pick(el.stateA, true);
    if (!a) return pickerError('Choose a state first.', el.stateA);
    pickerError(undefined);
    void openCountry(a);
  });
  el.at.addEventListener('change', () => chooseDate(el.at.value));
  el.slider.addEventListener('input', () => chooseDate(dayFromNumber(Number(el.slider.value)), 150));
  el.previous.addEventListener('click', () => {
    const day = eventStarts()
      .filter((d) => d < view.at)
      .pop();
    if (day) chooseDate(day);
  });
  el.next.addEventListener('click', () => {
    const day = eventStarts().find((d) => d > view.at);
    if (day) chooseDate(day);
  });
  el.knownAt.addEventListener('change', () => {
    view.knownAt = el.knownAt.value || undefined;
    describeKnownAt();
    writeAddress();
    void refreshRecord(true);
  });
  byId('zoom-in').addEventListener('click', () => chart?.zoomIn());
  byId('zoom-out').addEventListener('click', () => chart?.zoomOut());
  byId('fit').addEventListener('click', () => chart?.fit());
}

async function start(): Promise<void> {
  try {
    countries = new CountryIndex(await fetchCountries());
  } catch (error) {
    say(failure(error));
    return;
  }
  renderStateOptions(el.states, countries);
  wire();
  view = readAddress();
  if (view.country) await openCountry(view.country);
  else if (view.a && view.b && view.a !== view.b) await openPair(view.a, view.b);
  else openWelcome();
  document.body.dataset.ready = 'true';
}

void start();
