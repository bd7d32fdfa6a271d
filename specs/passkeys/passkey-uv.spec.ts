import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { CeremonyLog } from '../../fixtures/passkeys/ceremonies.ts';
import { PasskeyDevices } from '../../fixtures/passkeys/devices.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const PASSKEY_UV = check('PASSKEY-UV');

// A passkey alone is two factors only with user verification (the device's PIN or biometrics);
// the server must check the UV flag itself, since a client can skip asking for it.
test('a passkey assertion without user verification is refused where the app requires verification', PASSKEY_UV, async ({ account, target, passkeys }) => {
  const policy = target.profile.passkeys;
  const { credential } = await passkeys.register(account);

  const unverified = await passkeys.device({ holding: [PasskeyDevices.copyOf(credential)], userVerified: false, downgradeUserVerification: true });
  const attempt = await passkeys.signIn(unverified);
  const asked = attempt.ceremony?.userVerification ?? 'preferred';
  verdict.note(`the app asks for userVerification '${asked}' at sign-in; the deployment declares '${policy?.userVerification ?? '(nothing)'}'${policy ? ` (${policy.source})` : ''}`);
  verdict.note(`sign-in where the page asked the authenticator for no user verification and it performed none: ${CeremonyLog.describe(attempt.ceremony)}`);
  verdict.require(attempt.ceremony?.outcome === 'ok', `Precondition failed: the authenticator produced no assertion without user verification (${CeremonyLog.describe(attempt.ceremony)}).`);

  const required = asked === 'required' || policy?.userVerification === 'required';
  if (!attempt.signedIn) {
    verdict.note(`the server refused the assertion without user verification${attempt.error ? `: "${attempt.error}"` : ''}`);
    return;
  }
  if (required) {
    verdict.fail(
      `The server accepted a passkey assertion without user verification (UV flag clear) although ${asked === 'required' ? "the app's own request asks for 'required'" : `the deployment requires it (${policy!.source}) and the app asked only for '${asked}'`}: ` +
        'a stolen authenticator signs in without its PIN or biometrics (WebAuthn L3 §7.2).',
    );
  }
  verdict.warn(
    `The app does not require user verification (it asks for '${asked}' and accepted an assertion without it): a passkey then signs in with the device alone, one factor, without its PIN or biometrics.`,
  );
});
