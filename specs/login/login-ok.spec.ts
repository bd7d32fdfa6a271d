import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const LOGIN_OK = check('LOGIN-OK');

test('sign in with a valid account; a planted session token is replaced', LOGIN_OK, async ({ page, context, target, account, freshContext }) => {
  const session = target.session;
  // Session fixation: a token the attacker planted before sign-in must not become the session.
  const planted = 'planted-by-authconf-0123456789';
  await session.plant(context, target.baseUrl, planted);

  const failed = await target.submitSignIn(page, account).then(() => undefined, (error: Error) => error);
  if (failed) {
    // Tell a planted value the app cannot read (a wrong session format) from a sign-in that is broken anyway.
    const clean = await (await freshContext('private-window')).newPage();
    const cleanSignsIn = await target.submitSignIn(clean, account).then(() => target.isSignedIn(clean), () => false);
    verdict.require(
      !cleanSignsIn,
      `With a value planted in ${session.description} the sign-in page failed (${failed.message.split('\n')[0]}), while a browser without it signs in: ` +
        `the planted value does not follow the app's session format, so session fixation could not be tested. Declare the format (e.g. a localStorage tokenPath).`,
    );
    throw failed;
  }
  const shownError = await target.signInError(page);
  verdict.require(
    await target.isSignedIn(page),
    `Signing in with a valid, freshly created account did not reach the authenticated page (ended at ${page.url()}` +
      `${shownError ? `; the page said "${shownError}"` : ''}). Expected the app to accept the credentials it was given.`,
  );

  const held = await session.read(context, target.baseUrl);
  verdict.require(held, `Signed in, but the browser holds no session in ${session.description}; the adapter names the wrong place or the session lives elsewhere.`);
  verdict.require(
    held !== planted,
    `The session token planted before sign-in is still the session after it: the app did not issue a new token on authentication (session fixation, ASVS v5.0.0-7.2.4).`,
  );
  verdict.note(`session (${session.description}) renewed at sign-in`);
});
