import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import { untilTime } from '../../fixtures/test-time.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const TOKEN_REFRESH = check('TOKEN-REFRESH');


test('an active user outlives the first short-lived token: the app refreshes it and keeps working', TOKEN_REFRESH, async ({ page, target, account }) => {
  const refresh = stepsOf(target, 'sessionRefresh');
  const restore = await refresh.shortenSessions();
  try {
    await target.submitSignIn(page, account);
    verdict.require(await target.isSignedIn(page), 'Precondition failed: the account could not sign in.');
    const first = await refresh.sessionExpiry(page);
    verdict.require(first, `Signed in, but the browser holds no token with an expiry in ${target.session.description}.`);
    verdict.note(`token lifetime set to ${refresh.lifetimeSeconds} s`);

    // The user keeps working: the app is used again while the first token is still valid...
    await untilTime(first - (refresh.lifetimeSeconds * 1000) / 2, 'half of the first token’s lifetime to pass');
    verdict.require(await target.isSignedIn(page), 'The session ended while its token was still valid.');
    // ...and again once the first token has expired.
    await untilTime(first + 1000, 'the first token to expire');
    const signedIn = await target.isSignedIn(page);
    const now = await refresh.sessionExpiry(page);
    verdict.note(`after the first token expired: ${signedIn ? 'still signed in' : 'signed out'}; the browser's token ${now && now > first ? `was renewed (+${Math.round((now - first) / 1000)} s)` : 'was not renewed'}`);
    verdict.require(
      signedIn && now !== undefined && now > first,
      `An active user was signed out when the first ${refresh.lifetimeSeconds}-s token expired: the app did not refresh its token while it was valid (ASVS v5.0.0-10.4.8 expects short-lived tokens to be renewed, not to end active sessions).`,
    );
  } finally {
    await restore();
  }
});
