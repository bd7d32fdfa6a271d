import { test } from '@playwright/test';
import { check } from '../../../fixtures/checks.ts';
import { verdict } from '../../../fixtures/verdicts/verdict.ts';

test('leaves a judgement to a person', check('MAIL-DOWN'), () => {
  verdict.review('Is "Could not send the mail, try later" a clear enough answer?');
});
