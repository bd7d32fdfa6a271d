import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const MFA_TOTP_REPLAY = check('MFA-TOTP-REPLAY');

test('a code that was accepted is refused when used again', MFA_TOTP_REPLAY, async ({ page, target, account, totpSignIn }) => {
  const totp = await totpSignIn.enroll(page, account);
  await target.signOut(page);

  const used = await totp.codeAt(0);
  verdict.require(await totpSignIn.tryCode(await totpSignIn.atCodePrompt(account), used), 'Precondition failed: the code for the current step was refused.');

  const replay = await totpSignIn.atCodePrompt(account);
  const acceptedAgain = await totpSignIn.tryCode(replay, used);
  // Only a replay if the code was still inside the window when it came back.
  const stepsLater = Math.floor(totp.clock.nowSeconds() / totp.parameters.period) - Math.floor(used.madeAt / totp.parameters.period);
  verdict.note(`replayed ${stepsLater} step(s) after first use`);
  verdict.require(
    !acceptedAgain,
    `The same TOTP code was accepted a second time (${stepsLater} step(s) after its first use): an observed code can be replayed within its window (ASVS v5.0.0-6.5.1, RFC 6238 §5.2).`,
  );
  const fresh = await totp.codeAt(1);
  verdict.require(await totpSignIn.tryCode(replay, fresh), 'After refusing the replayed code the app also refused a new one: the refusal may not be replay protection.');
});
