import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { CHROMIUM_MISSING, describeInChromium, launchChromium } from './chromium';
import { DEMO_TOKENS } from '../../apps/demo/src/demo-tokens';
import { DemoProcess, startDemo } from './demo-process';

/**
 * The timeline page in real headless Chromium (Debian's chromium, driven by playwright-core), on the demo:
 * the Azerbaijan–China example and the US missions data set, loaded by the same program as `npm run demo`.
 * Screenshots go to test/artifacts/ (ignored by git).
 */
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const SKIPPED = CHROMIUM_MISSING;
if (SKIPPED) console.warn(`browser tests SKIPPED: ${SKIPPED}`);

const WAIT_MS = 15_000;
jest.setTimeout(60_000);

describeInChromium(`the timeline page in headless Chromium${SKIPPED ? ` (SKIPPED: ${SKIPPED})` : ''}`, () => {
  let demo: DemoProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    demo = await startDemo(); // built by the project's global set-up (build-before-browser-tests.ts)
    browser = await launchChromium();
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  }, 30_000);

  /** A fresh page at `width` px; a script error on the page fails the test. */
  async function open(path: string, width = 1280, height = 900): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width, height } });
    page.setDefaultTimeout(WAIT_MS);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${demo.url}${path}`, { timeout: WAIT_MS });
    await page.waitForSelector('body[data-ready]');
    return { page, errors };
  }

  const text = (page: Page, selector: string) => page.locator(selector).innerText();

  async function chooseDate(page: Page, day: string): Promise<void> {
    await page.fill('#at', day);
    await page.waitForFunction(
      (d) => document.querySelector('#state-title')?.textContent?.startsWith(`On ${d}`),
      day,
      { timeout: WAIT_MS },
    );
  }

  test('Azerbaijan–China, picked by name: no partnership on 2024-07-02, a strategic partnership on 2024-07-04', async () => {
    const { page, errors } = await open('/');
    await page.fill('#state-a', 'Azerbaijan');
    await page.fill('#state-b', 'China');
    await page.press('#state-b', 'Enter');
    await page.waitForSelector('#event-list li');
    expect(await text(page, '#pair-title')).toBe("Azerbaijan – People's Republic of China");
    expect(await page.locator('#event-list li').count()).toBe(10);
    await page.waitForSelector('#chart .vis-item.vis-point.event >> text=Strategic partnership');

    await chooseDate(page, '2024-07-02');
    expect(await text(page, '#state-partnership')).toBe('none recorded');
    expect(await text(page, '#state-relations')).toBe('established (embassy) since 1992-04-02');
    await page.screenshot({ path: join(ARTIFACTS, 'az-cn-2024-07-02.png'), fullPage: true });

    await chooseDate(page, '2024-07-04');
    expect(await text(page, '#state-partnership')).toMatch(
      /^strategic partnership \(rank 3\) since 2024-07-03/,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'az-cn-2024-07-04.png'), fullPage: true });
    expect(new URL(page.url()).search).toBe('?a=AZ&b=CN&at=2024-07-04');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the first screen: how to start, the most recorded states as links, every state offered by the picker', async () => {
    const { page, errors } = await open('/');
    expect(await text(page, '#welcome h2')).toBe('Choose two states');
    const top = page.locator('#welcome a');
    expect(await top.count()).toBe(6);
    expect(await top.first().getAttribute('href')).toMatch(/^\?country=[A-Z]{2}$/);
    const options = page.locator('#states option');
    expect(await options.count()).toBeGreaterThan(190);
    const values = await options.evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value));
    expect(values.some((v) => v.includes('Azerbaijan'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the search box: a query typed, the facts that hold it listed, each a link to its timeline on its date', async () => {
    const { page, errors } = await open('/');
    await page.fill('#search-q', 'strategic partnership Astana');
    await page.press('#search-q', 'Enter');
    await page.waitForSelector('#search-list li');
    const links = page.locator('#search-list li a');
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute('href')).toBe('/?a=AZ&b=CN&at=2024-07-03');
    expect(await text(page, '#search-list li')).toContain('Partnership declared');
    expect(await text(page, '#search-summary')).toBe(
      '1 facts holding “strategic partnership Astana”, best first:',
    );
    await links.first().click();
    await page.waitForSelector('#event-list li');
    expect(await text(page, '#pair-title')).toBe("Azerbaijan – People's Republic of China");
    expect(new URL(page.url()).searchParams.get('at')).toBe('2024-07-03');
    await page.goto(`${demo.url}/`);
    await page.waitForSelector('body[data-ready]');
    await page.fill('#search-q', 'no fact holds this word xyzzy');
    await page.press('#search-q', 'Enter');
    await page.waitForSelector('#search-summary >> text=Nothing recorded holds');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the bands show the relations status and the partnership level over time', async () => {
    const { page } = await open('/?a=AZ&b=CN&at=2024-07-04', 1200, 1180);
    await page.waitForSelector('#chart .vis-item.band');
    const bands = await page.locator('#chart .vis-item.band').allInnerTexts();
    expect(bands.sort()).toEqual([
      'comprehensive strategic partnership',
      'relations established',
      'strategic partnership',
    ]);
    const rows = await page.locator('#chart .vis-label.band-group').allInnerTexts();
    expect(rows).toEqual(['Relations status', 'Partnership level']);
    // The README's picture (docs/images/timeline.png is this one, compressed: see docs/demo.md).
    await page.click('#event-list li:nth-child(2) button');
    await page.waitForSelector('#event-title >> text=Partnership declared');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'readme-timeline.png') });
    await page.close();
  });

  test('as the record read before the corrections: 2024-07-02 already counts the partnership of "2024-07", marked uncertain and corrected later', async () => {
    const { page } = await open('/?a=AZ&b=CN&at=2024-07-02');
    await page.waitForSelector('#event-list li');
    await page.selectOption('#known-at', demo.beforeCorrections);
    await page.waitForFunction(
      () => /since 2024-07(?!-)/.test(document.querySelector('#state-partnership')?.textContent ?? ''),
      undefined,
      { timeout: WAIT_MS },
    );
    const partnership = await text(page, '#state-partnership');
    expect(partnership).toMatch(/^strategic partnership \(rank 3\) since 2024-07(?!-)/);
    expect(partnership).toContain('uncertain: dated only to the month (2024-07)');
    expect(await text(page, '#state-relations')).toBe('established (embassy) since 1992');
    const later = await page.locator('#event-list .badge-later').count();
    expect(later).toBe(3);
    expect(await page.locator('#event-list li').count()).toBe(6); // the article's facts only
    await page.screenshot({ path: join(ARTIFACTS, 'az-cn-known-before-corrections.png'), fullPage: true });
    expect(new URL(page.url()).searchParams.get('knownAt')).toBe(demo.beforeCorrections);
    await page.close();
  });

  test("from the keyboard: an event's sources and corrections, and the date moved with the slider", async () => {
    const { page } = await open('/?a=AZ&b=CN&at=2024-07-04');
    await page.waitForSelector('#event-list li');
    await page.focus('#event-list li:first-child button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#event-title');
    expect(await text(page, '#event-title')).toBe('Diplomatic relations established');
    const details = await text(page, '#event');
    expect(details).toContain('1992-04-02 (day)');
    expect(details).toContain('corrected: first recorded as 1992');
    expect(details).toContain('Caliber.Az');
    await page.waitForFunction(
      () => document.querySelector('#event')?.textContent?.includes('Embassy of the PRC in Azerbaijan'),
      undefined,
      { timeout: WAIT_MS },
    );

    await page.focus('#at-slider');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(
      () => document.querySelector('#state-title')?.textContent?.startsWith('On 2024-07-02'),
      undefined,
      { timeout: WAIT_MS },
    );
    expect(await text(page, '#state-partnership')).toBe('none recorded');
    await page.close();
  });

  test('the country view lists every relationship of the United States on a date (the US missions data set)', async () => {
    const { page } = await open('/?country=US&at=1950-01-01');
    await page.waitForSelector('#country-table tbody tr');
    expect(await text(page, '#country-title')).toBe(
      'Relationships of United States of America on 1950-01-01',
    );
    const rows = await page.locator('#country-table tbody tr').count();
    expect(rows).toBeGreaterThan(80);
    expect(await page.locator('#country-table tbody').innerText()).toContain('Czechoslovakia');
    // The mission's rank, from the US missions data set: an embassy headed by an ambassador in the USSR.
    const ussr = page.locator('#country-table tbody tr', { hasText: 'USSR' });
    expect(await ussr.innerText()).toContain('embassy, ambassador since 1933-12-13');
    await page.screenshot({ path: join(ARTIFACTS, 'country-us-1950.png') });
    await page.close();
  });

  /** Records facts through the API, as a recorder would (the demo prints a token per role). */
  async function recordFacts(facts: object[]): Promise<void> {
    for (const fact of facts) {
      const response = await fetch(`${demo.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_TOKENS.recorder}` },
        body: JSON.stringify(fact),
      });
      expect(response.status).toBe(201);
    }
  }

  test('head of mission, implied relations, recognition, a recall and an expulsion, on the page', async () => {
    const source = [{ publisher: 'Browser test', title: 'hypothetical, for the test' }];
    const fact = (type: string, occurredOn: string, data: object) => ({
      type,
      actors: ['AZ', 'TR'],
      occurredOn,
      data,
      sources: source,
    });
    await recordFacts([
      fact('RecognitionGranted', '1991-11-09', { by: 'TR', of: 'AZ', kind: 'de-jure' }),
      fact('RepresentationChanged', '1992-01-14', {
        sender: 'TR',
        mission: 'embassy',
        city: 'Baku',
        headOfMission: 'ambassador',
      }),
      fact('AmbassadorRecalled', '2024-02-01', { sender: 'TR', forConsultations: true }),
      fact('DiplomatsExpelled', '2024-03-01', { by: 'AZ', count: 2 }),
    ]);
    const { page, errors } = await open('/?a=AZ&b=TR&at=1993-01-01');
    await page.waitForSelector('#state-relations');
    expect(await text(page, '#state-relations')).toBe(
      'established since 1992-01-14implied by a resident mission',
    );
    expect(await text(page, '#state-missions')).toContain('embassy in Baku, ambassador');
    expect(await text(page, '#state-recognition')).toBe(
      'Türkiye recognises Azerbaijan (de jure) since 1991-11-09',
    );
    await page.waitForSelector(
      '#chart .vis-item >> text=relations established (implied by a resident mission)',
    );
    await page.waitForSelector('#chart .vis-item.band-recognition >> text=recognises AZ (de jure)');

    await chooseDate(page, '2024-06-01');
    expect(await text(page, '#state-missions')).toContain(
      "ambassador recalled for consultations 2024-02-01: chargé d'affaires ad interim",
    );
    expect(await text(page, '#state-expulsions')).toBe('1, last by Azerbaijan on 2024-03-01');
    const events = await text(page, '#event-list');
    expect(events).toContain('recalls its head of mission for consultations');
    expect(events).toContain('Azerbaijan expels 2 diplomats (persona non grata)');
    expect(events).toContain('recognises Azerbaijan (de jure)');
    await page.waitForSelector('#chart .vis-item.band-ad-interim');
    await page.screenshot({ path: join(ARTIFACTS, 'az-tr-2024-06-01.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  test('Azerbaijan–China on 2025-08-01 lists no visa policy that ended on 2025-07-20', async () => {
    const { page } = await open('/?a=AZ&b=CN&at=2025-07-20');
    await page.waitForSelector('#state-visas');
    expect(await text(page, '#state-visas')).toContain('until 2025-07-20');
    await chooseDate(page, '2025-08-01');
    expect(await text(page, '#state-visas')).not.toContain('until 2025-07-20');
    await page.close();
  });

  test('a former state’s view gives its dates and links the state that continues it (the USSR, then Russia)', async () => {
    const { page } = await open('/?country=SUHH&at=1950-01-01');
    await page.waitForSelector('#country-lifespan');
    expect(await text(page, '#country-lifespan')).toBe(
      'A state from 1922-12-30 to 1991-12-25. Continues Russian Federation. Continued by Russian Federation.',
    );
    await page.waitForSelector('#country-table tbody tr');
    expect(await page.locator('#country-table tbody').innerText()).toContain('United States of America');
    await page.locator('#country-lifespan a').last().click();
    await page.waitForFunction(
      () => document.querySelector('#country-title')?.textContent?.includes('Russian'),
      {
        timeout: WAIT_MS,
      },
    );
    expect(page.url()).toContain('country=RU');
    await page.close();
  });

  test("at a phone's width (375 px) the page needs no sideways scrolling", async () => {
    const { page } = await open('/?a=US&b=CN&at=1950-01-01', 375, 812);
    await page.waitForSelector('#chart .vis-item.band');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await text(page, '#state-missions')).toContain('United States of America in');
    await page.screenshot({ path: join(ARTIFACTS, 'us-cn-phone.png'), fullPage: true });
    await page.close();
  });
});
