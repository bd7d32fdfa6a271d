import { check } from '../../fixtures/checks.ts';
import { navigateThroughProxy } from '../../fixtures/forward-auth.ts';
import { test } from '../../fixtures/index.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const PROXY_LOGIN = check('PROXY-LOGIN');

test('an unauthenticated visit to a deep page goes to the IdP and comes back to that page', PROXY_LOGIN, async ({ page, context, target, account }) => {
  const proxy = stepsOf(target, 'forwardAuth');
  const visit = await navigateThroughProxy(page, target, account, (p) => p.goto(`${target.baseUrl}${proxy.deepPath}`));

  verdict.require(
    visit.idpAskedToSignIn,
    `Opening ${proxy.deepPath} without a session did not lead to the IdP's sign-in page (ended at ${page.url()}): the proxy (${proxy.description}) let the request through or sent it elsewhere.`,
  );
  if (!visit.landedAt) {
    const said = await proxy.idp.error(page);
    verdict.fail(`After signing in at the IdP the browser did not come back to the app (it is at ${page.url()}${said ? `; the IdP said "${said}"` : ''}).`);
  }
  verdict.require(
    visit.landedAt === proxy.deepPath,
    `After signing in at the IdP the browser came back to ${visit.landedAt} instead of ${proxy.deepPath}, the page it asked for: the proxy did not carry the original URL through sign-in (nginx's redirect to /oauth2/start must pass it as rd).`,
  );
  verdict.require(visit.status !== undefined && visit.status < 400, `Back on ${visit.landedAt} after sign-in, the proxy answered ${visit.status} instead of letting the signed-in user through to the app.`);
  verdict.require(await target.session.read(context, target.baseUrl), `Back on ${visit.landedAt}, but the browser holds no proxy session (${target.session.description}) for the app's origin.`);
  verdict.note(`without a session, ${proxy.deepPath} → the IdP's sign-in → back on ${visit.landedAt} (${visit.status}), ${target.session.description} set`);
});
