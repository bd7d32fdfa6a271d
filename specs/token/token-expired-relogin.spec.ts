import { BackgroundTraffic } from '../../fixtures/background-traffic.ts';
import { check } from '../../fixtures/checks.ts';
import { navigateThroughProxy, signInThroughProxy, waitForIdpSessionEnd, waitForProxySessionEnd } from '../../fixtures/forward-auth.ts';
import { test } from '../../fixtures/index.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const TOKEN_EXPIRED_RELOGIN = check('TOKEN-EXPIRED-RELOGIN');

test('once the proxy and IdP sessions have expired, the user lands on a sign-in, not a dead "offline" app', TOKEN_EXPIRED_RELOGIN, async ({ page, target, account }) => {
  const proxy = stepsOf(target, 'forwardAuth');
  await signInThroughProxy(page, target, account);
  await waitForProxySessionEnd(page, target);
  await waitForIdpSessionEnd(page, target);

  const traffic = new BackgroundTraffic(page, target.baseUrl, proxy.isBackgroundRequest);
  await proxy.backgroundActivity(page);
  const shown = await proxy.appState(page);
  verdict.note(`proxy and IdP sessions expired; the app showed "${shown}"; background requests got: ${traffic.summary()}`);

  // What the user does next: open the app again.
  const visit = await navigateThroughProxy(page, target, account, (p) => p.goto(`${target.baseUrl}${proxy.deepPath}`));
  traffic.stop();
  verdict.note(`opening ${proxy.deepPath} again: ${visit.error ? `did not complete (${visit.error})` : visit.fromServiceWorker ? "answered by the app's service worker" : visit.idpAskedToSignIn ? `the IdP asked to sign in; back on ${visit.landedAt ?? '(nowhere)'}` : `no sign-in asked (ended at ${page.url()})`}`);

  verdict.require(
    shown !== 'offline' && !visit.fromServiceWorker,
    `After the sessions expired the app shows "${shown}"${visit.fromServiceWorker ? ", and opening it again was answered by its service worker from cache (the proxy never saw it)" : ''}: the user is left in a dead state instead of on a sign-in page (ASVS v5.0.0-7.6.1). Background requests got: ${traffic.summary(traffic.unusable(), 2)}.`,
  );
  verdict.require(!visit.error, `After the sessions expired, opening ${proxy.deepPath} again did not complete: ${visit.error}; the app showed "${shown}" before.`);
  verdict.require(
    visit.idpAskedToSignIn,
    `After the proxy and IdP sessions expired, opening ${proxy.deepPath} did not ask the user to sign in at the IdP (ended at ${page.url()}, the app showed "${await proxy.appState(page)}").`,
  );
  verdict.require(visit.landedAt === proxy.deepPath, `After signing in again the browser came back to ${visit.landedAt ?? '(nowhere)'} instead of ${proxy.deepPath}.`);
});
