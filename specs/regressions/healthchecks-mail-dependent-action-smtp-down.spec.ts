/**
 * Bug report (Healthchecks): enabling 2FA answered HTTP 500 because SMTP was not configured —
 * sensitive actions needed an e-mailed code. Written against the behaviour, not the app: on
 * every target with a mail-dependent security action, that action with the SMTP server
 * unreachable must answer without a 5xx and leave the account as it was.
 */
import { requireCapabilities } from '../../fixtures/checks.ts';
import { HttpEvidence } from '../../fixtures/http-evidence.ts';
import { expect, test } from '../../fixtures/index.ts';

// Password reset is the mail-dependent action every mail target wires up; without it nothing starts.
requireCapabilities('password-reset');

test('a mail-dependent security action with SMTP unreachable answers without 5xx and changes nothing', { tag: '@regression' }, async ({ page, target, account, mailbox }) => {
  test.skip(!target.passwordReset, `target ${target.profile.id} has no mail-dependent security action wired up`);
  await mailbox.breakSmtp({ kind: 'down' });
  const http = new HttpEvidence(page);
  await target.passwordReset!.request(page, account.login);
  http.stop();
  expect(http.serverErrors(), 'answers with status >= 500').toEqual([]);
  await mailbox.repairSmtp();
  await target.submitSignIn(page, account);
  expect(await target.isSignedIn(page), 'the account still signs in with its password').toBe(true);
});
