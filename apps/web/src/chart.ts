import type { DataGroup, DataItem, Timeline, TimelineOptions } from 'vis-timeline';
import type { Amendment, TimelineItem } from './api.js';
import type { Band, BandSegment, UncertainSpan } from './bands.js';
import { addDays, chartToDay, dayNumber, dayToChart } from './dates.js';
import { escapeHtml } from './dom.js';
import { describeEvent, KINDS, kindOf, NameOf, periodText, sourceText, typeLabel } from './event-text.js';

export interface ChartData {
  items: TimelineItem[];
  /** Per event: corrections recorded after the "known at" moment shown. */
  laterCorrections: Map<string, Amendment[]>;
  bands: Band[];
  segments: BandSegment[];
  uncertain: UncertainSpan[];
  /** The days the chart may show: from before the first event to today. */
  range: { start: string; end: string };
  /** The date shown: the first window is around it. */
  at: string;
  /** Keep the window the reader chose (a new "known at"), rather than the first window around `at`. */
  keepWindow: boolean;
  nameOf: NameOf;
}

export interface ChartHandlers {
  /** An event was chosen on the chart (undefined: the choice was cleared). */
  select(eventId: string | undefined): void;
  /** The date line was dragged, or the axis clicked. */
  dateChosen(day: string): void;
}

const DATE_LINE = 'at';
const lines = (...parts: string[]) => parts.filter(Boolean).map(escapeHtml).join('<br>');

/** The tooltip of an event: what, when (with its precision), its sources, its amendments. */
function tooltip(item: TimelineItem, later: Amendment[], nameOf: NameOf): string {
  return lines(
    `${typeLabel(item.type)}: ${describeEvent(item, nameOf)}`,
    `Date: ${periodText(item.occurredOn, item.period)}`,
    item.original && item.original.occurredOn !== item.occurredOn
      ? `Corrected: first recorded as ${item.original.occurredOn}`
      : '',
    later.length > 0
      ? `Corrected later (not yet known at the moment shown): ${later.map((c) => c.reason).join('; ')}`
      : '',
    item.retraction ? `Retracted: ${item.retraction.reason}` : '',
    ...item.sources.map((s) => `Source: ${sourceText(s)}`),
    'Click for details',
  );
}

/**
 * The relationship on a time axis (vis-timeline): bands for relations status, partnership level and
 * missions, then one row per kind of event. Dates of reduced precision are drawn as the period they cover.
 */
export class Chart {
  private readonly items = new vis.DataSet<DataItem>();
  private readonly groups = new vis.DataSet<DataGroup>();
  private readonly timeline: Timeline;

  constructor(
    private readonly container: HTMLElement,
    handlers: ChartHandlers,
  ) {
    const options: TimelineOptions = {
      stack: true,
      orientation: { axis: 'top', item: 'top' },
      zoomKey: 'ctrlKey',
      horizontalScroll: false,
      verticalScroll: false,
      // No horizontal margin: a band's values follow one another without stacking.
      margin: { item: { horizontal: 0, vertical: 4 }, axis: 4 },
      tooltip: { followMouse: true, overflowMethod: 'flip', delay: 150 },
      showCurrentTime: false,
      zoomMin: 14 * 86_400_000,
      groupOrder: 'order',
      multiselect: false,
      locale: 'en',
    };
    this.timeline = new vis.Timeline(container, this.items, this.groups, options);
    this.timeline.addCustomTime(new Date(), DATE_LINE);
    this.timeline.setCustomTimeTitle('The date shown: drag me', DATE_LINE);
    const on = (event: string, callback: (props: Record<string, unknown>) => void) =>
      (this.timeline.on as (e: string, c: (p: Record<string, unknown>) => void) => void)(event, callback);
    on('select', (props) => {
      const [id] = props.items as string[];
      handlers.select(id && this.items.get(id)?.selectable !== false ? id : undefined);
    });
    on('timechanged', (props) => {
      if (props.id === DATE_LINE) handlers.dateChosen(chartToDay(props.time as Date));
    });
    on('click', (props) => {
      if (props.what === 'axis') handlers.dateChosen(chartToDay(props.time as Date));
    });
  }

  show(data: ChartData): void {
    const { nameOf } = data;
    const kinds = KINDS.filter((kind) => data.items.some((item) => kindOf(item.type) === kind.id));
    this.groups.clear();
    this.groups.add([
      ...data.bands.map((band, i) => ({
        id: `band-${band.id}`,
        content: escapeHtml(band.label),
        className: 'band-group',
        order: i,
      })),
      ...kinds.map((kind, i) => ({
        id: `kind-${kind.id}`,
        content: kind.label,
        className: 'kind-group',
        order: 100 + i,
      })),
    ] as DataGroup[]);
    this.items.clear();
    this.items.add([
      ...data.segments.map((s, i): DataItem => ({
        id: `segment-${i}`,
        group: `band-${s.band}`,
        type: 'range',
        start: dayToChart(s.start),
        end: dayToChart(s.until),
        content: escapeHtml(s.label),
        title: lines(s.label, `from ${s.start}`),
        className: s.className,
        selectable: false,
      })),
      ...data.uncertain.map((u, i): DataItem => ({
        id: `uncertain-${i}`,
        group: `band-${u.band}`,
        type: 'background',
        start: dayToChart(u.start),
        end: dayToChart(addDays(u.last, 1)),
        content: '',
        title: lines(`Dated ${u.occurredOn}: the change happened on some day from ${u.start} to ${u.last}`),
        className: 'uncertain',
        selectable: false,
      })),
      // A date of reduced precision, or an interval: the period it covers, hatched behind its row.
      ...data.items
        .filter((item) => item.period.end > item.period.start)
        .map((item): DataItem => ({
          id: `period-${item.eventId}`,
          group: `kind-${kindOf(item.type)}`,
          type: 'background',
          start: dayToChart(item.period.start),
          end: dayToChart(addDays(item.period.end, 1)),
          content: '',
          className: 'period',
          selectable: false,
        })),
      ...data.items.map((item): DataItem => {
        const later = data.laterCorrections.get(item.eventId) ?? [];
        const corrected = item.corrections.length > 0;
        const marks = `${corrected ? '✎ ' : ''}${later.length > 0 ? '⚠ ' : ''}`;
        return {
          id: item.eventId,
          group: `kind-${kindOf(item.type)}`,
          type: 'point',
          start: dayToChart(item.period.start),
          content: escapeHtml(`${marks}${describeEvent(item, nameOf)}`),
          title: tooltip(item, later, nameOf),
          className: [
            'event',
            `kind-${kindOf(item.type)}`,
            `precision-${item.period.precision}`,
            corrected ? 'corrected' : '',
            later.length > 0 ? 'corrected-later' : '',
            item.retraction ? 'retracted' : '',
          ]
            .filter(Boolean)
            .join(' '),
        };
      }),
    ]);
    this.timeline.setOptions({
      min: dayToChart(data.range.start),
      // A year after today, so that the labels of the latest events have room.
      max: dayToChart(addDays(data.range.end, 365)),
    });
    if (!data.keepWindow) this.around(data.range, data.at);
  }

  /**
   * The first window: around the date shown, an eighth of the whole span (at least two years) each side on
   * a wide screen, so that events close together can be told apart; "Show all" gives the overview.
   */
  private around(range: { start: string; end: string }, at: string): void {
    const span = dayNumber(range.end) - dayNumber(range.start);
    // Narrower on a phone: the same days on fewer pixels would pile up.
    const width = Math.min(1, this.container.clientWidth / 1000);
    const half = Math.max(180, Math.round(Math.max(730, span / 8) * width));
    const start = dayNumber(at) - half < dayNumber(range.start) ? range.start : addDays(at, -half);
    this.timeline.setWindow(dayToChart(start), dayToChart(addDays(start, 2 * half)), { animation: false });
  }

  /** Moves the date line, and the window when the date is outside it. */
  setDate(day: string): void {
    const date = dayToChart(day);
    this.timeline.setCustomTime(date, DATE_LINE);
    const { start, end } = this.timeline.getWindow();
    if (date < start || date > end) this.timeline.moveTo(date, { animation: false });
  }

  select(eventId: string | undefined): void {
    this.timeline.setSelection(eventId ? [eventId] : []);
    const item = eventId ? this.items.get(eventId) : null;
    const { start, end } = this.timeline.getWindow();
    if (item && (item.start < start || item.start > end))
      this.timeline.moveTo(item.start, { animation: false });
  }

  zoomIn(): void {
    this.timeline.zoomIn(0.5);
  }

  zoomOut(): void {
    this.timeline.zoomOut(0.5);
  }

  fit(): void {
    this.timeline.fit({ animation: false });
  }
}
