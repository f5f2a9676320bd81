/// <reference lib="dom" />
// Settings in a real browser (Debian's Chromium): API keys shown once and revoked, members invited by a
// one-time link that signs them in, pending invitations revoked, the fatigue cap saved, a viewer shown no
// admin controls and refused by the API anyway, the first-run setup link, accessibility (axe) on every tab
// and the invitation page, screenshots at 1280 and 390 pixels, and names that try to inject markup.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, openDashboard, type Person } from './dashboard-fixture.ts';

const hostile = '<img src=x onerror="window.__xss=1">';
const wide = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };
const tabs = [
  { path: '/settings', name: 'workspace', label: 'Workspace' },
  { path: '/settings/members', name: 'members', label: 'Members' },
  { path: '/settings/keys', name: 'keys', label: 'API keys' },
  { path: '/settings/privacy', name: 'privacy', label: 'Privacy' },
  { path: '/settings/account', name: 'account', label: 'Your account' },
] as const;

/** The browser's own log lines for answers a test asked for on purpose (a refused request is logged as an error). */
const expectedRefusal = (status: number, path: string) => (error: string) =>
  error.includes(`status of ${status}`) && error.includes(path);

async function openTab(page: Page, base: string, path: string) {
  await page.goto(`${base}${path}`);
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
}

describe('Settings in Chromium', () => {
  let d: Dashboard;

  beforeAll(async () => {
    d = await openDashboard();
  }, 120_000);
  afterAll(() => d?.close());

  it('creates an API key shown once that works, and revokes it after confirming', async () => {
    const { page, errors } = await d.open({ viewport: wide });
    await d.signIn(page);
    // Keyboard: the section's tabs are links in a labelled navigation.
    await openTab(page, d.base, '/settings');
    const keysTab = page
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: 'API keys' });
    await keysTab.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Create a key' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/keys');
    expect(await keysTab.getAttribute('aria-current')).toBe('page');
    expect(await page.title()).toBe('API keys · Settings · Heed');

    // An empty name is refused beside the field, before anything is sent.
    await page.getByRole('button', { name: 'Create key' }).click();
    const nameField = page.getByLabel('Name', { exact: true });
    expect(await nameField.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#key-name-error').textContent()).toBe(
      'Enter what the key is for, like "Billing server".',
    );
    expect(await nameField.evaluate((element) => element === document.activeElement)).toBe(true);

    await nameField.fill('Billing server');
    await page.getByLabel('Secret', { exact: true }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByLabel('Your new key');
    await shown.waitFor();
    const key = await shown.inputValue();
    expect(key).toMatch(/^heed_sk_[\w-]{22}_[\w-]{43}$/);
    await page.getByText('this is the only time Heed shows it').waitFor();
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText(/Copied to the clipboard\.|select the text and copy it yourself/).waitFor();
    await d.shoot(page, 'settings-keys-created-1280');

    const me = await fetch(`${d.base}/v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect([me.status, ((await me.json()) as { via: string }).via]).toEqual([200, 'secret_key']);

    // Gone after a reload: Heed keeps only the hash, and the page keeps nothing.
    await page.reload();
    const row = page.getByRole('row', { name: /Billing server/ });
    await row.waitFor();
    expect(await page.content()).not.toContain(key);
    // Only the start of the key is kept in the clear, to tell keys apart.
    expect(await row.getByRole('cell').nth(1).textContent()).toBe(`${key.slice(0, 16)}…`);
    await d.shoot(page, 'settings-keys-1280');

    // Revoke by keyboard: Escape cancels and gives focus back; the second time it is confirmed.
    const revoke = page.getByRole('button', { name: 'Revoke Billing server' });
    await revoke.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Revoke this key?' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await revoke.evaluate((element) => element === document.activeElement)).toBe(true);
    expect((await fetch(`${d.base}/v1/me`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(
      200,
    );
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByText('Revoked the key “Billing server”.').waitFor();
    await row.getByText(/^Revoked /).waitFor();
    expect(await page.getByRole('button', { name: 'Revoke Billing server' }).count()).toBe(0);
    const refused = await fetch(`${d.base}/v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(401);
    expect(errors).toEqual([]);
  });

  it('invites an analyst whose one-time link signs them in on the Overview, and revokes another invitation', async () => {
    const { page, errors } = await d.open({ viewport: wide });
    await d.signIn(page);
    await openTab(page, d.base, '/settings/members');
    await page.getByRole('row', { name: /Ada Owner/ }).waitFor();

    await page.getByLabel('E-mail address').fill('new.analyst@acme.example');
    await page.getByLabel('Role', { exact: true }).selectOption('analyst');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const linkField = page.getByLabel('Invitation link');
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${d.base}/invite#heed_inv_[\\w-]+$`));
    const pending = page.getByRole('row', { name: /new\.analyst@acme\.example/ });
    await pending.waitFor();
    await d.shoot(page, 'settings-members-1280');

    // A fresh browser, nobody signed in: the link asks for a name and password only.
    const invitee = await d.open({ viewport: phone });
    await invitee.page.goto(link);
    await invitee.page.getByRole('heading', { level: 1, name: 'Join Acme' }).waitFor();
    await invitee.page.getByText('You are invited as an analyst.').waitFor();
    await invitee.page.getByText('new.analyst@acme.example').waitFor();
    expect(await invitee.page.getByLabel('E-mail address').count()).toBe(0);
    await d.shoot(invitee.page, 'invite-390');
    await invitee.page.getByLabel('Your name').fill('Nia Analyst');
    await invitee.page.getByLabel('Choose a password').fill('short');
    await invitee.page.getByRole('button', { name: 'Join' }).click();
    expect(await invitee.page.locator('#invite-password-error').textContent()).toBe(
      'Use at least 10 characters.',
    );
    await invitee.page.getByLabel('Choose a password').fill('analyst password 1');
    await invitee.page.getByRole('button', { name: 'Join' }).click();
    await invitee.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(new URL(invitee.page.url()).pathname).toBe('/overview');
    await invitee.page.getByRole('button', { name: 'Menu' }).waitFor();
    expect(await invitee.page.locator('.who-name').textContent()).toContain('Nia Analyst');
    // Used: the link is refused now, and the browser's history no longer holds it.
    const token = link.split('#')[1];
    expect((await fetch(`${d.base}/v1/invitations/${token}`)).status).toBe(401);
    expect(await invitee.page.evaluate(() => window.location.hash)).toBe('');
    expect(invitee.errors).toEqual([]);

    // Accepted: no longer pending, a member now.
    await page.reload();
    await page.getByRole('row', { name: /Nia Analyst/ }).waitFor();
    expect(await page.getByRole('row', { name: /new\.analyst@acme\.example/ }).count()).toBe(1);
    const pendingList = page.getByRole('region', { name: 'Pending invitations' });
    expect(await pendingList.getByText('new.analyst@acme.example').count()).toBe(0);

    // Another invitation, revoked before anyone used it.
    await page.getByLabel('E-mail address').fill('not.coming@acme.example');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const revokedLink = await page.getByLabel('Invitation link').inputValue();
    await page.getByRole('button', { name: 'Revoke the invitation for not.coming@acme.example' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke this invitation?' });
    await dialog.getByRole('button', { name: 'Revoke invitation' }).click();
    await page.getByText('Revoked the invitation for not.coming@acme.example.').waitFor();
    expect(await page.getByRole('row', { name: /not\.coming@acme\.example/ }).count()).toBe(0);
    const revokedToken = revokedLink.split('#')[1];
    expect((await fetch(`${d.base}/v1/invitations/${revokedToken}`)).status).toBe(401);

    // The revoked link, opened anyway, says so instead of offering a form.
    const late = await d.open({ viewport: wide });
    await late.page.goto(revokedLink);
    await late.page.getByRole('heading', { level: 1, name: 'This invitation cannot be used' }).waitFor();
    expect(late.errors.filter((error) => !expectedRefusal(401, '/v1/invitations/')(error))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('changes the role of a member and removes one after confirming', async () => {
    const agent = await d.memberWith('agent');
    const { page, errors } = await d.open({ viewport: wide });
    await d.signIn(page);
    await openTab(page, d.base, '/settings/members');
    const row = page.getByRole('row', { name: /agent@acme\.example/ });
    await row.waitFor();
    await page.getByLabel('Role of Agent Person').selectOption('viewer');
    await page.getByRole('button', { name: 'Save role of Agent Person' }).click();
    await page.getByText('Agent Person is now a viewer.').waitFor();
    const listed = await d.h.api<{ data: Array<{ email: string; role: string }> }>('GET', '/v1/members', {
      key: d.ws.secretKey,
    });
    expect(listed.body.data.find((member) => member.email === agent.email)?.role).toBe('viewer');
    await page.getByRole('button', { name: 'Remove Agent Person' }).click();
    await page
      .getByRole('dialog', { name: 'Remove this member?' })
      .getByRole('button', { name: 'Remove member' })
      .click();
    await page.getByText('Removed Agent Person.').waitFor();
    expect(await row.count()).toBe(0);
    // The owner's own row offers neither.
    const own = page.getByRole('row', { name: /Ada Owner/ });
    expect(await own.getByRole('button').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('saves the fatigue cap, refusing a value out of range beside the field', async () => {
    const { page, errors } = await d.open({ viewport: wide });
    await d.signIn(page);
    await openTab(page, d.base, '/settings/privacy');
    const days = page.getByLabel('Days between two requests to the same customer');
    expect(await days.inputValue()).toBe('30');
    await days.fill('400');
    const fatigue = page.locator('section[aria-labelledby="fatigue-heading"]');
    await fatigue.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('#fatigue-days-error').textContent()).toBe('Enter at most 365 days.');
    expect(await days.getAttribute('aria-invalid')).toBe('true');
    await days.fill('45');
    await fatigue.getByRole('button', { name: 'Save' }).click();
    await fatigue.getByText('Saved.').waitFor();
    await page.reload();
    await page.getByLabel('Days between two requests to the same customer').waitFor();
    expect(await page.getByLabel('Days between two requests to the same customer').inputValue()).toBe('45');
    const stored = await d.h.api<{ fatigue_days: number }>('GET', '/v1/workspace', { key: d.ws.secretKey });
    expect(stored.body.fatigue_days).toBe(45);
    await d.shoot(page, 'settings-privacy-1280');
    expect(errors).toEqual([]);
  });

  it('shows a viewer no admin controls, and the API refuses what a viewer forces through anyway', async () => {
    const viewer: Person = await d.memberWith('viewer');
    const { page, errors } = await d.open({ viewport: wide });
    await d.signIn(page, viewer);
    for (const tab of tabs) {
      await openTab(page, d.base, tab.path);
      await page.waitForLoadState('networkidle');
      const adminButtons = page
        .locator('main')
        .getByRole('button', { name: /^(Save|Create|Revoke|Remove|Invite|Copy)/ });
      // The account tab is every member's own: its password form is the one thing to change.
      const allowed = tab.name === 'account' ? ['Change password'] : [];
      const names = await adminButtons.allTextContents();
      expect(names, tab.path).toEqual([]);
      expect(await page.locator('main').getByRole('button').allTextContents(), tab.path).toEqual(allowed);
    }
    await openTab(page, d.base, '/settings/keys');
    await page.getByText('API keys are managed by owners and admins.').waitFor();
    await openTab(page, d.base, '/settings');
    await page.getByText('Shown to owners and admins').waitFor();

    const forced = await page.evaluate(async () => {
      const headers = {
        'content-type': 'application/json',
        'x-csrf-token': localStorage.getItem('heed.csrf') ?? '',
      };
      const key = await fetch('/v1/keys', {
        method: 'POST',
        headers,
        body: JSON.stringify({ kind: 'secret', name: 'Forced by a viewer' }),
      });
      const settings = await fetch('/v1/workspace', {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ fatigue_days: 1 }),
      });
      const invite = await fetch('/v1/members/invitations', {
        method: 'POST',
        headers,
        body: JSON.stringify({ email: 'forced@acme.example', role: 'admin' }),
      });
      return [key.status, settings.status, invite.status, ((await key.json()) as { code: string }).code];
    });
    expect(forced).toEqual([403, 403, 403, 'forbidden']);
    const keys = await d.h.api<{ data: Array<{ name: string }> }>('GET', '/v1/keys', { key: d.ws.secretKey });
    expect(keys.body.data.map((key) => key.name)).not.toContain('Forced by a viewer');
    await d.shoot(page, 'settings-viewer-1280');
    expect(
      errors.filter(
        (error) =>
          !expectedRefusal(403, '/v1/keys')(error) &&
          !expectedRefusal(403, '/v1/workspace')(error) &&
          !expectedRefusal(403, '/v1/members/invitations')(error),
      ),
    ).toEqual([]);
  });

  it('sets up the first owner of a workspace without members through the setup link', async () => {
    const empty = await d.h.createWorkspace('Fresh start');
    const { token } = await d.h.services.members.createSetupInvitation(empty.id);
    const { page, errors } = await d.open({ viewport: phone });
    await page.goto(`${d.base}/invite#${token}`);
    await page.getByRole('heading', { level: 1, name: 'Set up Heed' }).waitFor();
    await page.getByText('You are the first person in “Fresh start”').waitFor();

    // Everything missing: each problem beside its field, focus on the first.
    await page.getByRole('button', { name: 'Create my account' }).click();
    expect(await page.locator('#invite-name-error').textContent()).toBe('Enter your name.');
    expect(await page.locator('#invite-email-error').textContent()).toBe('Enter an e-mail address.');
    expect(await page.locator('#invite-password-error').textContent()).toBe('Use at least 10 characters.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('invite-name');
    await d.shoot(page, 'invite-setup-errors-390');

    await page.getByLabel('Your name').fill('Fia Founder');
    await page.getByLabel('E-mail address').fill('fia@fresh.example');
    await page.getByLabel('Choose a password').fill('founder password 1');
    await page.getByLabel('Show the password').check();
    expect(await page.getByLabel('Choose a password').getAttribute('type')).toBe('text');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/v1/me')).json());
    expect(me).toMatchObject({
      workspace_id: empty.id,
      member: { email: 'fia@fresh.example', name: 'Fia Founder', role: 'owner' },
    });
    // Used once: the setup link is refused now.
    const again = await fetch(`${d.base}/v1/invitations/${token}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Late', email: 'late@fresh.example', password: 'another password' }),
    });
    expect(again.status).toBe(401);
    expect(errors).toEqual([]);
  });

  it('shows names that carry markup as text, never running them', async () => {
    const invited = await d.h.api<{ token: string }>('POST', '/v1/members/invitations', {
      key: d.ws.secretKey,
      body: { email: 'markup@acme.example', role: 'viewer' },
    });
    const accepted = await d.h.api('POST', `/v1/invitations/${invited.body.token}/accept`, {
      body: { name: hostile, password: 'markup password 1' },
    });
    expect(accepted.status).toBe(201);
    const key = await d.h.api('POST', '/v1/keys', {
      key: d.ws.secretKey,
      body: { kind: 'publishable', name: hostile },
    });
    expect(key.status).toBe(201);
    await d.h.api('POST', '/v1/members/invitations', {
      key: d.ws.secretKey,
      body: { email: 'pending.markup@acme.example', role: 'agent' },
    });

    const { page, errors } = await d.open({ viewport: wide });
    await d.signIn(page);
    await openTab(page, d.base, '/settings/members');
    await page
      .getByRole('row', { name: /markup@acme\.example/ })
      .getByText(hostile)
      .first()
      .waitFor();
    await openTab(page, d.base, '/settings/keys');
    await page.getByRole('row').getByText(hostile, { exact: true }).first().waitFor();
    await page.getByRole('button', { name: `Revoke ${hostile}` }).click();
    await page.getByRole('dialog').getByText(hostile, { exact: false }).first().waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    // The member signs in with that name in the top bar too.
    const member = await d.open({ viewport: wide });
    await d.signIn(member.page, {
      email: 'markup@acme.example',
      password: 'markup password 1',
      role: 'viewer',
    });
    await member.page.locator('.who-name').getByText(hostile).waitFor();
    expect(await member.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect([...errors, ...member.errors]).toEqual([]);
  });

  it('screenshots every tab at 1280 and 390 pixels with nothing wider than the screen', async () => {
    for (const viewport of [wide, phone]) {
      const { page, errors } = await d.open({ viewport });
      await d.signIn(page);
      for (const tab of tabs) {
        await openTab(page, d.base, tab.path);
        await page.waitForLoadState('networkidle');
        await page.locator('main h2').first().waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${tab.path} at ${viewport.width}px`).toBeLessThanOrEqual(0);
        await d.shoot(page, `settings-${tab.name}-${viewport.width}`);
      }
      expect(errors).toEqual([]);
    }
  }, 120_000);

  it('has no serious or critical accessibility violations on any tab, the dialog or the invitation page', async () => {
    const found: Record<string, unknown> = {};
    const check = async (page: Page, name: string) => {
      const violations = await d.axe(page);
      if (violations.length > 0) found[name] = violations;
    };
    for (const viewport of [wide, phone]) {
      const { page } = await d.open({ viewport, axe: true });
      await d.signIn(page);
      for (const tab of tabs) {
        await openTab(page, d.base, tab.path);
        await page.waitForLoadState('networkidle');
        await page.locator('main h2').first().waitFor();
        await check(page, `${tab.name} ${viewport.width}`);
      }
      await openTab(page, d.base, '/settings/keys');
      await page.getByRole('button', { name: 'Create key' }).click();
      await page.locator('#key-name-error').waitFor();
      await check(page, `keys with a problem ${viewport.width}`);
      await page
        .getByRole('button', { name: /^Revoke / })
        .first()
        .click();
      await page.getByRole('dialog').waitFor();
      await check(page, `revoke dialog ${viewport.width}`);
    }
    const invited = await d.h.api<{ token: string }>('POST', '/v1/members/invitations', {
      key: d.ws.secretKey,
      body: { email: 'axe@acme.example', role: 'agent' },
    });
    const { page } = await d.open({ viewport: wide, axe: true });
    // (The answer's url names the address the request used; this one came without a listening server.)
    await page.goto(`${d.base}/invite#${invited.body.token}`);
    await page.getByRole('heading', { level: 1, name: 'Join Acme' }).waitFor();
    await check(page, 'invite');
    await d.shoot(page, 'invite-1280');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.locator('#invite-name-error').waitFor();
    await check(page, 'invite with problems');
    const empty = await d.h.createWorkspace('Axe setup');
    const { token } = await d.h.services.members.createSetupInvitation(empty.id);
    await page.goto(`${d.base}/invite#${token}`);
    await page.getByRole('heading', { level: 1, name: 'Set up Heed' }).waitFor();
    await check(page, 'setup invite');
    await d.shoot(page, 'invite-setup-1280');
    await page.goto(`${d.base}/invite#heed_inv_nothing`);
    await page.getByRole('heading', { level: 1, name: 'This invitation cannot be used' }).waitFor();
    await check(page, 'invalid invite');
    expect(found).toEqual({});
  }, 180_000);
});
