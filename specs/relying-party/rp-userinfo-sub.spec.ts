import { check } from '../../fixtures/checks.ts';
import { judgeRefusals } from '../../fixtures/hostile-provider.ts';
import { test } from '../../fixtures/index.ts';

const RP_USERINFO_SUB = check('RP-USERINFO-SUB');

test("a UserInfo answer naming another subject than the ID token's is refused", RP_USERINFO_SUB, async ({ hostileProvider, freshContext }) => {
  await judgeRefusals(hostileProvider, () => freshContext('private-window'), [
    {
      bend: 'userinfo-sub-other',
      what: "a UserInfo answer about another user (its sub, e-mail and names not the ID token's)",
      rule:
        "OpenID Connect Core §5.3.2: the sub of the UserInfo response MUST be verified to match the ID token's; if not, its claims MUST NOT be used (ASVS v5.0.0-10.5.2). " +
        'A FAIL when the session took that other user\'s identity; a WARN when the session kept the ID token\'s identity, since whether the other claims of the answer were used cannot be seen.',
      // The bent answer names "<sub>-other": a session holding that identity was built from it.
      acceptedIs: (accepted) => (accepted.identity?.includes('-other') ? 'FAIL' : 'WARN'),
      unusable: (healthy) =>
        healthy.requests.some((r) => r.endpoint === 'userinfo') ? undefined : { reason: 'it does not ask the UserInfo endpoint when signing in (its claims come from the ID token alone)', grade: 'SKIP' },
    },
  ]);
});
