import type { Page } from '@playwright/test';
import { check } from '../../fixtures/checks.ts';
import { navigateThroughProxy } from '../../fixtures/forward-auth.ts';
import { test } from '../../fixtures/index.ts';
import type { OidcProvider } from '../../fixtures/oidc.ts';
import { authorize, discoveryOf, endSession, newState, signInForTokens } from '../../fixtures/oidc-flow.ts';
import { pagesVisitedOpening, redirectBypasses, type RedirectBypass } from '../../fixtures/open-redirect.ts';
import type { Credentials, ForwardAuthSteps, TargetAdapter } from '../../fixtures/targets/adapter.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const OPEN_REDIRECT = check('OPEN-REDIRECT');

/** A host nobody serves: the browser's request to it is enough to see it was sent there. */
const ATTACKER_HOST = 'evil.localhost';

test("return URLs never send the browser off the app's own origins", OPEN_REDIRECT, async ({ page, started, target, account }) => {
  if (started.oidc) await providerReturnUrls(page, started.oidc);
  if (target.forwardAuth) await proxyReturnUrls(page, target, target.forwardAuth, account);
});

/** Where one bypass led: off the allowed origins (the finding) or what the user was shown instead. */
type Outcome = { escapedTo: URL } | { shown: string };

/**
 * Offers every bypass of `legit` in one parameter and grades where they led: all must stay on
 * `allowed`. Records the count, the time taken and what the browser got instead.
 */
async function probe(page: Page, parameter: string, legit: string, allowed: readonly string[], send: (tab: Page, bypass: RedirectBypass) => Promise<Outcome>): Promise<void> {
  const startedAt = Date.now();
  const bypasses = redirectBypasses(new URL(legit), `${ATTACKER_HOST}:${new URL(legit).port}`);
  const escaped: string[] = [];
  const stayed = new Map<string, string[]>();
  for (const bypass of bypasses) {
    // A tab of its own (same browser, same session): a redirect to an unserved host ends in an
    // error page that commits late, and would cut off the next probe's navigation in a shared tab.
    const tab = await page.context().newPage();
    const outcome = await send(tab, bypass).finally(() => tab.close());
    if ('escapedTo' in outcome) {
      const to = outcome.escapedTo;
      escaped.push(`"${bypass.value}" (${bypass.label}) → ${to.origin}${to.pathname}${to.searchParams.has('code') ? ' with an authorization code' : ''}`);
    } else stayed.set(outcome.shown, [...(stayed.get(outcome.shown) ?? []), bypass.label]);
  }
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  verdict.note(`${parameter}: ${bypasses.length} bypasses in ${seconds} s; ${[...stayed].map(([shown, labels]) => `${shown} (${labels.join(', ')})`).join('; ') || 'none stayed'}`);
  verdict.require(
    escaped.length === 0,
    `The browser was sent off ${allowed.join(' and ')} for ${escaped.length} of ${bypasses.length} values of ${parameter}: ${escaped.join('; ')}. ` +
      `An open redirect (ASVS v5.0.0-10.4.1). Likely cause: what is accepted as ${parameter} is broader than the app's own URLs (a wildcard pattern or a parent-domain allow-list).`,
  );
}

/** An OpenID provider's redirect_uri and post_logout_redirect_uri for a registered client (OpenID Connect Core §3.1.2.1). */
async function providerReturnUrls(page: Page, oidc: OidcProvider): Promise<void> {
  const discovery = await discoveryOf(oidc);
  const user = await oidc.newUser();
  const { client } = oidc;
  // The provider session exists before the probes, so a lax provider would answer with a code at once.
  const { idToken } = await signInForTokens(page, oidc, user, client, discovery);
  const outcome = (registered: string) => (answer: { redirectedTo?: URL; providerPage?: string }): Outcome => {
    const to = answer.redirectedTo;
    if (to && to.origin !== new URL(registered).origin) return { escapedTo: to };
    return { shown: to ? `sent to ${to.origin}` : `kept on its own page: "${answer.providerPage?.replace(/\s+/g, ' ').slice(0, 100)}"` };
  };
  const clientOrigin = (uri: string) => [new URL(uri).origin];
  await probe(page, 'redirect_uri', client.redirectUri, clientOrigin(client.redirectUri), async (tab, bypass) =>
    outcome(client.redirectUri)(await authorize(tab, oidc, user, { client, state: newState(), redirectUri: bypass.value }, discovery)),
  );
  await probe(page, 'post_logout_redirect_uri', client.postLogoutRedirectUri, clientOrigin(client.postLogoutRedirectUri), async (tab, bypass) =>
    outcome(client.postLogoutRedirectUri)(await endSession(tab, discovery, { idTokenHint: idToken, postLogoutRedirectUri: bypass.value, state: newState() })),
  );
}

/** A forward-auth proxy's own return-URL parameters (oauth2-proxy's `rd`), with a live session so sign-in completes at once. */
async function proxyReturnUrls(page: Page, target: TargetAdapter, proxy: ForwardAuthSteps, account: Credentials): Promise<void> {
  const endpoints = proxy.returnUrlEndpoints ?? [];
  if (endpoints.length === 0) {
    verdict.note(`the forward-auth proxy (${proxy.description}) declares no return-URL endpoint: not probed`);
    return;
  }
  const visit = await navigateThroughProxy(page, target, account, (p) => p.goto(`${target.baseUrl}${proxy.deepPath}`));
  verdict.require(visit.landedAt, `Precondition failed: signing in through the proxy did not come back to the app (at ${page.url()}).`);
  const allowed = [new URL(target.baseUrl).origin, new URL(proxy.idp.issuer).origin];
  const legit = `${target.baseUrl}${proxy.deepPath}`;
  for (const { path, parameter } of endpoints) {
    await probe(page, `${parameter} on ${path}`, legit, allowed, async (tab, bypass) => {
      const visited = await pagesVisitedOpening(tab, `${target.baseUrl}${path}?${new URLSearchParams({ [parameter]: bypass.value })}`);
      const escapedTo = visited.find((at) => at.protocol.startsWith('http') && !allowed.includes(at.origin));
      if (escapedTo) return { escapedTo };
      const last = visited.at(-1);
      return { shown: last ? `ended on ${last.origin === allowed[0] ? "the app's " : last.origin}${last.pathname}` : 'went nowhere' };
    });
  }
}
