/**
 * Bug report (GoatCounter, version v2.7.0): after a reboot every TOTP code is "invalid".
 *
 * Expected: the code of the user's authenticator signs in
 * Actual: every code is refused as invalid; nothing says that the server's clock had drifted
 * Steps:
 *   1. the server's clock runs 90 s behind the runner's (the runner's TOTP clock is shifted instead:
 *      Go servers ignore libfaketime)
 *   2. sign in and enroll TOTP from the app's UI
 *   3. from a fresh browser: password, then the code for the runner's current step is accepted (else
 *      the diagnosis says how far the server's clock is off)
 * Related checks: MFA-CLOCK-SKEW (RFC 6238 §6); MFA-TOTP-WINDOW (RFC 6238 §5.2, v5.0.0-6.5.5).
 *
 * Scaffolded by `authconf repro`: where the bug is present it FAILs, where it is fixed it passes;
 * a target without the capabilities it needs SKIPs it with the reason.
 */
import { requireCapabilities } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { diagnoseClockSkew, serverClockOffset } from '../../fixtures/mfa.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

requireCapabilities('totp');
test.use({ clockShiftSeconds: 90 });

test('GoatCounter: after a reboot every TOTP code is "invalid"', { tag: '@regression', annotation: [{ type: 'related-check', description: 'MFA-CLOCK-SKEW' }, { type: 'related-check', description: 'MFA-TOTP-WINDOW' }] }, async ({ page, target, account, totpSignIn, runnerClock }) => {
  // sign in and enroll TOTP from the app's UI
  const totp = await totpSignIn.enroll(page, account);
  // from a fresh browser: password, then the code for the runner's current step is accepted (else the diagnosis says how far the server's clock is off)
  const prompt = await totpSignIn.atCodePrompt(account);
  if (!(await totpSignIn.tryCode(prompt, await totp.codeAt(0)))) {
    const skew = await serverClockOffset(page, target.baseUrl, runnerClock);
    verdict.require(skew !== undefined, 'The code for the current step was refused and the server sends no Date header: its clock offset cannot be reported.');
    verdict.fail((await diagnoseClockSkew(totpSignIn, prompt, totp, skew)).text);
  }
});
