/**
 * The Actual page object against the real web app in Debian's Chromium: first-run
 * bootstrap, a refused and an accepted sign-in, the budget, the server state the title bar
 * shows, and sign-out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from '@playwright/test';
import { stderrProgress } from '../../containers/images/progress.ts';
import { ensureLocalImage } from '../../containers/images/resolve.ts';
import { freeLoopbackPort } from '../../containers/loopback-container.ts';
import { ActualContainer, actualImage } from '../../containers/services/actual.ts';
import { Stack } from '../../containers/stack.ts';
import { newSecret, redact } from '../../fixtures/secrets.ts';
import { distinctClientHeaders } from '../../fixtures/client-address.ts';
import { ActualPages } from '../../fixtures/targets/actual/page.ts';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

describe('Actual 26.9.0 page object', () => {
  let stack: Stack<{ app: { hostname: string; container: () => ActualContainer } }>;
  let browser: Browser;
  let pages: ActualPages;
  let page: Page;
  const password = newSecret();

  before(async () => {
    const recipe = actualImage('26.9.0');
    await ensureLocalImage(recipe, stderrProgress('images'));
    const port = await freeLoopbackPort();
    stack = await Stack.start('actual-pages', { app: { hostname: 'actual.localhost', container: () => new ActualContainer(recipe.localRef).withHttpPort(port) } }, { progress: stderrProgress('stack'), redact });
    pages = new ActualPages(`http://actual.localhost:${port}`);
    browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', args: ['--no-sandbox'] });
    page = await browser.newPage({ extraHTTPHeaders: distinctClientHeaders() });
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a fresh server shows the bootstrap page; setting the password leads to sign-in', async () => {
    await pages.bootstrap(page, password);
    assert.equal(await pages.serverState(page), 'signed-out');
  });

  it('a wrong password is refused with Actual\'s message', async () => {
    await pages.submitSignIn(page, `${password}x`);
    assert.equal(await pages.signInError(page), 'Invalid password');
  });

  it('the right password signs in; the budget opens and the server is online', async () => {
    await pages.submitSignIn(page, password);
    await pages.openBudget(page);
    assert.equal(await pages.serverState(page), 'online');
  });

  it('a fresh browser context is not signed in', async () => {
    const fresh = await browser.newPage({ extraHTTPHeaders: distinctClientHeaders() });
    try {
      assert.equal(await pages.isSignedIn(fresh), false);
      assert.equal(await pages.serverState(fresh), 'signed-out');
    } finally {
      await fresh.close();
    }
  });

  it('signing out from the status menu ends the session', async () => {
    await pages.signOut(page);
    assert.equal(await pages.isSignedIn(page), false);
  });
});
