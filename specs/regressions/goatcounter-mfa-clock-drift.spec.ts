/**
 * Bug report (GoatCounter): after a reboot the server's clock had drifted; every TOTP code
 * was "invalid" and nothing said why. Reproduced with the server 90 s behind the runner
 * (GoatCounter is a Go program: libfaketime cannot shift its clock, so the runner's TOTP
 * clock runs 90 s ahead instead). Guards that authconf names the skew, not only "invalid".
 */
import { expect, test } from '../../fixtures/index.ts';
import { diagnoseClockSkew, serverClockOffset } from '../../fixtures/mfa.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

test.use({ clockShiftSeconds: 90 });

test('GoatCounter: with the server clock 90 s behind, the diagnosis names the skew and the step that passes', { tag: '@regression' }, async ({ page, target, account, totpSignIn, runnerClock }) => {
  test.skip(!target.totp, `target ${target.profile.id} has no TOTP`);
  test.setTimeout(120_000);
  const totp = await totpSignIn.enroll(page, account); // enrolling uses the same (shifted) clock: the app accepts within its window
  const prompt = await totpSignIn.atCodePrompt(account);
  expect(await totpSignIn.tryCode(prompt, await totp.codeAt(0)), 'the code for the runner\'s current step must be refused').toBe(false);

  const skew = await serverClockOffset(page, target.baseUrl, runnerClock);
  test.skip(skew === undefined, `${target.profile.displayName} sends no HTTP Date header: the skew cannot be measured`);
  const diagnosis = await diagnoseClockSkew(totpSignIn, prompt, totp, skew!);
  verdict.note(diagnosis.text);
  expect(Math.abs(diagnosis.skewSeconds + 90)).toBeLessThanOrEqual(2);
  expect(diagnosis.passingOffset).toBe(-3);
  expect(diagnosis.text).toMatch(/server's clock is (8[89]|9[012]) s behind the runner's/);
});
