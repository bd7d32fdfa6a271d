/**
 * Bug report (Actual Budget behind an Authentik proxy provider): when the proxy's token
 * expired (5 minutes validity) the app showed "server offline" until the user cleared
 * cookies. Written against the behaviour: on a target behind a forward-auth proxy, after the
 * proxy session ends the app is not left offline, and a reload takes the user through the
 * IdP and back into the app — without clearing anything.
 */
import { requireCapabilities } from '../../fixtures/checks.ts';
import { navigateThroughProxy, signInThroughProxy, waitForProxySessionEnd } from '../../fixtures/forward-auth.ts';
import { expect, test } from '../../fixtures/index.ts';
import { stepsOf } from '../../fixtures/steps.ts';

requireCapabilities('forward-auth');

test('Actual Budget: after the proxy session expires the app is not "server offline"; a reload signs in again', { tag: '@regression', annotation: [{ type: 'related-check', description: 'PROXY-REAUTH-XHR' }] }, async ({ page, target, account }) => {
  const proxy = stepsOf(target, 'forwardAuth');
  await signInThroughProxy(page, target, account);
  await waitForProxySessionEnd(page, target);

  // The app keeps talking to its server in the background.
  await proxy.backgroundActivity(page);
  expect(await proxy.appState(page), 'what the app shows once the proxy session expired').not.toBe('offline');

  const reload = await navigateThroughProxy(page, target, account, (p) => p.reload());
  expect(reload.fromServiceWorker, "the reload reached the proxy (not the app's service worker cache)").toBe(false);
  expect(reload.viaIdp, 'the reload went through the IdP to renew the proxy session').toBe(true);
  expect(await proxy.appState(page), 'after the reload').not.toBe('offline');
});
