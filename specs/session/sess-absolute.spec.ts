import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { gotTokens, validFor } from '../../fixtures/oidc-flow.ts';
import { signInToShortSession } from '../../fixtures/session-lifetimes.ts';
import { untilTime } from '../../fixtures/test-time.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const SESS_ABSOLUTE = check('SESS-ABSOLUTE');

/** Whole-second clocks and a round trip: how long past its lifetime a session may still answer. */
const SLACK_SECONDS = 2;

test('a session kept in use ends at its absolute lifetime', SESS_ABSOLUTE, async ({ page, oidc, target }) => {
  const { lifetimes, signedIn, refresh } = await signInToShortSession(page, oidc, target);
  const { idleSeconds, absoluteSeconds, source } = lifetimes;
  verdict.note(`declared absolute lifetime: ${absoluteSeconds} s, idle timeout ${idleSeconds} s (${source})`);
  const endsAt = signedIn.at + absoluteSeconds * 1000;

  // The session is used every half idle timeout, so only the absolute lifetime can end it.
  let refreshToken = signedIn.refreshToken;
  const uses: string[] = [];
  for (let at = signedIn.at + (idleSeconds * 1000) / 2; at < endsAt - SLACK_SECONDS * 1000; at += (idleSeconds * 1000) / 2) {
    await untilTime(at, 'the next use of the session');
    const used = await refresh(refreshToken);
    const after = Math.round((Date.now() - signedIn.at) / 1000);
    uses.push(`${after} s: ${used.status}`);
    verdict.require(
      gotTokens(used) && typeof used.json?.refresh_token === 'string',
      `Precondition failed: a session in use was refused ${after} s after sign-in, before its absolute lifetime (${absoluteSeconds} s): ${used.summary}.`,
    );
    refreshToken = used.json.refresh_token;
  }
  verdict.note(`refreshes while in use (time after sign-in: status): ${uses.join(', ')}`);

  await untilTime(endsAt + SLACK_SECONDS * 1000, 'the absolute lifetime to pass');
  const after = Math.round((Date.now() - signedIn.at) / 1000);
  const past = await refresh(refreshToken);
  verdict.note(`refresh ${after} s after sign-in: ${past.summary}`);
  verdict.require(
    !gotTokens(past),
    `${after} s after sign-in a session kept in use still gave new tokens${validFor(past)}, although the deployment declares an absolute lifetime of ${absoluteSeconds} s (${source}): activity keeps it alive past its lifetime (ASVS v5.0.0-7.3.2).`,
  );
  verdict.require(past.status < 500, `The expired session was refused with a server error (${past.summary}) instead of a clear invalid_grant (RFC 6749 §5.2).`);
});
