import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { CeremonyLog } from '../../fixtures/passkeys/ceremonies.ts';
import { PasskeyDevices } from '../../fixtures/passkeys/devices.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const PASSKEY_CLONE = check('PASSKEY-CLONE');

// A copy of the key made before the owner used it again still carries the old counter: a counter
// that does not grow is the one sign of a cloned authenticator the server can see (WebAuthn L3 §6.1.1).
test('an assertion whose signature counter went backwards is refused or flagged', PASSKEY_CLONE, async ({ account, target, passkeys }) => {
  const policy = target.profile.passkeys;
  const { credential } = await passkeys.register(account);
  const clone = PasskeyDevices.copyOf(credential);

  const owner = await passkeys.device({ holding: [PasskeyDevices.copyOf(credential)] });
  const genuine = await passkeys.signIn(owner);
  verdict.require(genuine.signedIn, `Precondition failed: the passkey could not sign in on its own device (${CeremonyLog.describe(genuine.ceremony)}).`);
  const used = (await owner.authenticator.credentialFor(credential.rpId ?? passkeys.rpId))?.signCount ?? 0;
  verdict.require(used > clone.signCount, `Precondition failed: the authenticator's signature counter did not grow with use (${clone.signCount} → ${used}), so a clone cannot be told apart.`);
  verdict.note(`the owner signed in; the server has seen counter ${used}; the clone was copied at counter ${clone.signCount}`);

  const cloned = await passkeys.device({ holding: [clone] });
  const attempt = await passkeys.signIn(cloned);
  verdict.note(`sign-in with the clone (its assertion carries counter ${clone.signCount + 1}, not above ${used}): ${CeremonyLog.describe(attempt.ceremony)}`);
  verdict.require(attempt.ceremony?.outcome === 'ok', `Precondition failed: the cloned authenticator produced no assertion (${CeremonyLog.describe(attempt.ceremony)}).`);
  if (!attempt.signedIn) {
    verdict.note(`the server refused the assertion whose counter did not grow${attempt.error ? `: "${attempt.error}"` : ''}`);
    return;
  }
  const diagnosis = `The server accepted a passkey assertion whose signature counter did not grow (${clone.signCount + 1} after it had seen ${used}): a cloned authenticator signs in unnoticed (WebAuthn L3 §6.1.1)`;
  if (policy?.clonedCounter === 'ignore') {
    verdict.warn(`${diagnosis}; the deployment declares that it ignores counters (${policy.source}).`);
    return;
  }
  verdict.fail(`${diagnosis}${policy ? `, although the deployment declares it refuses them (${policy.source})` : ''}.`);
});
