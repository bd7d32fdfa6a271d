import type { BrowserContext, Page } from '@playwright/test';
import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { compareTimings, NEGLIGIBLE_MS, SIGNIFICANCE, timeFirstPost, type TimingBounds, type TimingComparison } from '../../fixtures/response-timing.ts';
import { newSecret } from '../../fixtures/secrets.ts';
import { unknownLoginLike, type Credentials, type TargetAdapter } from '../../fixtures/targets/adapter.ts';
import { allowTestTime } from '../../fixtures/test-time.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const ENUM_TIMING = check('ENUM-TIMING');

/** Requests per side and probe: enough for the test to see a password hash's cost, bounded. */
const SAMPLES = 10;
/** Requests per existing account and per browser context (a client) at most, unless a declared lockout allows fewer. */
const PER_BATCH = 5;
/** Time one request may add to the check (a sign-in or reset page flow, on a loaded machine). */
const MS_PER_REQUEST = 2_500;
/** How long the form has to send an empty password before the probe counts the form as refusing it. */
const EMPTY_PASSWORD_SEND_MS = 5_000;
/**
 * With the mail server hanging: a reset answered only after this long waits on the mail (the
 * pattern of Keycloak's reset for real accounts), and is timed at this bound. Fewer samples:
 * a bound on each side is enough for the rank test when every existing account waits.
 */
const MAIL_HANGING = { answerWithinMs: 2_000, samples: 6 };

test.skip(({ browserName }) => browserName !== 'chromium', "the timing is the server's, the same in every engine: measured once, in Chromium");

test('sign-in and password-reset requests take as long for an unknown login as for an existing account', ENUM_TIMING, async ({ target, account, freshContext, mailServer }) => {
  const declared = target.profile.enumerationResistance;
  const lockout = target.profile.lockout;
  // An account lock would change the very timing measured: each account stays below its declared limit.
  const perBatch = Math.max(1, Math.min(PER_BATCH, lockout?.per === 'account' ? lockout.attempts - 1 : PER_BATCH));
  const probes = target.passwordReset ? 3 : 2;
  allowTestTime(probes * 2 * SAMPLES * MS_PER_REQUEST + (target.passwordReset && mailServer ? MAIL_HANGING.samples * (2 * MS_PER_REQUEST + MAIL_HANGING.answerWithinMs) : 0));
  verdict.note(`bounds: ${SAMPLES} requests per side and probe, existing and unknown interleaved, at most ${perBatch} per account and per client; a difference counts when p < ${SIGNIFICANCE} and the medians differ by ${NEGLIGIBLE_MS} ms or more`);
  const started = Date.now();
  const sampler = new Sampler(target, freshContext, perBatch, account);

  const findings: Finding[] = [];
  const wrong = await sampler.sample((page, login) => target.submitSignIn(page, { login, password: newSecret() }));
  findings.push(judge('sign-in with a wrong password', wrong));
  // Keycloak answered an empty password for an existing user before hashing anything (keycloak#51887).
  const empty = await sampler.sample((page, login) => target.submitSignIn(page, { login, password: '' }), { sendWithinMs: EMPTY_PASSWORD_SEND_MS }).catch((error: Error) => error);
  if (empty instanceof Error) verdict.note(`sign-in with an empty password: not measured (${empty.message})`);
  else findings.push(judge('sign-in with an empty password', empty));
  const reset = target.passwordReset;
  if (reset) findings.push(judge('password-reset request', await sampler.sample((page, login) => reset.request(page, login))));
  else verdict.note('no password reset on this target: sign-in timing only');
  if (reset && mailServer) {
    // A reset that sends its mail before answering answers an existing account only once the mail server has.
    await mailServer.breakSmtp({ kind: 'hanging' });
    const hanging = await sampler.sample((page, login) => reset.request(page, login), MAIL_HANGING).finally(() => mailServer.repairSmtp());
    findings.push(judge('password-reset request with the mail server hanging', hanging));
  }
  verdict.note(`${sampler.requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const telling = findings.filter((f) => f.comparison.tells);
  if (telling.length === 0) return;
  const what = telling.map((f) => `${f.probe}: ${f.comparison.slowerName} answered ${Math.abs(f.comparison.differenceMs).toFixed(0)} ms slower (${f.comparison.summary})`).join('; ');
  const consequence = 'so anyone can tell which logins have an account by timing the answer (ASVS v5.0.0-6.3.8)';
  if (declared) verdict.fail(`The server's response time tells existing accounts from unknown ones — ${what} — ${consequence}, though the deployment promises not to reveal accounts (${declared.source}).`);
  verdict.warn(`The server's response time tells existing accounts from unknown ones — ${what} — ${consequence}.`);
});

interface Finding {
  probe: string;
  comparison: TimingComparison;
}

interface Samples {
  existing: number[];
  unknown: number[];
  /** Requests per side that got no answer within the bound (timed at it). */
  unanswered: { existing: number; unknown: number };
  /** The request timed, e.g. `POST /login`. */
  label: string;
}

type Attempt = (page: Page, login: string) => Promise<unknown>;

/**
 * Times requests for existing accounts and unknown logins, alternating, so drift in the
 * machine's load falls on both sides. Each batch of `perBatch` requests uses a fresh existing
 * account and two fresh browser contexts (clients), so neither an account lock nor per-client
 * throttling changes what is measured.
 */
class Sampler {
  requests = 0;
  private spare: Credentials | undefined;

  constructor(
    private readonly target: TargetAdapter,
    private readonly freshContext: (kind: 'private-window') => Promise<BrowserContext>,
    private readonly perBatch: number,
    first: Credentials,
  ) {
    this.spare = first;
  }

  /** `sendWithinMs` applies to the first attempt (a form may refuse to send at all); an unanswered request's page is replaced. */
  async sample(attempt: Attempt, { sendWithinMs, answerWithinMs, samples = SAMPLES }: TimingBounds & { samples?: number } = {}): Promise<Samples> {
    const times: Samples = { existing: [], unknown: [], unanswered: { existing: 0, unknown: 0 }, label: '' };
    let batch: { existing: Page; unknown: Page; login: string } | undefined;
    for (let i = 0; i < samples; i++) {
      if (i % this.perBatch === 0) {
        await Promise.all([batch?.existing.context().close(), batch?.unknown.context().close()]);
        batch = { existing: await this.newPage(), unknown: await this.newPage(), login: (await this.nextAccount()).login };
      }
      for (const side of i % 2 === 0 ? (['existing', 'unknown'] as const) : (['unknown', 'existing'] as const)) {
        const page = batch![side];
        const login = side === 'existing' ? batch!.login : unknownLoginLike(this.target, batch!.login);
        const timed = await timeFirstPost(page, () => attempt(page, login), { sendWithinMs: i === 0 ? sendWithinMs : undefined, answerWithinMs });
        times[side].push(timed.ms);
        times.label = timed.label;
        this.requests++;
        if (timed.unanswered) {
          times.unanswered[side]++;
          // The page first: a context closing with a page still loading costs the 5 s that
          // Playwright's screenshot-on-failure waits for that page before giving up.
          await page.close();
          await page.context().close();
          batch![side] = await this.newPage();
        }
      }
    }
    await Promise.all([batch?.existing.context().close(), batch?.unknown.context().close()]);
    return times;
  }

  private async newPage(): Promise<Page> {
    return (await this.freshContext('private-window')).newPage();
  }

  private async nextAccount(): Promise<Credentials> {
    const account = this.spare ?? (await this.target.newAccount());
    this.spare = undefined;
    return account;
  }
}

function judge(probe: string, samples: Samples): Finding {
  const comparison = compareTimings({ name: 'an existing account', ms: samples.existing }, { name: 'an unknown login', ms: samples.unknown });
  const { existing, unknown } = samples.unanswered;
  const unanswered = existing + unknown ? `; unanswered within the bound (timed at it): ${existing} for an existing account, ${unknown} for an unknown login` : '';
  verdict.note(`${probe} (${samples.label}): ${comparison.summary}${unanswered}${comparison.tells ? '' : ' — no tell'}`);
  return { probe: `${probe} (${samples.label})`, comparison };
}
