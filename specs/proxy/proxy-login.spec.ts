import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const PROXY_LOGIN = check('PROXY-LOGIN');

test('an unauthenticated visit to a deep page goes to the IdP and comes back to that page', PROXY_LOGIN, async ({ page, context, target, account }) => {
  const proxy = stepsOf(target, 'forwardAuth');
  const deepUrl = `${target.baseUrl}${proxy.deepPath}`;

  await page.goto(deepUrl);
  verdict.require(
    await proxy.idp.waitUntilShown(page),
    `Opening ${proxy.deepPath} without a session did not lead to the IdP's sign-in page (ended at ${page.url()}): the proxy (${proxy.description}) let the request through or sent it elsewhere.`,
  );
  verdict.note(`without a session, ${proxy.deepPath} → the IdP's sign-in page`);

  // The first page of the app the browser is sent to after the IdP (the proxy's callback excluded).
  const back = page.waitForResponse((r) => r.request().isNavigationRequest() && r.url().startsWith(`${target.baseUrl}/`) && !new URL(r.url()).pathname.startsWith('/oauth2/'), { timeout: 30_000 });
  await proxy.idp.signIn(page, account);
  const landed = await back.catch(() => undefined);
  if (!landed) verdict.fail(`After signing in at the IdP the browser did not come back to the app (it is at ${page.url()}${(await proxy.idp.error(page)) ? `; the IdP said "${await proxy.idp.error(page)}"` : ''}).`);
  const landedAt = landed.url().slice(target.baseUrl.length);
  verdict.require(
    landed.url() === deepUrl,
    `After signing in at the IdP the browser came back to ${landedAt} instead of ${proxy.deepPath}, the page it asked for: the proxy did not carry the original URL through sign-in (nginx's redirect to /oauth2/start must pass it as rd).`,
  );
  verdict.require(landed.status() < 400, `Back on ${landedAt} after sign-in, the proxy answered ${landed.status()} instead of letting the signed-in user through to the app.`);
  verdict.require(
    await target.session.read(context, target.baseUrl),
    `Back on ${landedAt}, but the browser holds no proxy session (${target.session.description}) for the app's origin.`,
  );
  verdict.note(`signed in at the IdP → back on ${landedAt} (${landed.status()}), ${target.session.description} set`);
});
