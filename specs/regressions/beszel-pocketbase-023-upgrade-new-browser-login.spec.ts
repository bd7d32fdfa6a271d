/**
 * Bug report (Beszel on PocketBase 0.23): after upgrading from a 0.22-based release (admins
 * migrated to "superusers"), existing sessions kept working but any new browser or private
 * window failed to sign in; `auth-refresh` answered 400 and `/api/realtime` 403. Written
 * against the behaviour: the upgraded admin signs in from a fresh browser, a second browser
 * signs in beside a live session, a bad token is refused with 401 and a valid one subscribes.
 */
import { runConfig } from '../../fixtures/config.ts';
import { expect, test } from '../../fixtures/index.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import { targetRegistry } from '../../fixtures/targets/registry.ts';

const capabilities = targetRegistry().profile(runConfig().target).capabilities;
test.skip(!['upgrade-path', 'refresh-token', 'realtime'].every((c) => capabilities.includes(c as never)), 'the target has no upgrade path, token refresh and realtime channel');

test('Beszel: after the 0.22→0.23 upgrade new browsers sign in, refresh answers 401 not 400, realtime accepts valid tokens', { tag: '@regression' }, async ({ upgrades, page, target, account, freshContext }) => {
  const path = upgrades.paths.find((p) => p.from.startsWith('v0.22.') && p.to.startsWith('v0.23.'));
  test.skip(!path, 'no 0.22 → 0.23 upgrade path for this target');
  const outcomes = await upgrades.run(path!);
  const outcome = (credential: string) => outcomes.find((o) => o.credential.startsWith(credential));
  expect(outcome('admin password')?.survived, 'the 0.22 admin signs in as a 0.23 superuser').toBe(true);
  expect(outcome('admin UI sign-in from a fresh browser')?.detail, 'a fresh browser signs in to the upgraded admin UI').toBe('signed in');

  // On the version under test: a second browser beside a live session.
  await target.submitSignIn(page, account);
  const other = await (await freshContext('new-browser')).newPage();
  await target.submitSignIn(other, account);
  expect(await target.isSignedIn(other), 'a new browser signs in while the first session lives').toBe(true);
  expect(await target.isSignedIn(page), 'the first session lives on').toBe(true);

  const tokens = stepsOf(target, 'tokens');
  expect((await tokens.refresh('garbage.not-a.token')).status, 'auth-refresh with a bad token').toBe(401);
  const session = await tokens.newSession();
  const subscription = await stepsOf(target, 'realtime').subscribeToOwnRecord(session, session.token);
  subscription.close();
  expect(subscription.status, '/api/realtime subscription with a valid token').toBe(204);
});
