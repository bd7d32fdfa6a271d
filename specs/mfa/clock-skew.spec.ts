import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { diagnoseClockSkew, serverClockOffset } from '../../fixtures/mfa.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const MFA_CLOCK_SKEW = check('MFA-CLOCK-SKEW');

// The GoatCounter case: codes were "invalid" because the server's clock had drifted, and
// nothing said so. This check says how far off the server's clock is and which codes pass.
test('server clock offset from the Date header, and the step offset that passes', MFA_CLOCK_SKEW, async ({ page, target, account, totpSignIn, runnerClock }) => {
  test.setTimeout(120_000);
  const totp = await totpSignIn.enroll(page, account);
  const skew = await serverClockOffset(page, target.baseUrl, runnerClock);
  verdict.note(skew === undefined ? 'the server sends no HTTP Date header: its clock cannot be read' : `server clock − runner clock: ${skew} s (HTTP Date header)`);

  const prompt = await totpSignIn.atCodePrompt(account);
  if (await totpSignIn.tryCode(prompt, await totp.codeAt(0))) {
    verdict.note('the code for the current step was accepted');
    return;
  }
  verdict.require(skew !== undefined, 'The code for the current step was refused, and the server sends no HTTP Date header, so how far its clock is off cannot be reported.');
  verdict.fail((await diagnoseClockSkew(totpSignIn, prompt, totp, skew)).text);
});
