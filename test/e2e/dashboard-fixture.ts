/// <reference lib="dom" />
// What every dashboard suite needs: Heed on a temporary database serving the built app, a workspace with an
// owner (and members of other roles on demand), Debian's Chromium, a signed-in page, the page's script
// errors and CSP refusals collected, axe, and screenshots saved for review.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ConfigInput } from '../../src/config.ts';
import type { Role } from '../../src/domains/workspaces/policy.ts';
import { backends } from '../support/backends.ts';
import {
  type AxeViolation,
  launchChromium,
  screenshotDir,
  seriousAxeViolations,
} from '../support/browser.ts';
import { type Harness, openHarness, type TestWorkspace } from '../support/harness.ts';

export interface Person {
  email: string;
  password: string;
  role: Role;
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Script errors and console errors (CSP refusals among them) seen so far. */
  errors: string[];
}

export interface Dashboard {
  h: Harness;
  ws: TestWorkspace;
  base: string;
  browser: Browser;
  owner: Person;
  /** A member with the role, invited and accepted through the API (made once per role). */
  memberWith: (role: Role) => Promise<Person>;
  /**
   * A new browser context and page. `axe: true` bypasses the page's CSP so axe-core can be injected (and
   * so CSP refusals are not seen): keep CSP checks on pages opened without it.
   */
  open: (options?: { viewport?: { width: number; height: number }; axe?: boolean }) => Promise<OpenedPage>;
  /** Signs in through the form at / and waits for the Overview (or the page the URL named before). */
  signIn: (page: Page, person?: Person) => Promise<void>;
  /** Serious or critical axe-core violations on the page as it is (the page must be opened with axe). */
  axe: (page: Page) => Promise<AxeViolation[]>;
  /** Saves a full-page screenshot to test/e2e/screenshots/<name>.png. */
  shoot: (page: Page, name: string) => Promise<void>;
  close: () => Promise<void>;
}

/** Opens Heed (first backend) with a workspace and its owner; `seed` fills the workspace before the server listens. */
export async function openDashboard(
  seed?: (h: Harness, ws: TestWorkspace) => Promise<void>,
  /** Settings the suite needs, such as an SMTP server for e-mail surveys. */
  config: ConfigInput = {},
): Promise<Dashboard> {
  // HEED_TEST_WEB_DIR: a build of the suite's own (vite build --outDir), as dashboard.test.ts takes.
  const h = await openHarness(backends[0], { webDir: process.env.HEED_TEST_WEB_DIR, ...config });
  const ws = await h.createWorkspace('Acme');
  if (seed) await seed(h, ws);
  const ownerEmail = 'owner@acme.example';
  const created = await h.services.members.createOwner(ws.id, { email: ownerEmail, name: 'Ada Owner' });
  const owner: Person = { email: ownerEmail, password: created.password, role: 'owner' };
  const base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  fs.mkdirSync(screenshotDir, { recursive: true });
  const people = new Map<Role, Person>();
  const contexts: BrowserContext[] = [];

  return {
    h,
    ws,
    base,
    browser,
    owner,
    async memberWith(role) {
      const known = people.get(role);
      if (known) return known;
      const email = `${role}@acme.example`;
      const invited = await h.api('POST', '/v1/members/invitations', {
        key: ws.secretKey,
        body: { email, role },
      });
      expect(invited.status, JSON.stringify(invited.body)).toBe(201);
      const password = `${role}-password-for-tests`;
      const accepted = await h.api('POST', `/v1/invitations/${invited.body.token}/accept`, {
        body: { name: `${role[0].toUpperCase()}${role.slice(1)} Person`, password },
      });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
      const person = { email, password, role };
      people.set(role, person);
      return person;
    },
    async open(options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 900 },
        bypassCSP: options.axe ?? false,
        acceptDownloads: true,
      });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
      });
      return { context, page, errors };
    },
    async signIn(page, person = owner) {
      if (!page.url().startsWith(base)) await page.goto(`${base}/`);
      await page.getByRole('heading', { level: 1, name: 'Sign in to Heed' }).waitFor();
      await page.getByLabel('E-mail address').fill(person.email);
      await page.getByLabel('Password').fill(person.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Sign out is in the top bar at every width; the section navigation hides behind Menu on a phone.
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    },
    axe: (page) => seriousAxeViolations(page),
    async shoot(page, name) {
      await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await h.close();
    },
  };
}
