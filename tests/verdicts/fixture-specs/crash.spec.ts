import { test } from '@playwright/test';
import { check } from '../../../fixtures/checks.ts';

test('cannot complete', check('SESS-PARALLEL'), () => {
  throw new Error('connection refused by goatcounter.localhost');
});
