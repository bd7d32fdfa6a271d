import { check } from '../../fixtures/checks.ts';
import { judgeRefusals } from '../../fixtures/hostile-provider.ts';
import { test } from '../../fixtures/index.ts';

const RP_IDTOKEN_AUD = check('RP-IDTOKEN-AUD');

test('an ID token for another client is refused; one with an extra untrusted audience too', RP_IDTOKEN_AUD, async ({ hostileProvider, freshContext }) => {
  await judgeRefusals(hostileProvider, () => freshContext('private-window'), [
    {
      bend: 'audience-other',
      what: 'an ID token issued to another client (aud "another-client" only)',
      rule: 'OpenID Connect Core §3.1.3.7 (3): the aud claim MUST contain the client_id; otherwise a token issued to any other client of the provider signs in here (ASVS v5.0.0-10.5.4).',
    },
    {
      bend: 'audience-extra',
      what: 'an ID token whose aud adds an untrusted client ("untrusted-client") to its own, azp naming it',
      rule: 'OpenID Connect Core §3.1.3.7 (3) says to reject additional audiences the client does not trust, and ASVS v5.0.0-10.5.4 wants aud equal to the client_id; most libraries only check that the client is among them.',
      acceptedIs: 'WARN',
    },
  ]);
});
