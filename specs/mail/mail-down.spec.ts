import { stepsOf } from '../../fixtures/steps.ts';
import { check } from '../../fixtures/checks.ts';
import { HttpEvidence } from '../../fixtures/http-evidence.ts';
import { test } from '../../fixtures/index.ts';
import { describeSmtpFault, type SmtpFault } from '../../fixtures/mailbox.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const MAIL_DOWN = check('MAIL-DOWN');

// First with SMTP healthy (the same probe must then see the mail arrive), then broken.
const SITUATIONS: (SmtpFault | undefined)[] = [
  undefined,
  { kind: 'rejecting', code: 550, at: 'Recipient' },
  { kind: 'rejecting', code: 451, at: 'Sender' },
  { kind: 'down' },
];

// The Healthchecks case: an action that needs mail answered 500 when SMTP was not working.
test('with SMTP rejecting or down, a password reset fails clearly, without 5xx, leaving nothing half done', MAIL_DOWN, async ({ page, target, account, mailbox }) => {
  test.setTimeout(120_000);
  const reset = stepsOf(target, 'passwordReset');
  for (const fault of SITUATIONS) {
    const situation = fault ? describeSmtpFault(fault) : 'SMTP healthy';
    if (fault) await mailbox.breakSmtp(fault);
    const http = new HttpEvidence(page);
    const shown = await reset.request(page, account.login);
    http.stop();
    verdict.note(`${situation}: the app said ${shown.text ? `"${shown.text}"` : 'nothing'} (${shown.kind})`);
    verdict.require(
      http.serverErrors().length === 0,
      `With ${situation}, asking for a password reset made the server fail (${http.serverErrors().join('; ')}) — the Healthchecks case: a mail-dependent action must fail with a message, not a 5xx.`,
    );
    if (fault) await mailbox.repairSmtp();
    else await mailbox.waitForMessage(account.login).catch((error: Error) => verdict.fail(`With SMTP healthy the reset mail did not arrive, so SMTP faults cannot be told apart: ${error.message}.`));

    // No half state: the old password still signs in.
    await target.submitSignIn(page, account);
    verdict.require(await target.isSignedIn(page), `After asking for a password reset with ${situation}, the old password no longer signs in.`);
    await target.signOut(page);
    if (fault && shown.kind === 'success') {
      verdict.warn(`With ${situation}, the app told the user "${shown.text}" although no mail could be sent; the user waits for a mail that never comes.`);
    }
  }
});
