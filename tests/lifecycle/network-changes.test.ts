/**
 * Chromium fails every request still waiting for a connection when an address on the machine
 * appears or goes (net::ERR_NETWORK_CHANGED; no switch turns it off), and Docker's engine gives
 * each container's host-side interface an IPv6 link-local address. So a container started or
 * stopped by one part of a run broke page loads in another: Actual fetches its 59 migration
 * files at once at start-up, 50 died, and it showed "problem loading the app". The setup turns
 * IPv6 off for new interfaces (scripts/bootstrap.sh); this test holds a page's requests open
 * while a container starts and stops, and fails if Chromium dropped any of them; its control
 * runs the same with the kernel's default and asserts that the check's diagnosis names the
 * machine as the cause.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { chromium } from '@playwright/test';
import { debianBase } from '../../containers/images/debian-base.ts';
import { OWNER_LABEL } from '../../containers/labels.ts';
import { launchOf } from '../../fixtures/browser-launch.ts';
import { runConfig } from '../../fixtures/config.ts';
import { InFlightRequests } from '../../fixtures/timeout-cause.ts';

/** Chromium opens 6 connections per host: the other requests wait for one, and those are what a network change fails. */
const REQUESTS = 12;
const CONNECTIONS_PER_HOST = 6;
/** Duplicate address detection settles a link-local address in about a second. */
const ADDRESS_SETTLES_MS = 5_000;

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const sysctl = (name: string) => readFileSync(`/proc/sys/${name.replaceAll('.', '/')}`, 'utf8').trim();

/** The host side of the container's eth0 (the veth whose index eth0 names as its peer). */
function hostInterfaceOf(container: string): string {
  const peerIndex = docker('exec', container, 'cat', '/sys/class/net/eth0/iflink');
  const line = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).split('\n').find((l) => l.startsWith(`${peerIndex}: `));
  assert.ok(line, `no interface ${peerIndex} on the machine for container ${container}`);
  return line.split(': ')[1]!.split('@')[0]!;
}

/**
 * Waits until the interface either has IPv6 off (no address will come) or holds a settled
 * (no longer tentative) link-local address, which is what Chromium counts as a change.
 */
async function addressSettled(iface: string): Promise<string> {
  const deadline = Date.now() + ADDRESS_SETTLES_MS;
  for (;;) {
    const disabled = existsSync(`/proc/sys/net/ipv6/conf/${iface}`) && sysctl(`net.ipv6.conf.${iface}.disable_ipv6`) === '1';
    if (disabled) return `${iface} has IPv6 off`;
    const addresses = execFileSync('ip', ['-6', '-o', 'addr', 'show', 'dev', iface], { encoding: 'utf8' });
    if (/fe80::/.test(addresses) && !/tentative/.test(addresses)) return `${iface} got a link-local address`;
    if (Date.now() > deadline) return `${iface}: no address within ${ADDRESS_SETTLES_MS / 1000} s`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const IPV6_FOR_NEW_INTERFACES_OFF = 'net.ipv6.conf.default.disable_ipv6';

/**
 * Holds 12 requests of a page (6 on connections, 6 waiting for one) while a container starts,
 * settles its interface's address and is removed; then answers them. Returns the page's
 * failed requests and what authconf's request watcher said of them.
 */
async function containerDuringPageLoad(): Promise<{ failed: string[]; settled: string; diagnosed: string }> {
  const held: ServerResponse[] = [];
  const server = createServer((request, response) => (request.url === '/probe' ? response.end('ok') : void held.push(response)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch(launchOf('chromium', runConfig()).launchOptions);
  let container: string | undefined;
  try {
    const context = await browser.newContext();
    const watcher = new InFlightRequests();
    watcher.watch(context);
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(`${new URL(request.url()).pathname}: ${request.failure()?.errorText}`));
    await page.goto(`${origin}/probe`);
    const fetches = page.evaluate((count) => Promise.allSettled(Array.from({ length: count }, (_, i) => fetch(`/file-${i}`).then((r) => r.text()))), REQUESTS);
    while (held.length < CONNECTIONS_PER_HOST) await new Promise((resolve) => setTimeout(resolve, 50));

    // On Docker's default network: its bridge exists already, so only the container's own interface is new.
    container = docker('run', '-d', '--label', `${OWNER_LABEL}=${process.pid}`, debianBase().localRef, 'sleep', '60');
    const settled = await addressSettled(hostInterfaceOf(container));
    docker('rm', '-f', container);
    container = undefined;
    // The browser learns of address changes asynchronously: a round trip through its network stack (another host, so other connections).
    await page.evaluate((url) => fetch(url, { mode: 'no-cors' }).then(() => undefined), `${origin.replace('127.0.0.1', 'localhost')}/probe`);

    const answering = setInterval(() => held.splice(0).forEach((response) => response.end('ok')), 20);
    await fetches;
    clearInterval(answering);
    return { failed, settled, diagnosed: watcher.networkChange() };
  } finally {
    if (container) docker('rm', '-f', container);
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
}

describe('a container starting and stopping while a page loads', () => {
  it("fails none of the page's requests: with IPv6 off for new interfaces (the setup's), no address appears on the machine", async () => {
    const { failed, settled } = await containerDuringPageLoad();
    assert.deepEqual(failed, [], `Chromium dropped requests while a container started and stopped (${settled}): ${IPV6_FOR_NEW_INTERFACES_OFF} is ${sysctl(IPV6_FOR_NEW_INTERFACES_OFF)} (the setup sets it to 1)`);
  });

  // The control: the same with the kernel's default, on a machine the setup did not prepare.
  it('with IPv6 on for new interfaces, Chromium drops the waiting requests, and the diagnosis says the machine did it', { skip: process.getuid?.() !== 0 && 'changing a kernel setting needs root' }, async () => {
    const before = sysctl(IPV6_FOR_NEW_INTERFACES_OFF);
    writeFileSync(`/proc/sys/${IPV6_FOR_NEW_INTERFACES_OFF.replaceAll('.', '/')}`, '0');
    try {
      const { failed, settled, diagnosed } = await containerDuringPageLoad();
      assert.match(settled, /got a link-local address/);
      assert.ok(failed.length > 0 && failed.every((f) => f.endsWith('net::ERR_NETWORK_CHANGED')), failed.join('\n'));
      assert.match(diagnosed, new RegExp(`^the browser dropped ${failed.length} request\\(s\\) \\(GET http://127\\.0\\.0\\.1:\\d+/file-\\d+, GET .*\\) with net::ERR_NETWORK_CHANGED: an address on this machine appeared or went meanwhile`));
    } finally {
      writeFileSync(`/proc/sys/${IPV6_FOR_NEW_INTERFACES_OFF.replaceAll('.', '/')}`, before);
    }
  });
});
