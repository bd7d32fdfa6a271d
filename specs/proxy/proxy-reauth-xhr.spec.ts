import { BackgroundTraffic } from '../../fixtures/background-traffic.ts';
import { check } from '../../fixtures/checks.ts';
import { navigateThroughProxy, signInThroughProxy, waitForProxySessionEnd } from '../../fixtures/forward-auth.ts';
import { expect, test } from '../../fixtures/index.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const PROXY_REAUTH_XHR = check('PROXY-REAUTH-XHR');

// Our Actual case: behind an Authentik proxy provider, once the proxy's token expired the app
// showed "server offline" until the user cleared cookies.
test('after the proxy session expires, background requests get an answer the app can act on and a navigation signs in again', PROXY_REAUTH_XHR, async ({ page, target, account }) => {
  const proxy = stepsOf(target, 'forwardAuth');
  await signInThroughProxy(page, target, account);
  await waitForProxySessionEnd(page, target);

  const traffic = new BackgroundTraffic(page, target.baseUrl, proxy.isBackgroundRequest);
  await proxy.backgroundActivity(page);
  await expect.poll(() => traffic.answers.length, { timeout: 15_000, message: 'a background request to be answered' }).toBeGreaterThan(0);
  const stateAfterExpiry = await proxy.appState(page);
  const afterExpiry = traffic.summary();
  verdict.note(`proxy session expired (${proxy.description}); background requests got: ${afterExpiry}; the app then showed "${stateAfterExpiry}"`);

  const visit = await navigateThroughProxy(page, target, account, (p) => p.goto(`${target.baseUrl}${proxy.deepPath}`));
  const stateAfterNavigation = await proxy.appState(page);
  traffic.stop();
  verdict.note(
    `navigation to ${proxy.deepPath}: ${visit.fromServiceWorker ? "answered by the app's service worker" : `${visit.viaIdp ? `through the IdP${visit.idpAskedToSignIn ? ' (asked to sign in)' : ' (its session still lived)'}` : 'not through the IdP'}, back on ${visit.landedAt ?? '(nowhere)'}`}; the app showed "${stateAfterNavigation}"; background requests meanwhile: ${traffic.summary()}`,
  );

  const problems: string[] = [];
  const unusable = traffic.unusable();
  if (unusable.length > 0) problems.push(`background requests got answers a browser app cannot act on: ${traffic.summary(unusable, 2)}`);
  if (visit.error) {
    problems.push(`the navigation to ${proxy.deepPath} did not complete (${visit.error})`);
  } else if (visit.fromServiceWorker) {
    problems.push(`the navigation to ${proxy.deepPath} was answered by the app's service worker from its cache, so it never reached the proxy and could not send the user to sign in again; only clearing the site's data (what "clearing cookies" does) removes the worker`);
  } else if (!visit.viaIdp) {
    problems.push(`the navigation to ${proxy.deepPath} did not go through the IdP to renew the proxy session (ended at ${page.url()})`);
  } else if (visit.landedAt !== proxy.deepPath) {
    problems.push(`after the IdP the browser came back to ${visit.landedAt ?? '(nowhere)'} instead of ${proxy.deepPath}`);
  }
  const dead = [stateAfterExpiry, stateAfterNavigation].includes('offline');
  if (dead) problems.unshift(`the app shows "Server offline"${stateAfterNavigation === 'offline' ? ' and still does after a navigation' : ''}`);
  else if (stateAfterNavigation === 'signed-out') {
    // The app's own sign-in is a way back, not a dead end: it must work now.
    await proxy.signInToApp(page);
    if ((await proxy.appState(page)) !== 'online') problems.push('after the navigation the app asked for its own sign-in, and signing in there did not bring it back online');
    else verdict.note("after the navigation the app asked for its own sign-in again; signing in brought it back online");
  } else if (stateAfterNavigation !== 'online') problems.push(`after the navigation the app ${stateAfterNavigation === 'loading' ? 'never settled (no server status, no sign-in)' : `shows "${stateAfterNavigation}"`} instead of being back online`);

  verdict.require(
    problems.length === 0,
    `After the proxy session expired, the app did not recover without clearing cookies: ${problems.join('; ')}. A background request needs a 401 (or a redirect the browser may follow without a CORS error), and a top-level navigation must reach the proxy to renew the session.`,
  );
});
