import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { registerSecret } from '../../fixtures/secrets.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const LOGOUT_REPLAY = check('LOGOUT-REPLAY');

test('a session captured before sign-out opens nothing after it', LOGOUT_REPLAY, async ({ page, context, browser, browserName, target, account, freshContext, otherEngine }) => {
  await target.submitSignIn(page, account);
  verdict.require(await target.isSignedIn(page), 'Precondition failed: the account could not sign in, so sign-out cannot be tested.');
  // Cookies and localStorage alike: wherever the app keeps its session.
  const captured = await context.storageState();
  captured.cookies.forEach((cookie) => registerSecret(cookie.value));
  captured.origins.forEach((origin) => origin.localStorage.forEach((entry) => registerSecret(entry.value)));

  await target.signOut(page);
  verdict.require(!(await target.isSignedIn(page)), 'After signing out, the same browser still reaches the authenticated page.');

  const replay = await browser.newContext({ storageState: captured });
  try {
    const replayPage = await replay.newPage();
    verdict.require(
      !(await target.isSignedIn(replayPage)),
      `After sign-out, the session (${target.session.description}) captured before it still opens the authenticated page from a fresh browser context: ` +
        'the server did not end the session (ASVS v5.0.0-7.4.1). Most likely sign-out only makes the browser forget its token.',
    );
  } finally {
    await replay.close();
  }
  // The same session carried to the other engine: a server that ends sessions does so for every client.
  if ('reason' in otherEngine) {
    verdict.note(`replayed in ${browserName} only: ${otherEngine.reason}`);
    return;
  }
  const elsewhere = await (await freshContext('other-engine', { storageState: captured })).newPage();
  verdict.require(
    !(await target.isSignedIn(elsewhere)),
    `After sign-out, the session (${target.session.description}) captured in ${browserName} still opens the authenticated page when replayed in ${otherEngine.name}: ` +
      'the server did not end the session (ASVS v5.0.0-7.4.1).',
  );
  verdict.note(`the captured session opens nothing in a fresh ${browserName} context, nor in ${otherEngine.name}`);
});
