import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { HttpEvidence } from '../../fixtures/http-evidence.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const LOGIN_COOKIES = check('LOGIN-COOKIES');

test('the session cookie set at sign-in carries its protective attributes', LOGIN_COOKIES, async ({ page, context, target, account }) => {
  const cookieName = target.profile.session?.cookieName;
  verdict.require(cookieName, `The profile of ${target.profile.id} declares the cookie-session capability but names no session cookie.`);
  const http = new HttpEvidence(page);
  await target.submitSignIn(page, account);
  http.stop();
  const issued = (await http.setCookies(cookieName)).filter((c) => !c.attributes.has('max-age') || Number(c.attributes.get('max-age')) > 0);
  verdict.require(issued.length > 0, `Sign-in set no '${cookieName}' cookie, so its attributes cannot be checked.`);

  for (const cookie of issued) {
    const where = `Set-Cookie '${cookieName}' from ${new URL(cookie.url).pathname}`;
    verdict.note(`${where}: ${[...cookie.attributes.keys()].join(', ') || 'no attributes'}`);
    verdict.require(cookie.attributes.has('httponly'), `${where} lacks HttpOnly: any script on the page can read the session token (ASVS v5.0.0-3.3.4).`);
    verdict.require(
      /^(lax|strict)$/i.test(cookie.attributes.get('samesite') ?? ''),
      `${where} has ${cookie.attributes.has('samesite') ? `SameSite=${cookie.attributes.get('samesite')}` : 'no SameSite attribute'}; ` +
        'expected Lax or Strict so other sites cannot ride the session (ASVS v5.0.0-3.3.2).',
    );
    if (target.profile.scheme === 'https') {
      verdict.require(cookie.attributes.has('secure'), `${where} lacks Secure although the app is served over HTTPS (ASVS v5.0.0-3.3.1).`);
    }
  }
  if (target.profile.scheme === 'http') verdict.note('served over plain HTTP in this stack: the Secure attribute is not required here');

  const stored = (await context.cookies(target.baseUrl)).find((c) => c.name === cookieName);
  verdict.require(stored?.httpOnly, `The browser stored '${cookieName}' without HttpOnly.`);
});
