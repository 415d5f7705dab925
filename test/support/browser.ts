import { existsSync } from 'node:fs';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// Browser tests drive Debian's Chromium through playwright-core. Without the background-networking
// flags Chromium keeps trying to reach Google's hosts, which this machine's closed network refuses.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
];

/** Runs `describe` when Chromium is installed; under CI=true a missing browser fails the suite. */
export function describeWithBrowser(name: string, body: () => void): void {
  const present = existsSync(CHROMIUM_PATH);
  if (!present && process.env.CI === 'true') {
    throw new Error(`${CHROMIUM_PATH} is missing, and CI=true requires the browser suites; run scripts/browser.sh first`);
  }
  if (present) {
    describe(name, body);
  } else {
    // eslint-disable-next-line jest/no-disabled-tests -- the title says which program is missing and how to install it
    describe.skip(`${name} (skipped: ${CHROMIUM_PATH} is missing; scripts/browser.sh installs it)`, () => {
      it('needs Chromium', () => undefined);
    });
  }
}

export interface OpenBrowser {
  browser: Browser;
  /**
   * A fresh profile at a phone's width (360 px) or a desktop's. It ignores the pages' CSP, so that
   * the accessibility checker can be injected into them.
   */
  newContext(width: 'phone' | 'desktop', locale?: 'en-CA' | 'fr-CA'): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<OpenBrowser> {
  // playwright-core gives each launch a new empty profile of its own.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
  return {
    browser,
    newContext: (width, locale = 'en-CA') =>
      browser.newContext({
        ...(width === 'phone' ? { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 900 } }),
        locale,
        bypassCSP: true,
      }),
    close: () => browser.close(),
  };
}

/** Runs axe-core on the page and returns its WCAG 2.1 A and AA violations, one line each. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate<string[]>(`
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((result) => result.violations.map((violation) => violation.id + ': ' + violation.nodes.map((node) => node.target.join(' ')).join(', ')))
  `);
}
