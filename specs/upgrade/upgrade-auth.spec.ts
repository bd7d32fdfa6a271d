import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const UPGRADE_AUTH = check('UPGRADE-AUTH');

// The Beszel case: after upgrading to a PocketBase 0.23-based release (admins became
// superusers), existing sessions kept working but new browsers could not sign in.
test('credentials made on version N still authenticate after upgrading the same data to N+1', UPGRADE_AUTH, async ({ upgrades }) => {
  test.setTimeout(upgrades.paths.length * 120_000);
  const lost: string[] = [];
  const signInAgain: string[] = [];
  for (const path of upgrades.paths) {
    const step = `${path.from} → ${path.to}`;
    for (const outcome of await test.step(step, () => upgrades.run(path))) {
      verdict.note(`${step}: ${outcome.credential}: ${outcome.survived ? 'survived' : 'LOST'} (${outcome.detail})`);
      if (!outcome.survived) (outcome.level === 'must' ? lost : signInAgain).push(`${step}: ${outcome.credential} (${outcome.detail})`);
    }
  }
  verdict.require(
    lost.length === 0,
    `After the upgrade, credentials made before it no longer authenticate: ${lost.join('; ')}. Users and admins are locked out (or lose MFA) by an upgrade.`,
  );
  if (signInAgain.length) verdict.warn(`Sessions and tokens from before the upgrade ended (people must sign in again): ${signInAgain.join('; ')}.`);
});
