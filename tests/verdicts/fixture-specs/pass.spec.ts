import { test } from '@playwright/test';
import { check } from '../../../fixtures/checks.ts';
import { verdict } from '../../../fixtures/verdicts/verdict.ts';

// Breaks on demand, so a test can make a PASS turn FAIL between two runs.
test('passes unless told to break', check('LOGIN-OK'), () => {
  verdict.note('observed a session cookie');
  verdict.require(!process.env.FIXTURE_BREAK_LOGIN_OK, 'The fixture was told to break: sign-in did not reach the authenticated page.');
});
