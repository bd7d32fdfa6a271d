import type { Page } from '@playwright/test';
import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { captureSignIn, postFormFrom, type CapturedSignIn } from '../../fixtures/login-csrf.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const LOGIN_CSRF = check('LOGIN-CSRF');

/** The attacker's site: a host nobody serves, answered by the test itself. */
const ATTACKER_HOST = 'evil.localhost';

test("a sign-in form posted from another site's page signs the visitor in to nobody's account", LOGIN_CSRF, async ({ target, account, freshContext }) => {
  // The attacker fills the app's real sign-in form with an account of their own; the post is stopped before it leaves.
  const attacker = await (await freshContext('private-window')).newPage();
  const forged = await captureSignIn(attacker, target, account);
  if ('reason' in forged) return test.skip(true, forged.reason);
  verdict.note(`the app's sign-in form: POST ${new URL(forged.url).pathname} (${forged.enctype}) with fields ${forged.fields.map(([name]) => name).join(', ')}`);

  // The victim, signed out, visits the attacker's page, which posts that form at once.
  const victim = await (await freshContext('private-window')).newPage();
  const attackerPage = `http://${ATTACKER_HOST}:${new URL(forged.url).port || 80}/prize`;
  const answer = await submitFrom(victim, attackerPage, forged);
  verdict.note(`the victim's browser posted it from ${attackerPage}: ${answer}`);
  if (await target.isSignedIn(victim)) {
    verdict.fail(
      `A sign-in form posted from another site (${attackerPage}) signed the visitor's browser in to the attacker's account (${answer}): ` +
        'the sign-in checks neither an anti-forgery token bound to the browser nor where the post came from, so any page can sign its visitors in to an account it controls and read what they then enter (login CSRF).',
    );
  }
  verdict.note("the victim's browser is not signed in");

  // The same form from the app's own origin in the attacker's own browser must still work, or the refusal above proves nothing.
  const ownOrigin = new URL('/__authconf-forged-form', forged.url).href;
  const own = await submitFrom(attacker, ownOrigin, forged);
  const works = await target.isSignedIn(attacker);
  verdict.note(`the same form from the app's own origin in the attacker's browser: ${own}; ${works ? 'signed in' : 'not signed in'}`);
  verdict.require(works, `The forged form did not sign in even its own author from the app's own origin (${own}), so the victim's refusal proves nothing: the sign-in's fields could not be reproduced.`);
});

/** Opens `pageUrl` (a page posting `form` on load) on `page`; returns what the app answered, in words. */
async function submitFrom(page: Page, pageUrl: string, form: CapturedSignIn): Promise<string> {
  const posted = page.waitForResponse((response) => response.request().method() === 'POST' && response.url() === form.url);
  const [response] = await Promise.all([posted, postFormFrom(page, pageUrl, form)]);
  const location = response.headers()['location'];
  return `${response.status()}${location ? ` → ${new URL(location, form.url).pathname}` : ''}`;
}
