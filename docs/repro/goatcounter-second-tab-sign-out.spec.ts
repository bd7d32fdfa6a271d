/**
 * Bug report (GoatCounter, version v2.7.0): after signing out in one tab, a second tab of the same
 * browser still shows the dashboard.
 *
 * Expected: the second tab asks to sign in again
 * Actual: the second tab still shows the dashboard
 * Steps:
 *   1. Log in → sign in with the password; the app shows a page that needs a session
 *   2. Open a second tab → open a second tab of the same browser; it shares the session
 *   3. Log out in the first tab → sign out from the app's UI; the page no longer opens
 *   4. Reload the second tab → reload the page; it shows the session as the steps before left it (in
 *      the second tab)
 * Related checks: LOGOUT-REPLAY (v5.0.0-7.4.1).
 *
 * Scaffolded by `authconf repro`: where the bug is present it FAILs, where it is fixed it passes;
 * a target without the capabilities it needs SKIPs it with the reason.
 */
import { requireCapabilities } from '../../fixtures/checks.ts';
import { expect, test } from '../../fixtures/index.ts';

requireCapabilities('password-login', 'logout');

test('GoatCounter: after signing out in one tab, a second tab of the same browser still shows the dashboard', { tag: '@regression', annotation: [{ type: 'related-check', description: 'LOGOUT-REPLAY' }] }, async ({ page, target, account }) => {
  // Log in → sign in with the password; the app shows a page that needs a session
  await target.submitSignIn(page, account);
  expect(await target.isSignedIn(page), 'the account signs in with its password').toBe(true);
  // Open a second tab → open a second tab of the same browser; it shares the session
  const secondTab = await page.context().newPage();
  expect(await target.isSignedIn(secondTab), 'the second tab shares the first tab\'s session').toBe(true);
  // Log out in the first tab → sign out from the app's UI; the page no longer opens
  await target.signOut(page);
  expect(await target.isSignedIn(page), 'signed out').toBe(false);
  // Reload the second tab → reload the page; it shows the session as the steps before left it (in the second tab)
  await secondTab.reload();
  expect(await target.isSignedIn(secondTab), 'signed out in the first tab: the second tab (the same browser) is signed out too').toBe(false);
});
