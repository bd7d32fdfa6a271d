/**
 * authconf's public test entry, `authconf/test`: what a spec in a maintainer's own repository
 * imports — the specs `authconf repro` writes there (authconf/specs/regressions/) and any
 * written by hand. The same fixtures and helpers the built-in specs use; everything else in
 * this package is internal and may change without notice.
 *
 *   import { test, expect, check, requireCapabilities } from 'authconf/test';
 *
 *   requireCapabilities('password-login', 'logout');
 *   test('my app: signing out in one tab signs out the other', { tag: '@regression' }, async ({ page, target, account }) => {
 *     await target.submitSignIn(page, account);
 *     expect(await target.isSignedIn(page), 'signed in').toBe(true);
 *   });
 *
 * `test` brings the fixtures (fixtures/index.ts): `target` (the adapter's steps), `account`,
 * `badCredentials`, `freshContext`, `otherEngine`, `mailbox`, `runnerClock`, `totpSignIn`, `upgrades`, `oidc`,
 * `passkeys` (browsers with virtual authenticators), `hostileProvider` (the hostile OpenID provider and the relying
 * parties wired to it; `judgeRefusals` grades a bend of your own the way the RP-* checks do).
 * The rest is what the steps of `authconf repro` use (cli/repro/steps.ts); a test in
 * tests/cli/repro.test.ts type-checks a spec of every step against this module.
 */

// The test, its fixtures and assertions; declaring a check or the capabilities a spec needs.
export { test, expect, type FreshContextKind } from './fixtures/index.ts';
export { check, requireCapabilities } from './fixtures/checks.ts';
export { verdict, type VerdictApi } from './fixtures/verdicts/verdict.ts';
export type { CheckId } from './fixtures/catalog.ts';

// A target's optional steps (stepsOf: a clear error when a target declares a capability without them).
export { stepsOf } from './fixtures/steps.ts';
export type { Credentials, TargetAdapter, TokenSession } from './fixtures/targets/adapter.ts';

// Evidence and scenario helpers.
export { HttpEvidence } from './fixtures/http-evidence.ts';
export { BackgroundTraffic } from './fixtures/background-traffic.ts';
export { Mailbox, describeSmtpFault, type SmtpFault } from './fixtures/mailbox.ts';
export { diagnoseClockSkew, serverClockOffset, type TotpSignIn } from './fixtures/mfa.ts';
export { navigateThroughProxy, signInThroughProxy, waitForIdpSessionEnd, waitForProxySessionEnd } from './fixtures/forward-auth.ts';
export { newSecret, registerSecret } from './fixtures/secrets.ts';
export { PasskeyDevices, type Device, type PasskeySignIn } from './fixtures/passkeys/devices.ts';
export { CeremonyLog, type Ceremony } from './fixtures/passkeys/ceremonies.ts';
export { VirtualAuthenticator, type HeldCredential } from './fixtures/passkeys/virtual-authenticator.ts';
export { describeOutcome, judgeRefusals, signInThrough, type Bend, type Misbehaviour, type SignInOutcome } from './fixtures/hostile-provider.ts';
