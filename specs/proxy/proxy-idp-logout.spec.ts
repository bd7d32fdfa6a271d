import { expect } from '@playwright/test';
import { check } from '../../fixtures/checks.ts';
import { navigateThroughProxy } from '../../fixtures/forward-auth.ts';
import { test } from '../../fixtures/index.ts';
import { registerSecret } from '../../fixtures/secrets.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import { allowTestTime } from '../../fixtures/test-time.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const PROXY_IDP_LOGOUT = check('PROXY-IDP-LOGOUT');

/** Round trips and the poll's own interval: how much later than its bound a session may still pass. */
const SLACK_SECONDS = 10;

test("signing out at the IdP ends access through the proxy, within the proxy's re-check interval", PROXY_IDP_LOGOUT, async ({ page, context, target, account }) => {
  const proxy = stepsOf(target, 'forwardAuth');
  const visit = await navigateThroughProxy(page, target, account, (p) => p.goto(`${target.baseUrl}${proxy.deepPath}`));
  verdict.require(visit.landedAt, `Precondition failed: signing in through the proxy did not bring the browser back to the app (at ${page.url()}).`);
  const signedInAt = Date.now();
  // The proxy session as sign-in issued it: what the browser (or anyone holding a copy) presents afterwards.
  const session = await context.cookies(target.baseUrl);
  session.forEach((c) => registerSecret(c.value));
  verdict.require(await proxy.proxySessionAlive(session), "Precondition failed: signed in, but the proxy does not let the browser's session through.");

  await proxy.idp.signOut(page);
  const signedOutAt = Date.now();
  verdict.require(!(await proxy.idp.sessionAlive(page)), "Precondition failed: after signing out at the IdP, the IdP's session still lives (prompt=none still gets a code).");

  const { sessionRecheckSeconds: recheck, sessionLifetimeSeconds: lifetime } = proxy;
  const lifetimeEndsAt = signedInAt + lifetime * 1000;
  const boundAt = Math.min(lifetimeEndsAt, recheck === undefined ? Infinity : signedOutAt + recheck * 1000);
  const deadline = Math.max(lifetimeEndsAt, boundAt) + 2 * SLACK_SECONDS * 1000;
  allowTestTime(deadline - Date.now());
  await expect
    .poll(() => proxy.proxySessionAlive(session), { timeout: deadline - Date.now(), intervals: [1000], message: 'the proxy to stop letting the session through after the IdP sign-out' })
    .toBe(false)
    .catch(() => undefined);
  const endedAt = Date.now();
  const after = Math.round((endedAt - signedOutAt) / 1000);
  const rechecks = recheck === undefined ? 'it never asks the IdP again (no re-check interval)' : `it re-checks with the IdP every ${recheck} s`;
  verdict.note(`the proxy session signed in ${Math.round((signedOutAt - signedInAt) / 1000)} s before the IdP sign-out; ${rechecks}; its lifetime is ${lifetime} s`);

  verdict.require(
    !(await proxy.proxySessionAlive(session)),
    `${after} s after signing out at the IdP the proxy still lets the session through, beyond its lifetime (${lifetime} s from sign-in)` +
      `${recheck === undefined ? '' : ` and its re-check interval (${recheck} s)`}: something in front keeps the session alive, such as a cache of the proxy's answers (ASVS v5.0.0-7.6.1).`,
  );
  verdict.note(`the proxy stopped letting the session through ${after} s after the IdP sign-out`);
  verdict.require(
    endedAt <= boundAt + SLACK_SECONDS * 1000,
    `The proxy let the session through for ${after} s after the IdP sign-out, longer than it should (${Math.round((boundAt - signedOutAt) / 1000)} s: ${rechecks}, its lifetime is ${lifetime} s) (ASVS v5.0.0-7.6.1).`,
  );
  if (boundAt === lifetimeEndsAt) {
    verdict.warn(
      `Access through the proxy outlived the IdP session by ${after} s: ${rechecks}, so only the proxy session's lifetime (${lifetime} s here) ends it (ASVS v5.0.0-7.6.1; oauth2-proxy's --cookie-refresh makes it ask the IdP again).`,
    );
  }
});
