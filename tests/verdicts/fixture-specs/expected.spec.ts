import { test } from '@playwright/test';
import { check } from '../../../fixtures/checks.ts';
import { verdict } from '../../../fixtures/verdicts/verdict.ts';

// Listed in the expected-failures file the test passes in.
test('fails as the expected-failures file says', check('LOGOUT-REPLAY'), () => {
  verdict.fail('After sign-out the old cookie still works.');
});
