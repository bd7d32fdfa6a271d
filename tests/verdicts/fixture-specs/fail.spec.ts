import { test } from '@playwright/test';
import { check } from '../../../fixtures/checks.ts';
import { verdict } from '../../../fixtures/verdicts/verdict.ts';

test('fails with a diagnosis', check('LOGIN-COOKIES'), () => {
  verdict.fail("Set-Cookie 'key' lacks HttpOnly: any script on the page can read the session token.");
});
