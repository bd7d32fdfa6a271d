import { check } from '../../fixtures/checks.ts';
import { judgeRefusals, type SignInOutcome } from '../../fixtures/hostile-provider.ts';
import { test } from '../../fixtures/index.ts';

const RP_NONCE = check('RP-NONCE');

/**
 * Without a nonce sent there is nothing to compare, and that is the finding: in the code flow
 * OpenID Connect leaves the nonce optional, but then only PKCE binds the tokens to the sign-in
 * that asked for them. Neither: FAIL (ASVS v5.0.0-10.5.1); PKCE alone: WARN.
 */
function sentNoNonce(healthy: SignInOutcome) {
  const asked = healthy.requests.filter((r) => r.endpoint === 'authorization');
  if (asked.some((r) => r.nonce)) return undefined;
  const pkce = asked.some((r) => r.pkce);
  return {
    reason: `it sends no nonce in its authorization request${pkce ? ' (only PKCE binds the tokens to the sign-in)' : ' and no PKCE code challenge either, so nothing binds the ID token to the sign-in that asked for it (ASVS v5.0.0-10.5.1)'}`,
    grade: pkce ? ('WARN' as const) : ('FAIL' as const),
  };
}

test('an ID token without the nonce the relying party sent, or with another, is refused', RP_NONCE, async ({ hostileProvider, freshContext }) => {
  await judgeRefusals(hostileProvider, () => freshContext('private-window'), [
    {
      bend: 'nonce-missing',
      what: 'an ID token without the nonce it sent',
      rule: 'OpenID Connect Core §3.1.3.7 (11): when a nonce was sent, the ID token MUST carry the same value; without the check a captured ID token can be replayed (ASVS v5.0.0-10.5.1).',
      unusable: sentNoNonce,
    },
    {
      bend: 'nonce-other',
      what: 'an ID token with a nonce it never sent',
      rule: 'OpenID Connect Core §3.1.3.7 (11): the nonce claim MUST equal the one sent in the authentication request (ASVS v5.0.0-10.5.1).',
      unusable: sentNoNonce,
    },
  ]);
});
