/**
 * Both engines, really driven: Debian's Chromium over DevTools and Debian's firefox-esr over
 * WebDriver BiDi (through bin/firefox/'s shim). The login and session checks on GoatCounter
 * get a verdict per engine, sessions cross engines, the shim answers nothing beyond the one
 * command it knows, a too-old Firefox is refused, and WebKit SKIPs with the reason.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { chromium } from '@playwright/test';
import { launchOf } from '../../fixtures/browser-launch.ts';
import { runConfig } from '../../fixtures/config.ts';
import { runConformance, verdictOf, type RunResult } from '../support/conformance-run.ts';
import { authconfContainers } from '../support/docker.ts';
import { tempDir } from '../support/temp-dir.ts';

const CHECKS = ['LOGIN-OK', 'LOGIN-BAD', 'LOGIN-COOKIES', 'LOGOUT-REPLAY', 'SESS-PARALLEL'];

describe('Chromium and Firefox side by side on GoatCounter', () => {
  const unknownCommands = path.join(tempDir('firefox'), 'unknown-commands.log');
  let run: RunResult;
  before(async () => {
    run = await runConformance({
      env: { AUTHCONF_BROWSERS: 'chromium,firefox,webkit', AUTHCONF_FIREFOX_UNKNOWN_COMMANDS: unknownCommands },
      args: ['--grep', CHECKS.map((c) => `@${c}`).join('|')],
    });
  });

  it('each login and session check has a verdict per engine, the same in both', () => {
    assert.equal(run.code, 0, run.output.slice(-3000));
    for (const id of CHECKS) {
      const [chromium, firefox] = [verdictOf(run, id, 'chromium'), verdictOf(run, id, 'firefox')];
      assert.notEqual(firefox.verdict, 'SKIP', `${id} on Firefox: ${firefox.reason}`);
      assert.equal(firefox.verdict, chromium.verdict, `${id}: chromium ${chromium.verdict}, firefox ${firefox.verdict} ${firefox.diagnosis ?? ''}`);
    }
  });

  it('sessions cross engines: Firefox signs in beside a Chromium session and the reverse; a session captured in one is replayed in the other', () => {
    assert.match(verdictOf(run, 'SESS-PARALLEL', 'chromium').evidence.join('\n'), /a firefox instance \(another engine than this chromium\) were signed in at the same time/);
    assert.match(verdictOf(run, 'SESS-PARALLEL', 'firefox').evidence.join('\n'), /a chromium instance \(another engine than this firefox\) were signed in at the same time/);
    assert.ok(verdictOf(run, 'LOGOUT-REPLAY', 'chromium').evidence.includes('the captured session opens nothing in a fresh chromium context, nor in firefox'));
    assert.ok(verdictOf(run, 'LOGOUT-REPLAY', 'firefox').evidence.includes('the captured session opens nothing in a fresh firefox context, nor in chromium'));
  });

  it('Firefox was asked for no WebDriver BiDi command it lacks (a Playwright upgrade needing one fails here)', () => {
    const unknown = existsSync(unknownCommands) ? [...new Set(readFileSync(unknownCommands, 'utf8').split('\n').filter(Boolean))] : [];
    assert.deepEqual(unknown, [], `Firefox answered "unknown command" to: ${unknown.join(', ')} — answer them in bin/firefox/bidi-shim.mjs or require a newer Firefox`);
  });

  it('WebKit SKIPs every check with the measured reason', () => {
    const webkit = run.report!.checks.filter((c) => c.test.project === 'webkit');
    assert.equal(webkit.length, CHECKS.length);
    for (const check of webkit) {
      assert.equal(check.verdict, 'SKIP');
      assert.match(check.reason ?? '', /no drivable WebKit here: Playwright needs its own patched WebKit build/);
    }
  });
});

describe('a Firefox too old for WebDriver BiDi', () => {
  it('is refused before anything starts, naming the version found and the minimum', async () => {
    // An install laid out as Debian's: the executable a link into a folder with application.ini.
    const dir = tempDir('old-firefox');
    mkdirSync(path.join(dir, 'lib'));
    writeFileSync(path.join(dir, 'lib/application.ini'), '[App]\nVendor=Mozilla\nName=Firefox\nVersion=140.12.0\n');
    writeFileSync(path.join(dir, 'lib/firefox-esr'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    symlinkSync(path.join(dir, 'lib/firefox-esr'), path.join(dir, 'firefox-esr'));
    const run = await runConformance({ env: { AUTHCONF_BROWSERS: 'chromium,firefox', AUTHCONF_FIREFOX: path.join(dir, 'firefox-esr') }, args: ['--grep', '@LOGIN-OK'] });
    assert.equal(run.code, 2, run.output);
    assert.match(run.output, /AUTHCONF_FIREFOX: Firefox 140\.12\.0 at .*firefox-esr is too old: authconf drives Firefox over WebDriver BiDi and needs ESR 153 or newer/);
    assert.deepEqual(authconfContainers(run.pid), []);
  });
});

describe('Chromium as authconf launches it', () => {
  const launchOptions = () => launchOf('chromium', runConfig()).launchOptions;
  /** The --disable-features Chromium applies: the last one on its command line. */
  const disabledFeatures = async (options: Parameters<typeof chromium.launchServer>[0]) => {
    const server = await chromium.launchServer(options);
    try {
      const args = readFileSync(`/proc/${server.process().pid}/cmdline`, 'utf8').split('\0');
      const last = args.filter((a) => a.startsWith('--disable-features=')).at(-1) ?? '';
      return last.slice('--disable-features='.length).split(',').filter(Boolean);
    } finally {
      await server.close();
    }
  };

  it("keeps every feature Playwright disables (a Playwright upgrade disabling one more fails here)", async () => {
    const { executablePath } = launchOptions();
    const playwrights = await disabledFeatures({ executablePath });
    assert.ok(playwrights.length > 0, 'Playwright passed no --disable-features');
    const ours = await disabledFeatures(launchOptions());
    const lost = playwrights.filter((f) => !ours.includes(f));
    assert.deepEqual(lost, [], `authconf's --disable-features replaces Playwright's and drops ${lost.join(', ')}: add them to PLAYWRIGHT_DISABLED_FEATURES (fixtures/browser-launch.ts)`);
  });

  it('opens no browser UI page beside a context\'s page (the address bar popups headless Chromium preloads)', async () => {
    const browser = await chromium.launch(launchOptions());
    try {
      const context = await browser.newContext();
      await context.newPage();
      const { targetInfos } = await (await browser.newBrowserCDPSession()).send('Target.getTargets');
      assert.deepEqual(targetInfos.filter((t) => t.type !== 'page').map((t) => `${t.type} ${t.url}`), []);
    } finally {
      await browser.close();
    }
  });
});
