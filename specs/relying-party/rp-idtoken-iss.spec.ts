import { check } from '../../fixtures/checks.ts';
import { judgeRefusals } from '../../fixtures/hostile-provider.ts';
import { test } from '../../fixtures/index.ts';

const RP_IDTOKEN_ISS = check('RP-IDTOKEN-ISS');

test('an ID token naming another issuer is refused', RP_IDTOKEN_ISS, async ({ hostileProvider, freshContext }) => {
  await judgeRefusals(hostileProvider, () => freshContext('private-window'), [
    {
      bend: 'issuer-other',
      what: 'an ID token whose iss names another provider (http://other-provider.localhost) than the one it signed in with',
      rule: "OpenID Connect Core §3.1.3.7 (2): the issuer MUST exactly match the iss claim; a relying party that skips it takes any provider's tokens for its own (ASVS v5.0.0-10.5.3).",
    },
  ]);
});
