import { test } from '@playwright/test';
import { check } from '../../../fixtures/checks.ts';

// GoatCounter has no OIDC sign-in: this check must be SKIPPED with that reason.
test('needs a capability the target lacks', check('OIDC-RP-LOGIN'), () => {
  throw new Error('must not run');
});
