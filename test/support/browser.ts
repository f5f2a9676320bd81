// Debian's Chromium driven by playwright-core, for the browser suites: headless, sandbox-free (CI runs as
// root), no background networking (the machines have no internet), a fresh profile per launch.
/// <reference lib="dom" />
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';

// Test setup may read the environment (like backends.ts): where Chromium is, when not Debian's.
const executablePath = process.env.HEED_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium is not installed at ${executablePath}: the browser suites need it ` +
        '(apt-get install -y chromium, as .ci/run does, or set HEED_CHROMIUM to another Chromium).',
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** Where browser suites save screenshots for review (git-ignored). */
export const screenshotDir = new URL('../e2e/screenshots/', import.meta.url).pathname;

/** A serious or critical accessibility violation axe-core finds on a page: its rule and where. */
export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the page as it is now, returning the serious and critical
 * violations. The page's context must bypass CSP (`bypassCSP: true`): axe is injected as a script.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeResults> } }
    ).axe;
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
    });
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? '',
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      }));
  });
}

interface AxeResults {
  violations: Array<{ id: string; impact?: string; help: string; nodes: Array<{ target: string[] }> }>;
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
