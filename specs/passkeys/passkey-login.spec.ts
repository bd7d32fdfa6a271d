import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { CeremonyLog } from '../../fixtures/passkeys/ceremonies.ts';
import { PasskeyDevices } from '../../fixtures/passkeys/devices.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const PASSKEY_LOGIN = check('PASSKEY-LOGIN');

// The passkey synced to another device signs in without a password; a device without it cannot.
test('the passkey alone signs in on another device; a browser without it cannot', PASSKEY_LOGIN, async ({ account, passkeys }) => {
  const { credential } = await passkeys.register(account);

  const synced = await passkeys.device({ holding: [PasskeyDevices.copyOf(credential)] });
  const withPasskey = await passkeys.signIn(synced);
  verdict.note(`sign-in with the passkey: ${CeremonyLog.describe(withPasskey.ceremony)}`);
  verdict.require(withPasskey.ceremony !== undefined, "The app's passkey sign-in never called navigator.credentials.get: there is no way to sign in with the passkey.");
  verdict.require(
    withPasskey.ceremony.outcome === 'ok',
    `The authenticator holding the registered passkey could not answer the app's sign-in request (${CeremonyLog.describe(withPasskey.ceremony)})${withPasskey.ceremony.allowCredentials ? '' : ': the app asked for a discoverable credential'}.`,
  );
  verdict.require(
    withPasskey.signedIn,
    `The authenticator answered the app's sign-in request with the registered passkey, but the app did not sign the user in (${CeremonyLog.describe(withPasskey.ceremony)})${withPasskey.error ? ` and said "${withPasskey.error}"` : ''}: the passkey registered in its own settings does not work.`,
  );
  verdict.note(`signed in with the passkey alone${withPasskey.ceremony.allowCredentials ? '' : ' (discoverable: no login typed)'}`);

  const stranger = await passkeys.device();
  const without = await passkeys.signIn(stranger);
  verdict.note(`sign-in from a browser whose authenticator holds no passkey: ${CeremonyLog.describe(without.ceremony)}`);
  verdict.require(!without.signedIn, `A browser whose authenticator holds no passkey for the app was signed in by the passkey sign-in (${CeremonyLog.describe(without.ceremony)}).`);
  verdict.note('a browser without the passkey stays signed out');
});
