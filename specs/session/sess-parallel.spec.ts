import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const SESS_PARALLEL = check('SESS-PARALLEL');

// The Beszel case: after an upgrade, existing sessions kept working but no new browser or
// private window could sign in.
test('sign in from another browser and a private window while the first session lives', SESS_PARALLEL, async ({ page, target, account, freshContext }) => {
  await target.submitSignIn(page, account);
  verdict.require(await target.isSignedIn(page), 'Precondition failed: the first browser could not sign in.');

  for (const kind of ['new-browser', 'private-window'] as const) {
    const other = await (await freshContext(kind)).newPage();
    await target.submitSignIn(other, account);
    const shownError = await target.signInError(other);
    verdict.require(
      await target.isSignedIn(other),
      `A ${kind.replace('-', ' ')} could not sign in while the first session was alive (ended at ${other.url()}` +
        `${shownError ? `, the page said "${shownError}"` : ''}). Existing sessions hide this: only fresh browsers are locked out, as in the Beszel/PocketBase 0.23 case.`,
    );
    verdict.require(await target.isSignedIn(page), `The first session ended when a ${kind.replace('-', ' ')} signed in; parallel sessions must coexist.`);
  }
  verdict.note('first browser, a second browser instance and a private window were signed in at the same time');
});
