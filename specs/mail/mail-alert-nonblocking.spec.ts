import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { describeSmtpFault, type SmtpFault } from '../../fixtures/mailbox.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const MAIL_ALERT_NONBLOCKING = check('MAIL-ALERT-NONBLOCKING');

const REJECTING: SmtpFault = { kind: 'rejecting', code: 550, at: 'Recipient' };
/** A sign-in slower than this with mail failing means it waits for the mail. */
const PATIENCE_MS = 5_000;

// The Beszel case: a failing login-alert mail (bad SMTP) broke the login itself.
test('with SMTP rejecting, a sign-in that triggers a new-device alert still succeeds', MAIL_ALERT_NONBLOCKING, async ({ page, browser, target, account, mailbox }) => {
  test.skip(!target.loginAlerts, `${target.profile.displayName} ${target.version} sends no login alerts`);
  await target.loginAlerts!.rememberThisDevice(account);

  // This browser is a new device for the account: the sign-in triggers an alert mail.
  await mailbox.breakSmtp(REJECTING);
  const started = Date.now();
  await target.submitSignIn(page, account);
  const tookMs = Date.now() - started;
  const shownError = await target.signInError(page);
  verdict.note(`with ${describeSmtpFault(REJECTING)}: sign-in took ${(tookMs / 1000).toFixed(1)} s${shownError ? `, the page said "${shownError}"` : ''}`);
  verdict.require(
    await target.isSignedIn(page),
    `With ${describeSmtpFault(REJECTING)}, a sign-in from a new device failed${shownError ? ` ("${shownError}")` : ''}: the login-alert mail is sent inside the sign-in and its failure fails the sign-in (the Beszel case). ` +
      'A notification must not decide whether a user may sign in (ASVS v5.0.0-16.5.2).',
  );
  await mailbox.repairSmtp();

  // Baseline from yet another device with SMTP healthy: the alert must arrive, or nothing above was tested.
  const otherDevice = await browser.newContext({ userAgent: `${await page.evaluate(() => navigator.userAgent)} authconf-other-device` });
  try {
    await target.submitSignIn(await otherDevice.newPage(), account);
    await mailbox.waitForMessage(account.login).catch((error: Error) => verdict.fail(`With SMTP healthy, a sign-in from a new device sent no alert, so alert failures were not tested: ${error.message}.`));
    verdict.note('with SMTP healthy, a sign-in from another new device sent the alert mail');
  } finally {
    await otherDevice.close();
  }
  if (tookMs > PATIENCE_MS) verdict.warn(`With SMTP rejecting, the sign-in took ${(tookMs / 1000).toFixed(1)} s: it waits for the alert mail before answering.`);
});
