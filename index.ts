/**
 * authconf's public API: what a maintainer's `authconf.config.ts` and their TypeScript
 * targets import. The built-in targets are written with the same pieces. Everything else in
 * this package is internal and may change without notice.
 *
 *   import { defineConfig, defineTarget, startAppStack, goServiceImage } from 'authconf';
 *
 * docs/api.md lists every export with an example. This module must not import the run's
 * configuration (fixtures/config.ts) or the target registry: the registry imports the
 * maintainer's configuration file, which imports this module.
 */

// The configuration file and targets.
export { defineConfig, type AuthconfConfig, type RunDefaults } from './fixtures/config-file.ts';
export { defineTarget, type StartedMail, type StartedTarget, type TargetDefinition } from './fixtures/targets/definition.ts';
export { CAPABILITIES, defineProfile, type Capability, type TargetProfile } from './fixtures/targets/profile.ts';
export { loadDeclarativeTarget } from './fixtures/declarative/target.ts';
export type { RunConfig } from './fixtures/config.ts';
export type { OidcClient, OidcProvider } from './fixtures/oidc.ts';
export { BackchannelLogoutEndpoint, dockerHostAddress, type LogoutTokenInbox } from './fixtures/backchannel-logout.ts';
// The hostile OpenID provider (RP-* checks): a target wires its relying party to it and hands it over as `hostileProvider`.
export { HostileProvider, type HostileRelyingParty } from './fixtures/hostile-provider.ts';
export { HostileProviderContainer, hostileProviderImage, StartedHostileProviderContainer, type HostileProviderClient } from './containers/services/hostile-provider.ts';

// What a target's page object implements (TargetAdapter and the steps of each capability).
export {
  totpStepsOn,
  type AdminCliSteps,
  type AppMessage,
  type Credentials,
  type ForwardAuthSteps,
  type IdpLogin,
  type LoginAlertSteps,
  type OidcRpSteps,
  type PasskeySteps,
  type PasswordChangeSteps,
  type PasswordResetSteps,
  type ReturnUrlSteps,
  type TargetAdapter,
  type TotpPages,
  type TotpSteps,
} from './fixtures/targets/adapter.ts';
export { cookieSession, localStorageSession, type SessionStore } from './fixtures/session-store.ts';
export { fillSecret, newSecret, registerSecret } from './fixtures/secrets.ts';

// Stacks: the common app stack, or services on a network of your own.
export { appStackImages, startAppStack, type AppStack, type AppStackOptions } from './fixtures/targets/app-stack.ts';
export { Stack, type ServiceDefinition, type StackOptions, type StartableContainer } from './containers/stack.ts';
export { CliError, freeLoopbackPort, LoopbackContainer, StartedLoopbackContainer } from './containers/loopback-container.ts';
export { MAILPIT_SMTP_PORT, MailpitContainer, mailpitImage, StartedMailpitContainer } from './containers/services/mailpit.ts';
export { POSTGRES_PORT, PostgresContainer, postgresImage, postgresUrl, StartedPostgresContainer } from './containers/services/postgres.ts';

// Images: the upstream reference users pull, and a local recipe with the same contract.
export type { ImageRecipe } from './containers/images/recipe.ts';
export type { Progress } from './containers/images/progress.ts';
export { debianBase } from './containers/images/debian-base.ts';
export { debianPackageImage, type DebianPackageSpec } from './containers/images/debian-packages.ts';
export { goServiceImage, type GoServiceSpec } from './containers/images/go-service.ts';
export { nodeAppImage, type NodeAppSpec } from './containers/images/node-app.ts';
export { mavenDistImage, type MavenDistSpec } from './containers/images/maven-dist.ts';
