import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { HttpEvidence } from '../../fixtures/http-evidence.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const LOGIN_BAD = check('LOGIN-BAD');

test('a wrong password and an unknown login are refused alike', LOGIN_BAD, async ({ page, target, badCredentials }) => {
  const answers: Record<string, string> = {};
  for (const [attempt, credentials] of Object.entries({ 'wrong password': badCredentials.wrongPassword, 'unknown login': badCredentials.unknownLogin })) {
    const http = new HttpEvidence(page);
    await target.submitSignIn(page, credentials);
    const message = await target.signInError(page);
    http.stop();
    verdict.require(
      http.serverErrors().length === 0,
      `Signing in with a ${attempt} made the server fail (${http.serverErrors().join('; ')}); a refused sign-in must be a normal answer, not a 5xx.`,
    );
    verdict.require(
      !(await target.isSignedIn(page)),
      `Signing in with a ${attempt} let the user in: the app accepted credentials it must refuse.`,
    );
    verdict.require(message, `Signing in with a ${attempt} was refused without any message; the user cannot tell what went wrong.`);
    answers[attempt] = message.split(credentials.login).join('<login>');
    verdict.note(`${attempt}: "${answers[attempt]}"`);
  }
  if (answers['wrong password'] !== answers['unknown login']) {
    verdict.warn(
      `The app answers a wrong password ("${answers['wrong password']}") differently from an unknown login ("${answers['unknown login']}"), ` +
        'so anyone can find out which accounts exist (ASVS v5.0.0-6.3.8 asks for the same answer).',
    );
  }
});
