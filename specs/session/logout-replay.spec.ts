import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { registerSecret } from '../../fixtures/secrets.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const LOGOUT_REPLAY = check('LOGOUT-REPLAY');

test('a session cookie captured before sign-out opens nothing after it', LOGOUT_REPLAY, async ({ page, context, browser, target, account }) => {
  await target.submitSignIn(page, account);
  verdict.require(await target.isSignedIn(page), 'Precondition failed: the account could not sign in, so sign-out cannot be tested.');
  const captured = await context.cookies(target.baseUrl);
  captured.forEach((cookie) => registerSecret(cookie.value));

  await target.signOut(page);
  verdict.require(!(await target.isSignedIn(page)), 'After signing out, the same browser still reaches the authenticated page.');

  const replay = await browser.newContext();
  try {
    await replay.addCookies(captured);
    const replayPage = await replay.newPage();
    verdict.require(
      !(await target.isSignedIn(replayPage)),
      'After sign-out, the cookies captured before it still open the authenticated page from a fresh browser context: ' +
        'the server did not end the session (ASVS v5.0.0-7.4.1). Most likely sign-out only makes the browser forget its cookie.',
    );
  } finally {
    await replay.close();
  }
});
