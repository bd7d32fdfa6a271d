/**
 * The steps `authconf repro` can write as code: each a few lines over the existing fixtures
 * (target page object, fresh contexts, mailbox, TOTP sign-in), with the assertion that tells a
 * reproduced bug from a fixed one. A step the vocabulary lacks stays in the spec as a
 * test.fixme with the step's words, so the spec SKIPs with that reason until someone writes it.
 */
import type { Capability } from '../../fixtures/targets/profile.ts';

export type Fixture = 'page' | 'target' | 'account' | 'freshContext' | 'mailbox' | 'totpSignIn' | 'runnerClock';
/** Names the spec imports, by the module (under fixtures/) they come from. */
export type Import = { from: 'index.ts' | 'checks.ts' | 'http-evidence.ts' | 'mfa.ts' | 'verdicts/verdict.ts'; name: string };

export interface StepDefinition {
  summary: string;
  /** `seconds`: the step takes a whole number of seconds after its name. */
  argument?: 'seconds';
  needs: Capability[];
  fixtures: Fixture[];
  imports: Import[];
  /** A step that must come earlier (it declares a variable this one uses). */
  after?: string;
  /** File-level options (test.use) instead of lines in the body. */
  use?: (seconds: number) => string;
  lines: (seconds: number) => string[];
}

const EXPECT: Import = { from: 'index.ts', name: 'expect' };

const signInElsewhere = (kind: 'private-window' | 'new-browser', where: string): StepDefinition => ({
  summary: `sign in from ${where} while the first session lives; both work`,
  needs: ['password-login'],
  fixtures: ['page', 'target', 'account', 'freshContext'],
  imports: [EXPECT],
  lines: () => [
    `const ${kind === 'new-browser' ? 'otherBrowser' : 'privateWindow'} = await (await freshContext('${kind}')).newPage();`,
    `await target.submitSignIn(${kind === 'new-browser' ? 'otherBrowser' : 'privateWindow'}, account);`,
    `expect(await target.isSignedIn(${kind === 'new-browser' ? 'otherBrowser' : 'privateWindow'}), '${where} signs in while the first session lives').toBe(true);`,
    `expect(await target.isSignedIn(page), 'the first session still works').toBe(true);`,
  ],
});

const clockShift = (direction: 'behind' | 'ahead of'): StepDefinition => ({
  summary: `the server's clock runs SECONDS ${direction} the runner's (the runner's TOTP clock is shifted instead: Go servers ignore libfaketime)`,
  argument: 'seconds',
  needs: ['totp'],
  fixtures: [],
  imports: [],
  use: (seconds) => `test.use({ clockShiftSeconds: ${direction === 'behind' ? seconds : -seconds} });`,
  lines: () => [],
});

export const STEPS: Record<string, StepDefinition> = {
  'sign-in': {
    summary: 'sign in with the password; the app shows a page that needs a session',
    needs: ['password-login'],
    fixtures: ['page', 'target', 'account'],
    imports: [EXPECT],
    lines: () => ['await target.submitSignIn(page, account);', "expect(await target.isSignedIn(page), 'the account signs in with its password').toBe(true);"],
  },
  'sign-in-private-window': signInElsewhere('private-window', 'a private window'),
  'sign-in-new-browser': signInElsewhere('new-browser', 'a second browser'),
  'sign-out': {
    summary: "sign out from the app's UI; the page no longer opens",
    needs: ['logout'],
    fixtures: ['page', 'target'],
    imports: [EXPECT],
    lines: () => ['await target.signOut(page);', "expect(await target.isSignedIn(page), 'signed out').toBe(false);"],
  },
  'still-signs-in': {
    summary: 'the account still signs in with its password, from a fresh context',
    needs: ['password-login'],
    fixtures: ['target', 'account', 'freshContext'],
    imports: [EXPECT],
    lines: () => [
      "const later = await (await freshContext('private-window')).newPage();",
      'await target.submitSignIn(later, account);',
      "expect(await target.isSignedIn(later), 'the account still signs in with its password').toBe(true);",
    ],
  },
  'smtp-down': { summary: 'the SMTP server is unreachable (Mailpit stopped)', needs: [], fixtures: ['mailbox'], imports: [], lines: () => ["await mailbox.breakSmtp({ kind: 'down' });"] },
  'smtp-rejecting': {
    summary: 'the SMTP server rejects every recipient with 550',
    needs: [],
    fixtures: ['mailbox'],
    imports: [],
    lines: () => ["await mailbox.breakSmtp({ kind: 'rejecting', code: 550, at: 'Recipient' });"],
  },
  'smtp-repaired': { summary: 'the SMTP server works again', needs: [], fixtures: ['mailbox'], imports: [], lines: () => ['await mailbox.repairSmtp();'] },
  'request-password-reset': {
    summary: 'ask for a password-reset mail (signed out); no answer is a 5xx',
    needs: ['password-reset'],
    fixtures: ['page', 'target', 'account'],
    imports: [EXPECT, { from: 'http-evidence.ts', name: 'HttpEvidence' }],
    lines: () => [
      'const http = new HttpEvidence(page);',
      'await target.passwordReset!.request(page, account.login);',
      'http.stop();',
      "expect(http.serverErrors(), 'answers with status >= 500').toEqual([]);",
    ],
  },
  'enroll-totp': {
    summary: "sign in and enroll TOTP from the app's UI",
    needs: ['totp'],
    fixtures: ['page', 'account', 'totpSignIn'],
    imports: [],
    lines: () => ['const totp = await totpSignIn.enroll(page, account);'],
  },
  'totp-sign-in': {
    summary: "from a fresh browser: password, then the code for the runner's current step is accepted (else the diagnosis says how far the server's clock is off)",
    needs: ['totp'],
    fixtures: ['page', 'target', 'account', 'totpSignIn', 'runnerClock'],
    imports: [
      { from: 'mfa.ts', name: 'diagnoseClockSkew' },
      { from: 'mfa.ts', name: 'serverClockOffset' },
      { from: 'verdicts/verdict.ts', name: 'verdict' },
    ],
    after: 'enroll-totp',
    lines: () => [
      'const prompt = await totpSignIn.atCodePrompt(account);',
      'if (!(await totpSignIn.tryCode(prompt, await totp.codeAt(0)))) {',
      '  const skew = await serverClockOffset(page, target.baseUrl, runnerClock);',
      "  verdict.require(skew !== undefined, 'The code for the current step was refused and the server sends no Date header: its clock offset cannot be reported.');",
      '  verdict.fail((await diagnoseClockSkew(totpSignIn, prompt, totp, skew)).text);',
      '}',
    ],
  },
  'server-clock-behind': clockShift('behind'),
  'server-clock-ahead': clockShift('ahead of'),
};

export interface ParsedStep {
  text: string;
  /** Undefined: the vocabulary has no such step; it stays as a fixme. */
  id?: string;
  seconds: number;
}

/** `server-clock-behind 90` → that step with 90; free words → a step to write by hand. */
export function parseStep(text: string): ParsedStep | { error: string } {
  const [word = '', ...rest] = text.trim().split(/\s+/);
  const definition = STEPS[word];
  if (!definition) return { text, seconds: 0 };
  if (definition.argument === 'seconds') {
    const seconds = Number(rest[0]);
    if (rest.length !== 1 || !Number.isInteger(seconds) || seconds <= 0) return { error: `step '${word}' takes a whole number of seconds, e.g. '${word} 90' (got '${text}')` };
    return { text, id: word, seconds };
  }
  if (rest.length) return { error: `step '${word}' takes no argument (got '${text}')` };
  return { text, id: word, seconds: 0 };
}
