// Debian's Chromium driven by playwright-core, for the browser suites: headless, sandbox-free (CI runs as
// root), no background networking (the machines have no internet), a fresh profile per launch.
import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
