import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const REALTIME_AUTH = check('REALTIME-AUTH');

// The Beszel case: after the upgrade `/api/realtime` answered 403 to valid sessions.
test('a realtime subscription with a valid token gets its events; a garbage token gets none', REALTIME_AUTH, async ({ target }) => {
  const tokens = stepsOf(target, 'tokens');
  const realtime = stepsOf(target, 'realtime');
  const session = await tokens.newSession();

  const authorised = await realtime.subscribeToOwnRecord(session, session.token);
  const forged = await realtime.subscribeToOwnRecord(session, 'garbage.not-a.token');
  try {
    verdict.note(`subscribe with a valid token: ${authorised.status}; with a garbage token: ${forged.status} ${forged.body}`);
    verdict.require(authorised.status < 300, `Subscribing with a valid token was refused: ${authorised.status} ${authorised.body}. Clients with a working session get no live updates.`);

    // Two changes, each awaited on the authorised subscription: once the second has reached it,
    // the first has been broadcast to every subscriber.
    for (const count of [1, 2]) {
      await realtime.changeOwnRecord(session);
      verdict.require(await authorised.waitForEvents(count, 10_000), `A change to the account's own record reached its valid subscription ${count - 1} time(s) within 10 s, expected ${count}.`);
    }
    verdict.require(
      forged.events.length === 0,
      `A subscription made with a garbage token received ${forged.events.length} event(s) about the account's record: realtime events are not authorised by the token (ASVS v5.0.0-8.2.1).`,
    );
    if (forged.status < 300) {
      verdict.warn(
        `Subscribing with a garbage token was accepted (${forged.status}) and silently receives nothing; a 401/403 would tell the client its token is bad instead of leaving it waiting.`,
      );
    }
  } finally {
    authorised.close();
    forged.close();
  }
});
