/**
 * Bug report (Healthchecks, version not given): a mail-dependent security action answers HTTP 500
 * when SMTP is not configured.
 * Reported: enabling 2FA answered 500 because sensitive actions need an e-mailed code.
 *
 * Expected: a clear message, never a 5xx, and no half-done state
 * Actual: HTTP 500
 * Steps:
 *   1. the SMTP server is unreachable (Mailpit stopped)
 *   2. ask for a password-reset mail (signed out); no answer is a 5xx
 *   3. the SMTP server works again
 *   4. the account still signs in with its password, from a fresh context
 * Related checks: MAIL-DOWN (v5.0.0-16.5.2).
 *
 * Healthchecks is not an authconf target yet: the spec runs on every target that has what it
 * needs.
 *
 * Scaffolded by `authconf repro`: where the bug is present it FAILs, where it is fixed it passes;
 * a target without the capabilities it needs SKIPs it with the reason.
 */
import { requireCapabilities } from '../../fixtures/checks.ts';
import { HttpEvidence } from '../../fixtures/http-evidence.ts';
import { expect, test } from '../../fixtures/index.ts';

requireCapabilities('password-reset', 'password-login');

test('Healthchecks: a mail-dependent security action answers HTTP 500 when SMTP is not configured', { tag: '@regression', annotation: [{ type: 'related-check', description: 'MAIL-DOWN' }, { type: 'issue', description: 'enabling 2FA answered 500 because sensitive actions need an e-mailed code' }] }, async ({ page, target, account, freshContext, mailbox }) => {
  // the SMTP server is unreachable (Mailpit stopped)
  await mailbox.breakSmtp({ kind: 'down' });
  // ask for a password-reset mail (signed out); no answer is a 5xx
  const http = new HttpEvidence(page);
  await target.passwordReset!.request(page, account.login);
  http.stop();
  expect(http.serverErrors(), 'answers with status >= 500').toEqual([]);
  // the SMTP server works again
  await mailbox.repairSmtp();
  // the account still signs in with its password, from a fresh context
  const later = await (await freshContext('private-window')).newPage();
  await target.submitSignIn(later, account);
  expect(await target.isSignedIn(later), 'the account still signs in with its password').toBe(true);
});
