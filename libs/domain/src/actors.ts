import countries from 'i18n-iso-countries';
import { iso31663 } from 'iso-3166';

/**
 * States are named by ISO 3166-1 alpha-2 codes (user-assigned XK included, as i18n-iso-countries does),
 * former states by ISO 3166-3 four-letter codes. Both lists come from maintained packages.
 */
const formerStates = new Map<string, string>(iso31663.map((entry) => [entry.alpha4, entry.from.name]));

export function normalizeActorCode(input: string): string {
  return input.trim().toUpperCase();
}

export function isKnownActor(code: string): boolean {
  if (code.length === 2) return countries.isValid(code);
  return formerStates.has(code);
}

let namesLoaded = false;
function loadNames(): void {
  if (!namesLoaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
    namesLoaded = true;
  }
}

export function actorName(code: string): string | undefined {
  loadNames();
  return code.length === 2 ? countries.getName(code, 'en') : formerStates.get(code);
}

/** Every English name of a state: the official one first, then the common ones ("China", "Russia"). */
export function actorNames(code: string): string[] {
  loadNames();
  if (code.length !== 2) return formerStates.has(code) ? [formerStates.get(code)!] : [];
  return countries.getName(code, 'en', { select: 'all' }) ?? [];
}

/** Every known actor code: current states, then former ones. */
export function allActorCodes(): string[] {
  return [...Object.keys(countries.getAlpha2Codes()), ...formerStates.keys()];
}

/** The canonical id of the unordered pair: the codes sorted, joined by a dash (`AZ-CN`). */
export function relationshipId(a: string, b: string): string {
  return [a, b].sort().join('-');
}

export function streamOf(a: string, b: string): string {
  return `relationship-${relationshipId(a, b)}`;
}
