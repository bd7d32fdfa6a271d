import { setTimeout as delay } from 'node:timers/promises';
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
  { kind: 'hanging' },
];

/** How long a user is given to see an answer while the mail server hangs; longer is a WARN. */
const ANSWER_WITHIN_MS = 20_000;

// The Healthchecks case: an action that needs mail answered 500 when SMTP was not working.
test('with SMTP rejecting, down or hanging, a password reset fails clearly, without 5xx, leaving nothing half done', MAIL_DOWN, async ({ page, target, account, mailbox }) => {
  test.setTimeout(180_000);
  const reset = stepsOf(target, 'passwordReset');
  for (const fault of SITUATIONS) {
    const situation = fault ? describeSmtpFault(fault) : 'SMTP healthy';
    if (fault) await mailbox.breakSmtp(fault);
    const http = new HttpEvidence(page);
    const began = Date.now();
    const request = reset.request(page, account.login);
    // A deadline, not a sleep: the race ends as soon as the app answers.
    const deadline = new AbortController();
    const shown = await Promise.race([request, delay(ANSWER_WITHIN_MS, undefined, { signal: deadline.signal }).catch(() => undefined)]);
    deadline.abort();
    const waitedMs = Date.now() - began;
    if (!shown) {
      verdict.note(`${situation}: the user waited ${Math.round(waitedMs / 1000)} s and the page gave no answer`);
      verdict.warn(`With ${situation}, asking for a password reset left the user waiting more than ${ANSWER_WITHIN_MS / 1000} s with no answer: the app waits on the mail server without a bound.`);
      await mailbox.repairSmtp();
      await request.catch(() => undefined); // the page finishes once the mail server answers again
      http.stop();
      await target.submitSignIn(page, account);
      verdict.require(await target.isSignedIn(page), `After asking for a password reset with ${situation}, the old password no longer signs in.`);
      await target.signOut(page);
      continue;
    }
    http.stop();
    verdict.note(`${situation}: the app said ${shown.text ? `"${shown.text}"` : 'nothing'} (${shown.kind}) after ${(waitedMs / 1000).toFixed(1)} s`);
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
