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
 *   2. let the forward-auth proxy session expire → wait until the forward-auth proxy's session has
 *      expired (as short as the stack makes it)
 *   3. the app's background fetch gets the proxy's answer → the app's background requests get an
 *      answer it can act on (401, or a redirect CORS allows); the app is not "offline"
 * Related checks: PROXY-REAUTH-XHR (v5.0.0-10.1.2); TOKEN-EXPIRED-RELOGIN (v5.0.0-7.6.1).
 *
 * Scaffolded by `authconf repro`: where the bug is present it FAILs, where it is fixed it passes;
 * a target without the capabilities it needs SKIPs it with the reason.
 */
import { BackgroundTraffic } from '../../fixtures/background-traffic.ts';
import { requireCapabilities } from '../../fixtures/checks.ts';
import { signInThroughProxy, waitForProxySessionEnd } from '../../fixtures/forward-auth.ts';
import { expect, test } from '../../fixtures/index.ts';
import { stepsOf } from '../../fixtures/steps.ts';

requireCapabilities('forward-auth', 'oidc-rp');

test('Actual Budget: when the proxy session expires the app shows "server offline" until cookies are cleared', { tag: '@regression', annotation: [{ type: 'related-check', description: 'PROXY-REAUTH-XHR' }, { type: 'related-check', description: 'TOKEN-EXPIRED-RELOGIN' }, { type: 'issue', description: 'Actual Budget behind an Authentik proxy provider (5 min token validity)' }] }, async ({ page, target, account }) => {
  test.setTimeout(test.info().timeout + (stepsOf(target, 'forwardAuth').sessionLifetimeSeconds + 30) * 1000);
  // sign in with the password; the app shows a page that needs a session
  // (behind its forward-auth proxy: the target signs in through it)
  await signInThroughProxy(page, target, account);
  // let the forward-auth proxy session expire → wait until the forward-auth proxy's session has expired (as short as the stack makes it)
  await waitForProxySessionEnd(page, target);
  // the app's background fetch gets the proxy's answer → the app's background requests get an answer it can act on (401, or a redirect CORS allows); the app is not "offline"
  const proxy = stepsOf(target, 'forwardAuth');
  const traffic = new BackgroundTraffic(page, target.baseUrl, proxy.isBackgroundRequest);
  await proxy.backgroundActivity(page);
  await expect.poll(() => traffic.answers.length, { timeout: 15_000, message: 'a background request to be answered' }).toBeGreaterThan(0);
  traffic.stop();
  expect(traffic.unusable(), `background requests get an answer the app can act on: ${traffic.summary()}`).toEqual([]);
  expect(await proxy.appState(page), 'what the app shows').not.toBe('offline');
});
