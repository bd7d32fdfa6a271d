/**
 * Browsers that cannot run here are reported, not dropped: with Firefox requested and only
 * Debian's Chromium available, every Firefox check is SKIPPED with the reason.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runConformance } from '../support/conformance-run.ts';

describe('browsers', () => {
  it('a requested browser without Playwright\'s build: its checks SKIP with the reason, Chromium\'s run', async () => {
    const run = await runConformance({ env: { AUTHCONF_BROWSERS: 'chromium,firefox' }, args: ['--grep', '@LOGIN-OK'] });
    assert.equal(run.code, 0, run.output.slice(-3000));
    const byProject = Object.fromEntries(run.report!.checks.map((c) => [c.test.project, c]));
    assert.equal(byProject.chromium?.verdict, 'PASS');
    assert.equal(byProject.firefox?.verdict, 'SKIP');
    assert.match(byProject.firefox?.reason ?? '', /Playwright's own Firefox\/WebKit build is not installed here/);
  });
});
