/**
 * The Keycloak service on its own (issue #6): the local image starts in dev mode with a
 * realm generated for the stack, and its issuer is one string for the browser (Chromium on
 * the host), for another container on the stack network and for the test process. The
 * generated user gets tokens; teardown leaves nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium } from '@playwright/test';
import { stderrProgress } from '../../containers/images/progress.ts';
import { ensureLocalImage } from '../../containers/images/resolve.ts';
import { httpGetInside } from '../../containers/http-inside.ts';
import { ownerPid } from '../../containers/labels.ts';
import { freeLoopbackPort } from '../../containers/loopback-container.ts';
import { KeycloakContainer, keycloakImage, type StartedKeycloakContainer } from '../../containers/services/keycloak.ts';
import { keycloakRealm } from '../../containers/services/keycloak-realm.ts';
import { MAILPIT_SMTP_PORT, MailpitContainer, mailpitImage, type StartedMailpitContainer } from '../../containers/services/mailpit.ts';
import { Stack } from '../../containers/stack.ts';
import { newSecret, redact } from '../../fixtures/secrets.ts';
import { authconfContainers, authconfNetworks } from '../support/docker.ts';
import { linesWithSecrets, watchProcessList } from '../support/process-list.ts';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

const VERSION = '26.7.3';
const REALM = 'authconf';
const CHROMIUM = process.env.AUTHCONF_CHROMIUM ?? '/usr/lib/chromium/chromium';
const adminPassword = newSecret();

describe(`Keycloak ${VERSION} service`, () => {
  let stack: Stack<{ idp: { hostname: string; container: () => KeycloakContainer }; mail: { hostname: string; container: () => MailpitContainer } }>;
  let idp: StartedKeycloakContainer;
  let mail: StartedMailpitContainer;
  let issuer: string;
  const user = { username: 'alice', email: 'alice@authconf.test', password: newSecret() };
  const client = { clientId: 'probe', secret: newSecret(), redirectUris: ['http://app.localhost:1/callback'], directAccessGrants: true };

  before(async () => {
    const progress = stderrProgress('keycloak test');
    await Promise.all([ensureLocalImage(keycloakImage(VERSION), progress), ensureLocalImage(mailpitImage('v1.33.1'), progress)]);
    const [idpPort, mailPort] = await Promise.all([freeLoopbackPort(), freeLoopbackPort()]);
    issuer = `http://idp.localhost:${idpPort}/realms/${REALM}`;
    const realm = keycloakRealm({ realm: REALM, users: [user], clients: [client], smtp: { host: 'mail.localhost', port: MAILPIT_SMTP_PORT } });
    const t0 = Date.now();
    stack = await Stack.start(
      'keycloak',
      {
        idp: {
          hostname: 'idp.localhost',
          container: () => new KeycloakContainer(keycloakImage(VERSION).localRef).withBootstrapAdmin('admin', adminPassword).withHttpPort(idpPort, 'idp.localhost').withRealm(realm),
        },
        mail: { hostname: 'mail.localhost', container: () => new MailpitContainer(mailpitImage('v1.33.1').localRef).withHttpPort(mailPort) },
      },
      { progress, redact },
    );
    process.stderr.write(`[keycloak test] stack start-up (Keycloak + Mailpit side by side): ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    idp = stack.services.idp;
    mail = stack.services.mail;
  });

  after(async () => {
    await stack?.stop();
  });

  it('the browser reads the issuer http://idp.localhost:P/realms/R from the discovery document', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
    try {
      const page = await browser.newPage();
      const response = await page.goto(`${issuer}/.well-known/openid-configuration`);
      assert.equal(response?.status(), 200);
      assert.equal(((await response!.json()) as { issuer: string }).issuer, issuer);
    } finally {
      await browser.close();
    }
  });

  it('another container on the stack network reads the same issuer at the same URL', async () => {
    const inside = await httpGetInside(mail, `${issuer}/.well-known/openid-configuration`);
    assert.equal(inside.status, 200);
    assert.equal((JSON.parse(inside.body) as { issuer: string }).issuer, issuer);
  });

  it('the test process, at 127.0.0.1:P, is told the same issuer (the hostname is pinned)', async () => {
    const discovery = (await (await fetch(`${idp.realmApiUrl(REALM)}/.well-known/openid-configuration`)).json()) as { issuer: string; token_endpoint: string };
    assert.equal(discovery.issuer, issuer);
    assert.equal(discovery.token_endpoint, `${issuer}/protocol/openid-connect/token`);
  });

  it('the generated user gets tokens with the password grant of the generated client', async () => {
    const response = await fetch(`${idp.realmApiUrl(REALM)}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: client.clientId, client_secret: client.secret, username: user.username, password: user.password, scope: 'openid' }),
    });
    assert.equal(response.status, 200);
    const tokens = (await response.json()) as { access_token?: string; id_token?: string };
    assert.ok(tokens.access_token && tokens.id_token);
    const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1]!, 'base64url').toString()) as { iss: string; email: string };
    assert.equal(claims.iss, issuer);
    assert.equal(claims.email, user.email);
  });

  it('runs the upstream image contract: kc.sh as user 1000 from /opt/keycloak, no re-augmentation at start', async () => {
    const { output } = await idp.exec(['id', '-u']);
    assert.equal(output.trim(), '1000');
    assert.doesNotMatch(stack.logOf('idp'), /Updating the configuration/);
    assert.match(await idp.executeCliCmd({ username: 'admin', password: 'wrong' }, ['get', 'realms/authconf']).catch((e: Error) => e.message), /kcadm\.sh config credentials failed/);
  });

  it('kcadm signs in with the admin password typed at its prompt, never seen in the process list', async () => {
    const watch = watchProcessList();
    const realm = await idp.executeCliCmd({ username: 'admin', password: adminPassword }, ['get', `realms/${REALM}`]).finally(() => watch.stop());
    const seen = await watch.stop();
    assert.equal((JSON.parse(realm) as { realm: string }).realm, REALM);
    assert.ok(seen.some((line) => /kcadm\.sh config credentials/.test(line) || /KcAdmMain config credentials/.test(line)), 'the process watch saw kcadm run');
    assert.deepEqual(linesWithSecrets(seen, [adminPassword]), []);
  });

  it('teardown leaves no container and no network of this run', async () => {
    await stack.stop();
    assert.deepEqual(authconfContainers(ownerPid()), []);
    assert.deepEqual(authconfNetworks(ownerPid()), []);
  });
});
