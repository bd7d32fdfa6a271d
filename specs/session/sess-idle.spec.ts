import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { gotTokens, validFor } from '../../fixtures/oidc-flow.ts';
import { signInToShortSession } from '../../fixtures/session-lifetimes.ts';
import { untilTime } from '../../fixtures/test-time.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const SESS_IDLE = check('SESS-IDLE');

/** Whole-second clocks and a round trip: how long past its timeout a session may still answer. */
const SLACK_SECONDS = 2;

test("a session left unused for its idle timeout is refused by the server; used within it, it lives on", SESS_IDLE, async ({ page, oidc, target }) => {
  const { lifetimes, signedIn, refresh } = await signInToShortSession(page, oidc, target);
  const { idleSeconds, source } = lifetimes;
  verdict.note(`declared idle timeout: ${idleSeconds} s (${source})`);

  // Used within the idle timeout: the session lives on, and the use starts a new idle period.
  await untilTime(signedIn.at + (idleSeconds * 1000) / 2, 'half the idle timeout to pass');
  const used = await refresh(signedIn.refreshToken);
  const usedAt = Date.now();
  verdict.note(`refresh ${Math.round((usedAt - signedIn.at) / 1000)} s after sign-in: ${used.summary}`);
  verdict.require(gotTokens(used) && typeof used.json?.refresh_token === 'string', `Precondition failed: a refresh within the idle timeout (${idleSeconds} s) was refused: ${used.summary}. The session ended before its declared idle timeout.`);

  // Left unused past it: the server must refuse the session.
  await untilTime(usedAt + (idleSeconds + SLACK_SECONDS) * 1000, 'the idle timeout to pass without activity');
  const idle = Math.round((Date.now() - usedAt) / 1000);
  const afterIdle = await refresh(used.json.refresh_token);
  verdict.note(`refresh after ${idle} s without activity: ${afterIdle.summary}`);
  verdict.require(
    !gotTokens(afterIdle),
    `After ${idle} s without activity the session still gave new tokens${validFor(afterIdle)}, although the deployment declares an idle timeout of ${idleSeconds} s (${source}): the server does not enforce it (ASVS v5.0.0-7.3.1).`,
  );
  verdict.require(afterIdle.status < 500, `The idle session was refused with a server error (${afterIdle.summary}) instead of a clear invalid_grant (RFC 6749 §5.2).`);
});
