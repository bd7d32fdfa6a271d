import { check } from '../../fixtures/checks.ts';
import { judgeRefusals } from '../../fixtures/hostile-provider.ts';
import { test } from '../../fixtures/index.ts';

const RP_IDTOKEN_EXP = check('RP-IDTOKEN-EXP');

test('an expired ID token is refused; one issued a day in the future too', RP_IDTOKEN_EXP, async ({ hostileProvider, freshContext }) => {
  await judgeRefusals(hostileProvider, () => freshContext('private-window'), [
    {
      bend: 'expired',
      what: 'an ID token that expired an hour ago (exp)',
      rule: 'OpenID Connect Core §3.1.3.7 (9): the current time MUST be before exp (ASVS v5.0.0-9.2.1).',
    },
    {
      bend: 'issued-in-future',
      what: 'an ID token issued a day in the future (iat; exp after it)',
      rule: 'OpenID Connect Core §3.1.3.7 (10): iat can be used to reject tokens issued too far from the current time; the range is the client\'s to choose, so accepting it is a warning.',
      acceptedIs: 'WARN',
    },
  ]);
});
