import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const MFA_TOTP_ENROLL = check('MFA-TOTP-ENROLL');

test('enroll TOTP from the app, then sign-in demands a code and accepts the right one', MFA_TOTP_ENROLL, async ({ page, browser, target, account, totpSignIn }) => {
  const totp = await totpSignIn.enroll(page, account);
  await target.signOut(page);

  const prompt = await totpSignIn.atCodePrompt(account);
  // The password alone must not be a session: neither the cookies the browser now holds ...
  verdict.require(
    !(await target.isSignedIn(await prompt.context().newPage())),
    'After only the password step, the browser already reaches the authenticated page: the code is not demanded (ASVS v5.0.0-6.5.5).',
  );
  // ... nor anything the code page hands out (a session token in a hidden field skips the code).
  const probe = await browser.newContext();
  try {
    for (const value of await stepsOf(target, 'totp').hiddenValuesOnCodePage(prompt)) {
      if (value.length < 16) continue;
      await probe.clearCookies();
      await target.session.plant(probe, target.baseUrl, value);
      verdict.require(
        !(await target.isSignedIn(await probe.newPage())),
        `The TOTP prompt page carries a hidden field whose value is already a valid session (${target.session.description}): ` +
          'anyone who knows the password can set it as a cookie and skip the code (MFA bypass).',
      );
    }
  } finally {
    await probe.close();
  }

  verdict.require(await totpSignIn.tryCode(prompt, await totp.codeAt(0)), 'The code for the current step was refused right after enrollment.');
  verdict.note('TOTP enrolled from the app UI; sign-in then asked for a code and accepted the current one');
});
