import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import type { TokenAnswer } from '../../fixtures/targets/adapter.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const SESS_REFRESH_RACE = check('SESS-REFRESH-RACE');

const shown = (answer: TokenAnswer) => `${answer.status} ${JSON.stringify(answer.body).slice(0, 160)}`;

// Two tabs hold the same token and its refresh comes due in both at once: rotation without
// a grace period for that race signs the user out everywhere.
test('two refreshes of one token at once both succeed, and the token each got stays valid', SESS_REFRESH_RACE, async ({ target }) => {
  const tokens = stepsOf(target, 'tokens');
  const session = await tokens.newSession();

  const answers = await Promise.all([tokens.refresh(session.token), tokens.refresh(session.token)]);
  verdict.note(`two refreshes of one token sent at once at ${tokens.endpoint}: ${answers.map((a) => a.status).join(' and ')}`);
  answers.forEach((answer, i) =>
    verdict.require(
      answer.status === 200 && answer.token !== undefined,
      `Of two refreshes of the same token sent at once (two tabs whose token came due together), the ${i === 0 ? 'first' : 'second'} was refused: ${shown(answer)}. That tab is signed out.`,
    ),
  );

  // Each tab now holds the token its own refresh returned; the next refresh of each must work.
  for (const [i, answer] of answers.entries()) {
    const next = await tokens.refresh(answer.token!);
    verdict.require(
      next.status === 200,
      `After two refreshes of one token at once, the token the ${i === 0 ? 'first' : 'second'} tab got no longer refreshes (${shown(next)}): ` +
        "the other tab's refresh invalidated it, so that tab is signed out at its next request (ASVS v5.0.0-10.4.5: rotation must tolerate this race).",
    );
  }
  verdict.note('both new tokens refreshed again afterwards');
});
