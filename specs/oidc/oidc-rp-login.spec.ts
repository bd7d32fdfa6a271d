import { check } from '../../fixtures/checks.ts';
import { complaintsIn } from '../../fixtures/log-complaints.ts';
import { test } from '../../fixtures/index.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const OIDC_RP_LOGIN = check('OIDC-RP-LOGIN');

test('the app signs in through the IdP end to end', OIDC_RP_LOGIN, async ({ page, target, account }) => {
  const rp = stepsOf(target, 'oidcRp');
  const since = Date.now();
  await rp.startSignIn(page);
  verdict.require(await rp.idp.waitUntilShown(page), `The app's "sign in with the IdP" did not lead to the IdP's sign-in page (ended at ${page.url()}).`);
  await rp.idp.signIn(page, account);
  await page.waitForURL((url) => url.href.startsWith(`${rp.baseUrl}/`), { timeout: 30_000 }).catch(() => undefined);

  if (!(await rp.isSignedIn(page))) {
    const idpSaid = await rp.idp.error(page);
    const shown = (await page.locator('body').innerText().catch(() => '')).trim().slice(0, 200);
    const logged = complaintsIn(rp.logSince(since));
    verdict.fail(
      `Signing in to ${rp.baseUrl} through the IdP did not sign in: the browser ended at ${new URL(page.url()).origin}${new URL(page.url()).pathname}` +
        `${idpSaid ? `, the IdP said "${idpSaid}"` : shown ? `, showing "${shown}"` : ''}` +
        `${logged.length ? `; the logs say: ${logged.join(' | ')}` : ''}.`,
    );
  }
  verdict.note(`"sign in with the IdP" → the IdP's sign-in → back at ${rp.baseUrl}, signed in`);
});
