import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { CeremonyLog } from '../../fixtures/passkeys/ceremonies.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const PASSKEY_REGISTER = check('PASSKEY-REGISTER');

// A challenge shorter than 64 bits can be guessed or repeated (ASVS v5.0.0-6.7.2).
const MIN_CHALLENGE_BYTES = 8;

test("a passkey registered in the app's settings is held by the authenticator and listed by the app", PASSKEY_REGISTER, async ({ account, passkeys }) => {
  const { device, credential, ceremony } = await passkeys.register(account);
  verdict.note(`registration: ${CeremonyLog.describe(ceremony)}`);
  verdict.note(`the authenticator holds a ${credential.isResidentCredential ? 'discoverable' : 'non-discoverable'} credential for ${credential.rpId}`);

  const listed = await passkeys.steps.listed(device.page);
  verdict.require(listed.length > 0, 'The authenticator created the passkey and the app took it without an error, but the app lists no passkey for the user: a user cannot see, and so cannot remove, the passkey that signs in as them.');
  verdict.note(`the app lists ${listed.length} passkey${listed.length === 1 ? '' : 's'}: ${listed.map((l) => `"${l}"`).join(', ')}`);

  const bytes = ceremony.challengeBytes ?? 0;
  verdict.require(
    bytes >= MIN_CHALLENGE_BYTES,
    `The app's registration challenge is ${bytes} byte${bytes === 1 ? '' : 's'} long: at least ${MIN_CHALLENGE_BYTES} (64 bits) are needed so it cannot be guessed or repeated (ASVS v5.0.0-6.7.2).`,
  );
  verdict.note(`challenge: ${bytes} bytes`);
});
