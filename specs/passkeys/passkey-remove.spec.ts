import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { CeremonyLog } from '../../fixtures/passkeys/ceremonies.ts';
import { PasskeyDevices } from '../../fixtures/passkeys/devices.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const PASSKEY_REMOVE = check('PASSKEY-REMOVE');

// A lost phone's passkey is removed in the app; the thief's copy must stop working (ASVS v5.0.0-6.5.6).
test('a passkey removed in the app no longer signs in, although an authenticator still holds it', PASSKEY_REMOVE, async ({ account, passkeys }) => {
  const { device, credential } = await passkeys.register(account);
  const stolen = PasskeyDevices.copyOf(credential);

  await passkeys.steps.removeAll(device.page);
  const stillListed = await passkeys.steps.listed(device.page);
  verdict.note(stillListed.length === 0 ? 'the app lists no passkey after the removal' : `after the removal the app still lists ${stillListed.map((l) => `"${l}"`).join(', ')}`);

  const thief = await passkeys.device({ holding: [stolen] });
  const attempt = await passkeys.signIn(thief);
  verdict.note(`sign-in with the removed passkey: ${CeremonyLog.describe(attempt.ceremony)}${attempt.error ? `; the app said "${attempt.error}"` : ''}`);
  if (attempt.signedIn) {
    verdict.fail(
      stillListed.length === 0
        ? `A passkey removed in the app's settings still signs in (${CeremonyLog.describe(attempt.ceremony)}): the app no longer lists it, but its server still accepts it, so a lost or stolen authenticator cannot be revoked (ASVS v5.0.0-6.5.6).`
        : `The passkey could not be removed: after removing it in the app's settings, the app still lists it and it still signs in (${CeremonyLog.describe(attempt.ceremony)}); the removal never took effect on the server, so a lost or stolen authenticator cannot be revoked (ASVS v5.0.0-6.5.6).`,
    );
  }
  verdict.require(stillListed.length === 0, `The server refuses the removed passkey, but the app still lists it (${stillListed.map((l) => `"${l}"`).join(', ')}): the user cannot tell what was removed.`);
  verdict.note('the removed passkey is refused');
});
