/**
 * Bug report (Beszel (auth core: PocketBase), version v0.23.0): after the upgrade a new browser
 * cannot sign in while an existing session lives.
 * Reported: after upgrading to PocketBase 0.23, auth-refresh answered 400 and /api/realtime 403.
 *
 * Expected: a second browser and a private window sign in; the first session keeps working
 * Actual: existing sessions keep working but a new browser or private window cannot sign in
 * Steps:
 *   1. sign in with the password; the app shows a page that needs a session
 *   2. sign in from a second browser while the first session lives; both work
 *   3. sign in from a private window while the first session lives; both work
 * Related checks: SESS-PARALLEL (v5.0.0-7.2.4).
 *
 * Beszel (auth core: PocketBase) is not an authconf target yet: the spec runs on every target that
 * has what it needs.
 *
 * Scaffolded by `authconf repro`: where the bug is present it FAILs, where it is fixed it passes;
 * a target without the capabilities it needs SKIPs it with the reason.
 */
import { requireCapabilities } from '../../fixtures/checks.ts';
import { expect, test } from '../../fixtures/index.ts';

requireCapabilities('password-login');

test('Beszel (auth core: PocketBase): after the upgrade a new browser cannot sign in while an existing session lives', { tag: '@regression', annotation: [{ type: 'related-check', description: 'SESS-PARALLEL' }, { type: 'issue', description: 'after upgrading to PocketBase 0.23, auth-refresh answered 400 and /api/realtime 403' }] }, async ({ page, target, account, freshContext }) => {
  // sign in with the password; the app shows a page that needs a session
  await target.submitSignIn(page, account);
  expect(await target.isSignedIn(page), 'the account signs in with its password').toBe(true);
  // sign in from a second browser while the first session lives; both work
  const otherBrowser = await (await freshContext('new-browser')).newPage();
  await target.submitSignIn(otherBrowser, account);
  expect(await target.isSignedIn(otherBrowser), 'a second browser signs in while the first session lives').toBe(true);
  expect(await target.isSignedIn(page), 'the first session still works').toBe(true);
  // sign in from a private window while the first session lives; both work
  const privateWindow = await (await freshContext('private-window')).newPage();
  await target.submitSignIn(privateWindow, account);
  expect(await target.isSignedIn(privateWindow), 'a private window signs in while the first session lives').toBe(true);
  expect(await target.isSignedIn(page), 'the first session still works').toBe(true);
});
