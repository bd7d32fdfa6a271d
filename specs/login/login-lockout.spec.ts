import type { Page } from '@playwright/test';
import { check } from '../../fixtures/checks.ts';
import { HttpEvidence } from '../../fixtures/http-evidence.ts';
import { expect, test } from '../../fixtures/index.ts';
import type { Credentials, TargetAdapter } from '../../fixtures/targets/adapter.ts';
import { allowTestTime } from '../../fixtures/test-time.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const LOGIN_LOCKOUT = check('LOGIN-LOCKOUT');

/** Without a declared policy: this many wrong passwords, then the right one (bounded, loopback only). */
const UNDECLARED_ATTEMPTS = 30;
/** How long an undeclared lock may last before it counts as permanent (a denial-of-service lever). */
const UNDECLARED_LOCK_LIMIT_SECONDS = 120;
const THROTTLED = new Set([429, 503]);

test('repeated wrong passwords are throttled or lock the account for a while; then the right password works', LOGIN_LOCKOUT, async ({ page, target, account, badCredentials, freshContext }) => {
  const policy = target.profile.lockout;
  const declared = policy ? `the deployment declares: after ${policy.attempts} wrong passwords, refused per ${policy.per} for ${policy.lockSeconds} s (${policy.source})` : 'no policy declared';
  const attempts = policy?.attempts ?? UNDECLARED_ATTEMPTS;
  const started = Date.now();
  const statuses = await wrongSignIns(page, target, badCredentials.wrongPassword, attempts);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  verdict.note(`${attempts} wrong passwords for one account from one client in ${seconds} s; answers seen: ${summary(statuses)}; ${declared}`);

  // The right password right after the guesses: from the same client when the policy limits
  // clients, from another browser (another client address) otherwise.
  const probe = policy?.per === 'client' ? page : await (await freshContext('private-window')).newPage();
  const refusedAt = Date.now();
  if (await signsIn(probe, target, account)) {
    if (policy) {
      verdict.fail(
        `After ${attempts} wrong passwords the right one signed in at once from ${policy.per === 'client' ? 'the same client' : 'another browser'}, though ${declared}: ` +
          'the running app does not enforce its throttling policy (ASVS v5.0.0-6.3.1).',
      );
    }
    const first = statuses.findIndex((s) => THROTTLED.has(s));
    if (first < 0) {
      verdict.warn(
        `Nothing throttled password guessing: ${attempts} wrong passwords for one account in ${seconds} s were each answered normally, ` +
          'and the right password then signed in at once (ASVS v5.0.0-6.3.1 asks for throttling or a lock).',
      );
    } else {
      verdict.note(`throttled per client: from attempt ${first + 1} on the app answered ${statuses[first]}; the right password from another browser signed in at once (no account lock)`);
    }
    return;
  }
  verdict.note(`the right password was refused right after the guesses (${policy?.per === 'client' ? 'same client' : 'from another browser: the account is locked'})`);

  // The lock must end by itself: try the right password until it works.
  const limitSeconds = policy ? policy.lockSeconds + 30 : UNDECLARED_LOCK_LIMIT_SECONDS;
  allowTestTime(limitSeconds * 1000);
  const ended = await expect
    .poll(() => signsIn(probe, target, account), {
      message: 'the lock to end (the right password signing in again)',
      timeout: limitSeconds * 1000,
      intervals: [Math.max(2, Math.round((policy?.lockSeconds ?? 20) / 4)) * 1000],
    })
    .toBe(true)
    .then(
      () => true,
      () => false,
    );
  if (!ended) {
    const diagnosis = `The right password was still refused ${limitSeconds} s after ${attempts} wrong passwords`;
    if (policy) verdict.fail(`${diagnosis}, though ${declared}.`);
    verdict.warn(`${diagnosis}: a lock that does not end lets anyone who knows a login keep its owner out (denial of service).`);
    return;
  }
  verdict.note(`the lock ended: the right password signed in again after about ${Math.round((Date.now() - refusedAt) / 1000)} s`);
});

/** Submits the wrong password `count` times on `page`; returns the status of each POST the sign-ins made. */
async function wrongSignIns(page: Page, target: TargetAdapter, wrong: Credentials, count: number): Promise<number[]> {
  const http = new HttpEvidence(page);
  try {
    for (let i = 0; i < count; i++) await target.submitSignIn(page, wrong);
  } finally {
    http.stop();
  }
  verdict.require(!(await target.isSignedIn(page)), 'After the wrong passwords the browser is signed in: the app accepted credentials it must refuse.');
  return http.postStatuses();
}

async function signsIn(page: Page, target: TargetAdapter, account: Credentials): Promise<boolean> {
  await target.submitSignIn(page, account);
  return target.isSignedIn(page);
}

/** "303 ×20, 429 ×10". */
function summary(statuses: number[]): string {
  if (statuses.length === 0) return 'none seen';
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${status} ×${n}`).join(', ');
}
