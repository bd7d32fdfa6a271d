import { check } from '../../fixtures/checks.ts';
import { navigateThroughProxy } from '../../fixtures/forward-auth.ts';
import { test } from '../../fixtures/index.ts';
import { registerSecret } from '../../fixtures/secrets.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const PROXY_LOGOUT = check('PROXY-LOGOUT');

test("signing out at the proxy ends access to the app and the IdP's session", PROXY_LOGOUT, async ({ page, context, target, account }) => {
  const proxy = stepsOf(target, 'forwardAuth');
  const visit = await navigateThroughProxy(page, target, account, (p) => p.goto(`${target.baseUrl}${proxy.deepPath}`));
  verdict.require(visit.landedAt, `Precondition failed: signing in through the proxy did not bring the browser back to the app (at ${page.url()}).`);
  const captured = await context.cookies(target.baseUrl);
  captured.forEach((c) => registerSecret(c.value));
  verdict.require(await proxy.proxySessionAlive(captured), 'Precondition failed: signed in, but the proxy does not let the browser\'s session through.');

  const signOut = await page.goto(`${target.baseUrl}${proxy.signOutPath}`);
  verdict.require(
    !signOut?.fromServiceWorker(),
    `The navigation to ${proxy.signOutPath} was answered by the app's service worker from its cache: the proxy never saw it, so the user cannot sign out at the proxy while the worker is installed.`,
  );
  const afterSignOut = await context.cookies(target.baseUrl);
  if (await proxy.proxySessionAlive(afterSignOut)) {
    const renewed = !afterSignOut.some((c) => captured.some((old) => old.name === c.name && old.value === c.value));
    afterSignOut.forEach((c) => registerSecret(c.value));
    verdict.fail(
      renewed
        ? `After ${proxy.signOutPath} the browser was sent back into the app and given a new proxy session without being asked for credentials: the IdP's session was still alive, so ${proxy.signOutPath} ended only the proxy's own cookie (oauth2-proxy needs --backend-logout-url with the IdP's end-session endpoint, or a redirect there).`
        : `After ${proxy.signOutPath} the proxy still lets the browser's session through (${target.session.description}).`,
    );
  }
  const idpAlive = await proxy.idp.sessionAlive(page);
  const again = await navigateThroughProxy(page, target, account, (p) => p.goto(`${target.baseUrl}${proxy.deepPath}`));
  verdict.note(`after ${proxy.signOutPath}: the IdP session ${idpAlive ? 'still lived' : 'had ended'}; opening the app again ${again.idpAskedToSignIn ? 'asked to sign in at the IdP' : again.viaIdp ? 'went through the IdP without asking for credentials' : `did not go through the IdP (at ${page.url()})`}`);
  verdict.require(
    !idpAlive && (again.idpAskedToSignIn || !again.landedAt),
    `After signing out at the proxy the IdP's session was still alive, so opening the app again signed the user back in without asking for credentials: ${proxy.signOutPath} ended only the proxy's own cookie, not the IdP session (oauth2-proxy needs --backend-logout-url with the IdP's end-session endpoint, or a redirect there).`,
  );

  // oauth2-proxy keeps its session in the cookie itself: a copy taken before sign-out may live on.
  if (await proxy.proxySessionAlive(captured)) {
    verdict.warn(
      `A proxy cookie captured before sign-out still passes the proxy after it (until the session expires, ${proxy.sessionLifetimeSeconds} s here): the proxy keeps sessions in the cookie and cannot end them server-side (ASVS v5.0.0-7.4.1; oauth2-proxy's redis session store can).`,
    );
  } else verdict.note('a proxy cookie captured before sign-out no longer passes');
});
