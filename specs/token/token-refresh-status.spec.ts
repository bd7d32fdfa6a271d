import { check } from '../../fixtures/checks.ts';
import { expect, test } from '../../fixtures/index.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import type { TokenAnswer } from '../../fixtures/targets/adapter.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const TOKEN_REFRESH_STATUS = check('TOKEN-REFRESH-STATUS');

const shown = (answer: TokenAnswer) => `${answer.status} ${JSON.stringify(answer.body).slice(0, 160)}`;

// The Beszel case: after the upgrade, auth-refresh answered 400 — a client reads 400 as "my
// request is malformed", not "sign in again", and never recovers.
test('token refresh answers 200 for a valid token and 401 for an expired or garbage one', TOKEN_REFRESH_STATUS, async ({ target }) => {
  const tokens = stepsOf(target, 'tokens');
  const session = await tokens.newSession();

  const valid = await tokens.refresh(session.token);
  verdict.note(`valid token: ${valid.status}`);
  verdict.require(valid.status === 200 && valid.token, `Refreshing a valid token at ${tokens.endpoint} answered ${shown(valid)}; expected 200 with a new token.`);

  const refused: string[] = [];
  const judge = (kind: string, answer: TokenAnswer) => {
    verdict.note(`${kind} token: ${answer.status}`);
    if (answer.status !== 401) {
      refused.push(
        `${kind} token → ${shown(answer)} (expected 401: RFC 6750 §3.1 invalid_token${answer.status === 400 ? '; 400 tells the client its request is malformed, so it does not sign in again' : ''}${answer.status >= 500 ? '; a 5xx is a server failure' : ''})`,
      );
    }
  };
  judge('garbage', await tokens.refresh('garbage.not-a.token'));

  // The stack issues tokens that live seconds; wait until this one has expired (its own exp claim).
  await expect.poll(() => Date.now() > session.expiresAt + 1000, { timeout: (tokens.lifetimeSeconds + 10) * 1000, message: 'the token to expire' }).toBe(true);
  judge('expired', await tokens.refresh(session.token));

  verdict.require(refused.length === 0, `Refreshing a token that is no longer valid did not answer 401 at ${tokens.endpoint}: ${refused.join('; ')}.`);
});
