import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { newSecret } from '../../fixtures/secrets.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const SESS_REVOKE = check('SESS-REVOKE');

// A user who changes a password because it leaked expects the leaked sessions to end too.
test("a password change ends the user's sessions in other browsers", SESS_REVOKE, async ({ page, target, account, freshContext }) => {
  const steps = stepsOf(target, 'passwordChange');
  await target.submitSignIn(page, account);
  verdict.require(await target.isSignedIn(page), 'Precondition failed: the account could not sign in.');
  const elsewhere = await (await freshContext('new-browser')).newPage();
  await target.submitSignIn(elsewhere, account);
  verdict.require(await target.isSignedIn(elsewhere), 'Precondition failed: a second browser could not sign in beside the first.');

  const changed = { ...account, password: newSecret() };
  const shown = await steps.change(page, account, changed.password);
  verdict.require(shown.kind !== 'error', `Precondition failed: the app refused the password change ("${shown.text}").`);
  // The change must have taken effect, or a surviving session would prove nothing.
  const proof = await (await freshContext('private-window')).newPage();
  await target.submitSignIn(proof, changed);
  verdict.require(await target.isSignedIn(proof), `Precondition failed: after the change${shown.text ? ` ("${shown.text}")` : ''} the new password does not sign in.`);
  verdict.note(`password changed in the first browser${shown.text ? `; the app said "${shown.text}"` : ''}; the new password signs in`);

  verdict.require(
    !(await target.isSignedIn(elsewhere)),
    `After the password was changed in one browser, the session of another browser (${target.session.description}) still opens the authenticated page: ` +
      'changing the password did not end the other sessions, and the app did not offer to (ASVS v5.0.0-7.4.3). Whoever holds a leaked session keeps it.',
  );
  verdict.note('the other browser\'s session ended');
  verdict.note(`the browser that changed the password ${(await target.isSignedIn(page)) ? 'stayed signed in' : 'was signed out as well'}`);
});
