import { check } from '../../fixtures/checks.ts';
import { describeOutcome, signInThrough } from '../../fixtures/hostile-provider.ts';
import { test } from '../../fixtures/index.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const RP_KEY_ROTATION = check('RP-KEY-ROTATION');

test('after the provider rotates its signing key the relying party fetches the new keys and still signs in', RP_KEY_ROTATION, async ({ hostileProvider, freshContext }) => {
  const newContext = () => freshContext('private-window');
  for (const rp of hostileProvider.relyingParties) {
    // The first sign-in makes the relying party fetch (and usually cache) the current keys.
    const before = await signInThrough(hostileProvider, rp, null, newContext);
    verdict.require(before.signedIn, `${rp.name} did not sign in with the provider behaving (${describeOutcome(before)}): the rotation cannot be judged.`);
    const { kid, previous } = await hostileProvider.rotateKey();
    // The next check on this stack finds the provider as this one did.
    const after = await signInThrough(hostileProvider, rp, null, newContext).finally(() => hostileProvider.restoreKey());
    const fetchedKeys = after.requests.filter((r) => r.endpoint === 'jwks').length;
    verdict.require(
      after.signedIn,
      `After the provider rotated its signing key (ID tokens now signed under kid ${kid}, the JWKS listing it beside ${previous}), ${rp.name} refused the sign-in (${describeOutcome(after)}); ` +
        `it fetched the JWKS ${fetchedKeys} times meanwhile. A relying party must take a new kid from the provider's JWKS (OpenID Connect Core §10.1.1), or every key rotation locks its users out.`,
    );
    verdict.note(`${rp.name}: signed in before and after the rotation ${previous} → ${kid}; fetched the JWKS ${fetchedKeys} time(s) for the second sign-in`);
  }
});
