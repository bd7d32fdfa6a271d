/**
 * Bug report (Actual Budget, version not given): when the proxy session expires the app shows
 * "server offline" until cookies are cleared.
 * Reported: Actual Budget behind an Authentik proxy provider (5 min token validity).
 *
 * Expected: navigation re-authenticates and returns; background requests get 401 (or a CORS-valid
 * answer) and the app recovers without clearing cookies
 * Actual: background requests get a cross-origin 302 that dies on CORS; the app shows "server
 * offline"
 * Steps:
 *   1. sign in with the password; the app shows a page that needs a session
 *   2. let the forward-auth proxy session expire (not automated yet)
 *   3. the app's background fetch gets the proxy's answer (not automated yet)
 * Related checks: PROXY-REAUTH-XHR (v5.0.0-10.1.2); TOKEN-EXPIRED-RELOGIN (v5.0.0-7.6.1).
 *
 * Scaffolded by `authconf repro`: where the bug is present it FAILs, where it is fixed it passes;
 * a target without the capabilities it needs SKIPs it with the reason.
 */
import { requireCapabilities } from '../../fixtures/checks.ts';
import { expect, test } from '../../fixtures/index.ts';

requireCapabilities('forward-auth', 'oidc-rp', 'password-login');
test.fixme(true, 'not automated yet: "let the forward-auth proxy session expire", "the app\'s background fetch gets the proxy\'s answer" — write these steps with the fixtures (fixtures/index.ts)');

test('Actual Budget: when the proxy session expires the app shows "server offline" until cookies are cleared', { tag: '@regression', annotation: [{ type: 'related-check', description: 'PROXY-REAUTH-XHR' }, { type: 'related-check', description: 'TOKEN-EXPIRED-RELOGIN' }, { type: 'issue', description: 'Actual Budget behind an Authentik proxy provider (5 min token validity)' }] }, async ({ page, target, account }) => {
  // sign in with the password; the app shows a page that needs a session
  await target.submitSignIn(page, account);
  expect(await target.isSignedIn(page), 'the account signs in with its password').toBe(true);
  // let the forward-auth proxy session expire (not automated yet)
  // the app's background fetch gets the proxy's answer (not automated yet)
});
