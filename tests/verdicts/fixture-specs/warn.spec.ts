import { test } from '@playwright/test';
import { check } from '../../../fixtures/checks.ts';
import { verdict } from '../../../fixtures/verdicts/verdict.ts';

test('completes with a SHOULD-level gap', check('LOGIN-BAD'), () => {
  verdict.warn('The answers differ, so accounts can be enumerated.');
});
