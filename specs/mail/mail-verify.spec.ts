import { stepsOf } from '../../fixtures/steps.ts';
import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { Mailbox } from '../../fixtures/mailbox.ts';
import { newSecret } from '../../fixtures/secrets.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const MAIL_VERIFY = check('MAIL-VERIFY');

test('the password-reset mail arrives and its link works exactly once', MAIL_VERIFY, async ({ page, browser, target, account, mailbox }) => {
  const reset = stepsOf(target, 'passwordReset');
  const shown = await reset.request(page, account.login);
  verdict.note(`after asking for a reset the app said: "${shown.text}"`);

  const mail = await mailbox.waitForMessage(account.login).catch((error: Error) => verdict.fail(`The password-reset mail did not arrive: ${error.message}.`));
  verdict.note(`mail "${mail.Subject}" arrived with ${Mailbox.links(mail).length} link(s)`);
  const link = reset.linkIn(mail);
  verdict.require(link, `The reset mail "${mail.Subject}" carries no reset link.`);

  const first = await browser.newContext();
  const firstPassword = newSecret();
  verdict.require(await reset.open(await first.newPage(), link), 'The reset link from the mail does not offer to set a new password.');
  const done = await reset.complete(first.pages()[0]!, firstPassword);
  verdict.require(done.kind !== 'error', `Setting a new password through the link failed: "${done.text}".`);

  // Used again at once — before any sign-in that might incidentally clear it.
  const second = await (await browser.newContext()).newPage();
  if (await reset.open(second, link)) {
    const secondPassword = newSecret();
    await reset.complete(second, secondPassword);
    await target.submitSignIn(page, { login: account.login, password: secondPassword });
    verdict.require(
      !(await target.isSignedIn(page)),
      'The reset link worked a second time: after its first use it still set a new password that then signed in. A reset link must work once (ASVS v5.0.0-6.6.2).',
    );
    verdict.warn('A used reset link still opens the "set a new password" form, although submitting it has no effect.');
  }
  await target.submitSignIn(page, { login: account.login, password: firstPassword });
  verdict.require(await target.isSignedIn(page), 'The new password set through the reset link does not sign in.');
});
