import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const SESS_PARALLEL = check('SESS-PARALLEL');

// The Beszel case: after an upgrade, existing sessions kept working but no new browser or
// private window could sign in.
test('sign in from another browser, a private window and the other engine while the first session lives', SESS_PARALLEL, async ({ page, target, account, freshContext, browserName, otherEngine }) => {
  await target.submitSignIn(page, account);
  verdict.require(await target.isSignedIn(page), 'Precondition failed: the first browser could not sign in.');

  const kinds = [
    { kind: 'new-browser', name: 'new browser' },
    { kind: 'private-window', name: 'private window' },
    ...('name' in otherEngine ? [{ kind: 'other-engine', name: `${otherEngine.name} instance (another engine than this ${browserName})` } as const] : []),
  ] as const;
  for (const { kind, name } of kinds) {
    const other = await (await freshContext(kind)).newPage();
    await target.submitSignIn(other, account);
    const shownError = await target.signInError(other);
    verdict.require(
      await target.isSignedIn(other),
      `A ${name} could not sign in while the first session was alive (ended at ${other.url()}` +
        `${shownError ? `, the page said "${shownError}"` : ''}). Existing sessions hide this: only fresh browsers are locked out, as in the Beszel/PocketBase 0.23 case.`,
    );
    verdict.require(await target.isSignedIn(page), `The first session ended when a ${name} signed in; parallel sessions must coexist.`);
  }
  verdict.note(`this ${browserName}, ${kinds.map((k) => `a ${k.name}`).join(', ')} were signed in at the same time`);
  if ('reason' in otherEngine) verdict.note(`not tried across engines: ${otherEngine.reason}`);
});
