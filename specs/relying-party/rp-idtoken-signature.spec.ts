import { check } from '../../fixtures/checks.ts';
import { judgeRefusals } from '../../fixtures/hostile-provider.ts';
import { test } from '../../fixtures/index.ts';

const RP_IDTOKEN_SIGNATURE = check('RP-IDTOKEN-SIGNATURE');

test('an ID token whose signature does not verify, or that is unsigned, is refused', RP_IDTOKEN_SIGNATURE, async ({ hostileProvider, freshContext }) => {
  await judgeRefusals(hostileProvider, () => freshContext('private-window'), [
    {
      bend: 'signature-altered',
      what: 'an ID token whose signature does not verify (one bit of it flipped)',
      rule: "OpenID Connect Core §3.1.3.7 (6): the client MUST validate the ID token's signature with the issuer's keys (ASVS v5.0.0-9.1.1).",
    },
    {
      bend: 'alg-none',
      what: 'an unsigned ID token (alg "none")',
      rule: 'An ID token from the token endpoint of a provider that signs with RS256 must be signed; "none" is never an allowed algorithm (OpenID Connect Core §3.1.3.7 (7), ASVS v5.0.0-9.1.2).',
    },
  ]);
});
