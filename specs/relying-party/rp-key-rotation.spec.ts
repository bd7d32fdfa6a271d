import { check } from '../../fixtures/checks.ts';
import { describeOutcome, signInThrough, type SignInOutcome } from '../../fixtures/hostile-provider.ts';
import { test } from '../../fixtures/index.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const RP_KEY_ROTATION = check('RP-KEY-ROTATION');

/**
 * How long after the rotation the relying party may go on refusing. Fetching the JWKS again for
 * every unknown kid would let anyone make it fetch at will, so relying parties space their
 * fetches: Keycloak 26.7.3 refused a new kid seen a few seconds after its last fetch ("token
 * signature validation failed", no fetch) and signed in once the pause had passed.
 */
const ROTATION_GRACE_MS = 20_000;

test('after the provider rotates its signing key the relying party fetches the new keys and still signs in', RP_KEY_ROTATION, async ({ hostileProvider, freshContext }) => {
  const newContext = () => freshContext('private-window');
  for (const rp of hostileProvider.relyingParties) {
    // The first sign-in makes the relying party fetch (and usually cache) the current keys.
    const before = await signInThrough(hostileProvider, rp, null, newContext);
    verdict.require(before.signedIn, `${rp.name} did not sign in with the provider behaving (${describeOutcome(before)}): the rotation cannot be judged.`);
    const { kid, previous } = await hostileProvider.rotateKey();
    const rotatedAt = Date.now();
    // A sign-in after another until one gets through or the grace is over: each is a user trying again.
    const tries: SignInOutcome[] = [];
    let tookSeconds: number;
    try {
      do tries.push(await signInThrough(hostileProvider, rp, null, newContext));
      while (!tries.at(-1)!.signedIn && Date.now() - rotatedAt <= ROTATION_GRACE_MS);
      tookSeconds = Math.round((Date.now() - rotatedAt) / 1000);
    } finally {
      // The next check on this stack finds the provider as this one did.
      await hostileProvider.restoreKey();
    }
    const after = tries.at(-1)!;
    const refused = tries.slice(0, -1);
    const fetchedKeys = tries.flatMap((outcome) => outcome.requests).filter((r) => r.endpoint === 'jwks').length;
    verdict.require(
      after.signedIn,
      `After the provider rotated its signing key (ID tokens now signed under kid ${kid}, the JWKS listing it beside ${previous}), ${rp.name} refused the sign-in (${describeOutcome(tries[0]!)}) ` +
        `and every one after it for ${ROTATION_GRACE_MS / 1000} s (${tries.length} sign-ins); it fetched the JWKS ${fetchedKeys} times meanwhile. ` +
        `A relying party must take a new kid from the provider's JWKS (OpenID Connect Core §10.1.1), or every key rotation locks its users out.`,
    );
    const waited = refused.length ? `; it refused ${refused.length} sign-in(s) after the rotation (the first: ${describeOutcome(refused[0]!)}) and signed in ${tookSeconds} s after it` : '';
    verdict.note(`${rp.name}: signed in before and after the rotation ${previous} → ${kid}; fetched the JWKS ${fetchedKeys} time(s) for the sign-ins after it${waited}`);
  }
});
