import type { Country } from './api.js';
import { h } from './dom.js';

/** The states the API knows, by code and by name: what the pickers offer and understand. */
export class CountryIndex {
  private readonly byCode = new Map<string, Country>();
  private readonly byName = new Map<string, string>();

  constructor(readonly countries: Country[]) {
    const aliasCodes = new Map<string, Set<string>>();
    for (const country of countries) {
      this.byCode.set(country.code, country);
      this.byName.set(country.name.toLowerCase(), country.code);
      for (const alias of country.aliases) {
        const key = alias.toLowerCase();
        aliasCodes.set(key, (aliasCodes.get(key) ?? new Set()).add(country.code));
      }
    }
    // A common name counts when it names one state only, and never hides an official name.
    for (const [alias, codes] of aliasCodes) {
      if (codes.size === 1 && !this.byName.has(alias)) this.byName.set(alias, [...codes][0]);
    }
  }

  nameOf = (code: string): string => this.byCode.get(code)?.name ?? code;

  /** What a picker shows and accepts back: "Azerbaijan (AZ)". */
  label(code: string): string {
    return `${this.nameOf(code)} (${code})`;
  }

  /** A code from what a person typed: a label, a code, or a name or common name (any case); undefined when unknown. */
  parse(input: string): string | undefined {
    const text = input.trim();
    const labelled = /\(([A-Za-z]{2}|[A-Za-z]{4})\)$/.exec(text)?.[1];
    const asCode = (labelled ?? text).toUpperCase();
    if (this.byCode.has(asCode)) return asCode;
    return this.byName.get(text.toLowerCase());
  }

  /** The states with the most relationships recorded, for the first screen. */
  mostRecorded(count: number): Country[] {
    return this.countries
      .filter((c) => c.relationships > 0)
      .sort((a, b) => b.relationships - a.relationships || a.name.localeCompare(b.name))
      .slice(0, count);
  }
}

/** The state picker's suggestions: each state's label, with its other names, whether it is former and its count. */
export function renderStateOptions(list: HTMLDataListElement, index: CountryIndex): void {
  list.replaceChildren(
    ...index.countries.map((c) =>
      h(
        'option',
        { value: index.label(c.code) },
        [
          ...c.aliases,
          c.former ? 'former state' : '',
          c.relationships > 0 ? `${c.relationships} relationships recorded` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    ),
  );
}
