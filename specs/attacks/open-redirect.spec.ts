import type { BrowserContext, Page } from '@playwright/test';
import { check } from '../../fixtures/checks.ts';
import { navigateThroughProxy } from '../../fixtures/forward-auth.ts';
import { test } from '../../fixtures/index.ts';
import type { OidcProvider } from '../../fixtures/oidc.ts';
import { authorize, discoveryOf, endSession, newState, signInForTokens } from '../../fixtures/oidc-flow.ts';
import { pagesVisitedDuring, pagesVisitedOpening, redirectBypasses, type RedirectBypass } from '../../fixtures/open-redirect.ts';
import type { Credentials, ForwardAuthSteps, ReturnUrlSteps, TargetAdapter } from '../../fixtures/targets/adapter.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const OPEN_REDIRECT = check('OPEN-REDIRECT');

/** A host nobody serves: the browser's request to it is enough to see it was sent there. */
const ATTACKER_HOST = 'evil.localhost';

test("return URLs never send the browser off the app's own origins", OPEN_REDIRECT, async ({ page, started, target, account, freshContext }) => {
  if (target.returnUrl) await appReturnUrl(target, target.returnUrl, account, signedOutTabs(freshContext));
  if (started.oidc) await providerReturnUrls(page, started.oidc);
  if (target.forwardAuth) await proxyReturnUrls(page, target, target.forwardAuth, account);
});

/** Where one bypass led: off the allowed origins (the finding) or what the user was shown instead. */
type Outcome = { escapedTo: URL } | { shown: string };

/** Where each bypass is tried: a tab of its own, closed after it; `concurrency` of them at once. */
interface Tabs {
  open(): Promise<Page>;
  close(tab: Page): Promise<void>;
  concurrency: number;
}

/** Tabs of `page`'s browser, one after another: one session, whose provider-side state each flow changes. */
function sameSessionTabs(page: Page): Tabs {
  return { open: () => page.context().newPage(), close: (tab) => tab.close(), concurrency: 1 };
}

/** A new browser context per tab: signed out, as a victim following the attacker's link; independent, so a few at once. */
function signedOutTabs(freshContext: (kind: 'private-window') => Promise<BrowserContext>): Tabs {
  return { open: async () => (await freshContext('private-window')).newPage(), close: (tab) => tab.context().close(), concurrency: 3 };
}

/** Where the browser went: the first page off the allowed origins, or where it ended. */
function outcomeOf(visited: readonly URL[], allowed: readonly string[]): Outcome {
  const escapedTo = visited.find((at) => at.protocol.startsWith('http') && !allowed.includes(at.origin));
  if (escapedTo) return { escapedTo };
  const last = visited.at(-1);
  return { shown: last ? `ended on ${last.origin === allowed[0] ? "the app's " : last.origin}${last.pathname}` : 'went nowhere' };
}

/** One return URL to probe: its parameter, a value it accepts, and what counts as staying. */
interface ReturnUrl {
  parameter: string;
  legit: string;
  allowed: readonly string[];
  /** The requirement broken when a bypass escapes, and the usual cause, for the diagnosis. */
  requirement: string;
  likelyCause: string;
}

/** An OAuth redirect URI, or a proxy's rd (a parameter that is itself an OAuth-style return URL). */
const ALLOW_LIST = { requirement: 'ASVS v5.0.0-10.4.1', likelyCause: "what is accepted is broader than the app's own URLs (a wildcard pattern or a parent-domain allow-list)" };

/**
 * Offers every bypass of `url.legit` in its parameter and grades where they led: all must stay
 * on `url.allowed`. Records the count, the time taken and what the browser got instead.
 */
async function probe(tabs: Tabs, url: ReturnUrl, send: (tab: Page, bypass: RedirectBypass) => Promise<Outcome>): Promise<void> {
  const startedAt = Date.now();
  const bypasses = redirectBypasses(new URL(url.legit), `${ATTACKER_HOST}:${new URL(url.legit).port}`);
  const outcomes: Outcome[] = [];
  for (let i = 0; i < bypasses.length; i += tabs.concurrency) {
    // Each in a tab of its own: a redirect to an unserved host ends in an error page that
    // commits late, and would cut off the next probe's navigation in a shared tab.
    outcomes.push(
      ...(await Promise.all(
        bypasses.slice(i, i + tabs.concurrency).map(async (bypass) => {
          const tab = await tabs.open();
          return send(tab, bypass).finally(() => tabs.close(tab));
        }),
      )),
    );
  }
  const escaped: string[] = [];
  const stayed = new Map<string, string[]>();
  outcomes.forEach((outcome, i) => {
    const bypass = bypasses[i]!;
    if ('escapedTo' in outcome) {
      const to = outcome.escapedTo;
      escaped.push(`"${bypass.value}" (${bypass.label}) → ${to.origin}${to.pathname}${to.searchParams.has('code') ? ' with an authorization code' : ''}`);
    } else stayed.set(outcome.shown, [...(stayed.get(outcome.shown) ?? []), bypass.label]);
  });
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  verdict.note(`${url.parameter}: ${bypasses.length} bypasses in ${seconds} s; ${[...stayed].map(([shown, labels]) => `${shown} (${labels.join(', ')})`).join('; ') || 'none stayed'}`);
  verdict.require(
    escaped.length === 0,
    `The browser was sent off ${url.allowed.join(' and ')} for ${escaped.length} of ${bypasses.length} values of ${url.parameter}: ${escaped.join('; ')}. ` +
      `An open redirect (${url.requirement}). Likely cause: ${url.likelyCause}.`,
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
  await probe(sameSessionTabs(page), { parameter: 'redirect_uri', legit: client.redirectUri, allowed: clientOrigin(client.redirectUri), ...ALLOW_LIST }, async (tab, bypass) =>
    outcome(client.redirectUri)(await authorize(tab, oidc, user, { client, state: newState(), redirectUri: bypass.value }, discovery)),
  );
  await probe(sameSessionTabs(page), { parameter: 'post_logout_redirect_uri', legit: client.postLogoutRedirectUri, allowed: clientOrigin(client.postLogoutRedirectUri), ...ALLOW_LIST }, async (tab, bypass) =>
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
    await probe(sameSessionTabs(page), { parameter: `${parameter} on ${path}`, legit, allowed, ...ALLOW_LIST }, async (tab, bypass) =>
      outcomeOf(await pagesVisitedOpening(tab, `${target.baseUrl}${path}?${new URLSearchParams({ [parameter]: bypass.value })}`), allowed),
    );
  }
}

/**
 * The app's own sign-in with a return URL (Miniflux's `redirect_url`), as a victim follows an
 * attacker's link: signed out, each bypass in a new browser, signed in there. First the return
 * URL the target declares must be honoured: a parameter the app ignores would prove nothing.
 */
async function appReturnUrl(target: TargetAdapter, steps: ReturnUrlSteps, account: Credentials, tabs: Tabs): Promise<void> {
  const allowed = [new URL(target.baseUrl).origin];
  const legit = new URL(steps.accepted, target.baseUrl);
  const tab = await tabs.open();
  try {
    const visited = await pagesVisitedDuring(tab, () => steps.signInReturningTo(tab, steps.accepted, account));
    const landed = new URL(tab.url());
    verdict.require(
      landed.origin === legit.origin && landed.pathname === legit.pathname,
      `Precondition failed: signing in with ${steps.parameter}=${steps.accepted} did not return to ${legit.pathname} ` +
        `(the browser went ${visited.map((at) => at.pathname).join(' → ') || 'nowhere'}, ending at ${landed.origin}${landed.pathname}): the parameter is not the app's return URL, or the sign-in failed.`,
    );
  } finally {
    await tabs.close(tab);
  }
  verdict.note(`signing in with ${steps.parameter}=${steps.accepted} returned to ${legit.pathname}`);
  const ownPagesOnly = {
    requirement: 'ASVS v5.0.0-3.7.2',
    likelyCause: `the test for "one of the app's own pages" misses a form that browsers read as another host (a backslash, a scheme without slashes, an encoded one), or absolute URLs are taken without checking their host`,
  };
  await probe(tabs, { parameter: `${steps.parameter} on the sign-in page`, legit: legit.href, allowed, ...ownPagesOnly }, async (bypassTab, bypass) =>
    outcomeOf(await pagesVisitedDuring(bypassTab, () => steps.signInReturningTo(bypassTab, bypass.value, account)), allowed),
  );
}
