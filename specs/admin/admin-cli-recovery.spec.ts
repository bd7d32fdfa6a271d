import { randomBytes } from 'node:crypto';
import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { newSecret } from '../../fixtures/secrets.ts';
import { stepsOf } from '../../fixtures/steps.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const ADMIN_CLI_RECOVERY = check('ADMIN-CLI-RECOVERY');

// The Beszel case: locked-out admins recovered with `superuser create/update` in the container.
test("the app's admin CLI in its container creates an admin and resets its password; both sign in", ADMIN_CLI_RECOVERY, async ({ page, freshContext, target }) => {
  const cli = stepsOf(target, 'adminCli');
  const admin = { login: `admin-${randomBytes(5).toString('hex')}@authconf.test`, password: newSecret() };

  await cli.create(admin.login, admin.password);
  await target.submitSignIn(page, admin);
  const createdError = await target.signInError(page);
  verdict.require(
    await target.isSignedIn(page),
    `The CLI (${cli.command}) reported success creating an admin, but that admin cannot sign in${createdError ? ` ("${createdError}")` : ''}: ` +
      'what the CLI wrote did not reach the running server (wrong data directory, or another database).',
  );
  verdict.note(`${cli.command.split('|')[0]}: the new admin signed in`);

  const reset = { ...admin, password: newSecret() };
  await cli.update(reset.login, reset.password);
  const other = await (await freshContext('private-window')).newPage();
  await target.submitSignIn(other, reset);
  verdict.require(await target.isSignedIn(other), `After the CLI set a new password, the admin cannot sign in with it${(await target.signInError(other)) ? ` ("${await target.signInError(other)}")` : ''}.`);
  const stale = await (await freshContext('private-window')).newPage();
  await target.submitSignIn(stale, admin);
  verdict.require(!(await target.isSignedIn(stale)), 'After the CLI set a new password, the old password still signs in.');
  verdict.note('update: the new password signs in, the old one is refused');
  if (cli.passwordInArguments) verdict.note(`the CLI (${cli.command}) takes the password as a command-line argument: every local user sees it in ps while the command runs`);
});
