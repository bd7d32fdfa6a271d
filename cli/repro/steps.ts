/**
 * The steps `authconf repro` can write as code: one for every step a target adapter offers
 * (fixtures/targets/adapter.ts) and for the fixtures around them (fresh contexts, the mailbox,
 * TOTP sign-in, the runner's clock, upgrades), each a few lines with the assertion that tells
 * a reproduced bug from a fixed one. A step is written through a `Writer` (render.ts), which
 * keeps what the steps before it left behind: which tabs and windows are open and signed in,
 * whether TOTP is enrolled, SMTP broken, the proxy session expired. A step that needs
 * something earlier (signing out needs a session) writes that first, and says so.
 *
 * A step the vocabulary lacks stays in the spec as a test.fixme with the step's words, so the
 * spec SKIPs with that reason until someone writes it. Plain words ("log in", "open a second
 * tab") are read into these steps by words.ts.
 */
import type { Capability } from '../../fixtures/targets/profile.ts';

/** Where a step happens: the test's page, a second tab of its browser context, a fresh context. */
export type Where = 'first-tab' | 'second-tab' | 'private-window' | 'new-browser';
export const WHERES: readonly Where[] = ['first-tab', 'second-tab', 'private-window', 'new-browser'];

type BrowserContextId = 'main' | 'private-window' | 'new-browser';

export const PAGES: Record<Where, { variable: string; context: BrowserContextId; /** indefinite */ a: string; /** definite */ the: string; open?: string }> = {
  'first-tab': { variable: 'page', context: 'main', a: 'the first tab', the: 'the first tab' },
  'second-tab': { variable: 'secondTab', context: 'main', a: 'a second tab', the: 'the second tab', open: 'await page.context().newPage()' },
  'private-window': { variable: 'privateWindow', context: 'private-window', a: 'a private window', the: 'the private window', open: "await (await freshContext('private-window')).newPage()" },
  'new-browser': { variable: 'otherBrowser', context: 'new-browser', a: 'a second browser', the: 'the second browser', open: "await (await freshContext('new-browser')).newPage()" },
};

export type Fixture = 'page' | 'browser' | 'target' | 'account' | 'freshContext' | 'mailbox' | 'totpSignIn' | 'runnerClock' | 'upgrades';
/** The order fixtures are listed in the test's parameter. */
export const FIXTURE_ORDER: readonly Fixture[] = ['page', 'browser', 'target', 'account', 'freshContext', 'mailbox', 'totpSignIn', 'runnerClock', 'upgrades'];

/** The modules (under fixtures/) generated specs import from; all of it is re-exported by the public entry `authconf/test` (test.ts). */
export type Module = 'index.ts' | 'checks.ts' | 'http-evidence.ts' | 'mfa.ts' | 'verdicts/verdict.ts' | 'steps.ts' | 'forward-auth.ts' | 'background-traffic.ts' | 'secrets.ts';
export type Import = { from: Module; name: string };

export interface StepArgs {
  seconds?: number;
  /** A TOTP step offset (0: the current step). */
  offset?: number;
  /** Versions of an upgrade, as the report gives them (`0.23`, `v0.23.0`). */
  from?: string;
  to?: string;
  where?: Where;
}

/** What the step's argument is, in the ID form (`server-clock-behind 90`). */
export type ArgumentKind = 'seconds' | 'offset' | 'version' | 'where';

/**
 * A browser context's session: signed in, signed out, or `unknown` — it was signed in when
 * another browser signed out, and whether that ends it too is the app's choice.
 */
export type SessionState = 'in' | 'out' | 'unknown' | undefined;

/** What the writer offers a step (render.ts implements it). */
export interface Writer {
  /** Lines of this step, in order, in the test body. */
  line(...lines: string[]): void;
  fixture(...names: Fixture[]): void;
  /** Capabilities beyond the step's own `needs` (a step read as another). */
  need(...capabilities: Capability[]): void;
  import(from: Module, ...names: string[]): void;
  /** Lines at file level (test.use, hooks), written once. */
  fileLines(...lines: string[]): void;
  /** A line at the start of the test body, written once. */
  prelude(line: string): void;
  /** The test's timeout grows by this many seconds (a TypeScript expression, evaluated in the body). */
  slow(seconds: string): void;
  /** The page variable of `where`, opened here when it is not yet; it becomes the focus. */
  page(where: Where): string;
  isOpen(where: Where): boolean;
  /** The page a step acts on when its words name none: the last one opened or named. */
  focus: Where;
  /** A variable name unused so far in the test: `name`, then `name2`, … */
  declare(name: string): string;
  /** `const name = init;` the first time; the name every time. */
  once(name: string, init: string): string;
  /** Whether the browser context of `where` is signed in, signed out, or neither yet. */
  session(where: Where): SessionState;
  /** Where the sign-out that ended (or may have ended) that context's session happened. */
  signedOutAt(where: Where): Where | undefined;
  /** A note for the reader of the CLI's output (what the spec leaves open). */
  note(text: string): void;
  setSession(where: Where, state: 'in' | 'out'): void;
  /** A step with this id comes later in the report (or asked for the one being written). */
  later(id: string): boolean;
  /** Writes the step `id` before this one (something this step needs), with its own comment and a note. */
  require(id: string, args: StepArgs, why: string): void;
  /** What earlier steps left: variable names and conditions. */
  readonly state: WriterState;
  /** The registered target's capabilities (undefined for an app that is not a target). */
  readonly capabilities: readonly Capability[] | undefined;
}

export interface WriterState {
  /** The credentials that sign in now (a completed password reset changes them). */
  credentials: string;
  smtp: 'working' | 'down' | 'rejecting';
  /** The TOTP generator of the enrollment. */
  totp?: string;
  /** A TOTP code already accepted, for "the same code again". */
  code?: string;
  /** The browser's storage captured before a sign-out. */
  capturedSession?: string;
  /** The page where a password reset was asked for, and the service's steps. */
  resetPage?: string;
  resetOpened?: boolean;
  apiSession?: string;
  tokenExpired?: boolean;
  /** A forward-auth step was written (a reload then goes through the proxy). */
  proxy?: boolean;
  proxyExpired?: boolean;
  admin?: string;
}

export interface StepDefinition {
  /** What the step does: for the help, the spec's header and its comments. SECONDS, OFFSET, VERSION and WHERE stand for the argument. */
  summary: string;
  argument?: { kind: ArgumentKind; optional?: boolean };
  /** Capabilities the target needs (requireCapabilities: SKIP with the reason elsewhere). */
  needs: Capability[];
  /** The step declares its capabilities itself (w.need), as they depend on the target: `needs` is what it usually needs. */
  dynamicNeeds?: true;
  /** Plain words that read as this step: for the help, the docs, "did you mean" and the tests. */
  examples: string[];
  write(w: Writer, args: StepArgs): void;
}

/** A single-quoted TypeScript string literal. */
export const quote = (text: string) => `'${text.replace(/\s+/g, ' ').trim().replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** Milliseconds as a TypeScript literal: 300_000. */
const ms = (seconds: number) => String(seconds * 1000).replace(/\B(?=(\d{3})+(?!\d))/g, '_');
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

const expectIn = (w: Writer) => {
  w.fixture('target');
  w.import('index.ts', 'expect');
};

/** `expect(isSignedIn)` as the state of the page's browser context says it should be (signed in, or signed out). */
function expectSessionAsBefore(w: Writer, where: Where, p: string): void {
  expectIn(w);
  const state = w.session(where);
  const page = PAGES[where];
  if (state === 'in') {
    w.line(`expect(await target.isSignedIn(${p}), ${quote(`${page.the} is still signed in`)}).toBe(true);`);
    return;
  }
  const at = w.signedOutAt(where);
  if (state === 'unknown') {
    // Whether signing out one browser ends the sessions of others is the app's design, not a bug either way.
    const why = `whether signing out in ${PAGES[at!].the} ends the session of ${page.the} is the app's choice`;
    w.line(`const ${w.declare('stillSignedIn')} = await target.isSignedIn(${p}); // not asserted: ${why}`);
    w.note(`${why}: the spec does not assert it; add the expect() your report's Expected says`);
    return;
  }
  const message = at && at !== where ? `signed out in ${PAGES[at].the}: ${page.the} (the same browser) is signed out too` : `${page.the} stays signed out`;
  w.line(`expect(await target.isSignedIn(${p}), ${quote(message)}).toBe(false);`);
}

/** A page with no session (a password-reset request is made signed out). */
function signedOutPage(w: Writer): string {
  if (w.session('first-tab') !== 'in') return w.page('first-tab');
  w.fixture('freshContext');
  const p = w.declare('signedOut');
  w.line(`const ${p} = await (await freshContext('private-window')).newPage();`);
  return p;
}

function freshPage(w: Writer, name: string): string {
  w.fixture('freshContext');
  const p = w.declare(name);
  w.line(`const ${p} = await (await freshContext('private-window')).newPage();`);
  return p;
}

/** The target signs in through a forward-auth proxy: a proxy step came before, or it has no password form of its own. */
const behindProxy = (w: Writer) => w.state.proxy === true || (w.capabilities !== undefined && !w.capabilities.includes('password-login') && w.capabilities.includes('forward-auth'));

function signIn(w: Writer, where: Where): void {
  const proxied = behindProxy(w);
  w.need(proxied ? 'forward-auth' : 'password-login');
  if (proxied && where === 'first-tab' && w.session(where) !== 'in') {
    w.line('// (behind its forward-auth proxy: the target signs in through it)');
    STEPS['proxy-sign-in']!.write(w, {});
    return;
  }
  const page = PAGES[where];
  const p = w.page(where);
  expectIn(w);
  if (w.session(where) === 'in') {
    w.line(`expect(await target.isSignedIn(${p}), ${quote(where === 'first-tab' ? 'the first tab is signed in already' : `${page.the} shares the session of its browser: it is signed in already`)}).toBe(true);`);
    return;
  }
  w.fixture('account');
  const credentials = w.state.credentials;
  const firstLives = page.context !== 'main' && w.session('first-tab') === 'in';
  // After a sign-out in another browser this one may or may not be signed in still (the app decides).
  if (w.session(where) === 'unknown') w.line(`if (!(await target.isSignedIn(${p}))) await target.submitSignIn(${p}, ${credentials});`);
  else w.line(`await target.submitSignIn(${p}, ${credentials});`);
  if (w.state.totp) {
    w.fixture('totpSignIn');
    w.line(`expect(await totpSignIn.tryCode(${p}, await ${w.state.totp}.codeAt(0)), ${quote(`${where === 'first-tab' ? 'the account' : page.a} signs in with the password and the current TOTP code`)}).toBe(true);`);
  } else {
    const message = where === 'first-tab' ? 'the account signs in with its password' : `${page.a} signs in${firstLives ? ' while the first session lives' : ''}`;
    w.line(`expect(await target.isSignedIn(${p}), ${quote(message)}).toBe(true);`);
  }
  if (firstLives) w.line(`expect(await target.isSignedIn(page), 'the first session still works').toBe(true);`);
  w.setSession(where, 'in');
}

function open(where: Where): StepDefinition['write'] {
  return (w) => {
    if (w.isOpen(where)) {
      w.line(`await ${w.page(where)}.bringToFront();`);
      return;
    }
    const p = w.page(where);
    // Tabs of one browser share its session; a private window or another browser does not.
    if (PAGES[where].context === 'main' && w.session('first-tab') === 'in') {
      expectIn(w);
      w.line(`expect(await target.isSignedIn(${p}), ${quote(`${PAGES[where].the} shares the first tab's session`)}).toBe(true);`);
    }
  };
}

function requireSignedIn(w: Writer, where: Where, why: string, { viaProxy = false } = {}): void {
  if (w.session(where) === 'in') return;
  if ((viaProxy || behindProxy(w)) && where === 'first-tab') w.require('proxy-sign-in', {}, why);
  else w.require('sign-in', { where }, why);
}

function apiSession(w: Writer): { tokens: string; session: string } {
  w.fixture('target');
  w.import('steps.ts', 'stepsOf');
  const tokens = w.once('tokens', "stepsOf(target, 'tokens')");
  if (!w.state.apiSession) {
    w.state.apiSession = w.declare('apiSession');
    w.line(`const ${w.state.apiSession} = await ${tokens}.newSession();`);
  }
  return { tokens, session: w.state.apiSession };
}

function forwardAuth(w: Writer): string {
  w.fixture('target');
  w.import('steps.ts', 'stepsOf');
  w.state.proxy = true;
  return w.once('proxy', "stepsOf(target, 'forwardAuth')");
}

function loginAlert(smtpDown: boolean): StepDefinition['write'] {
  return (w) => {
    w.fixture('target', 'account');
    expectIn(w);
    w.line('test.skip(!target.loginAlerts, `${target.profile.displayName} ${target.version} sends no login alerts`);');
    w.line(`await target.loginAlerts!.rememberThisDevice(account);`);
    if (smtpDown && w.state.smtp === 'working') {
      w.fixture('mailbox');
      w.line("await mailbox.breakSmtp({ kind: 'down' });");
      w.state.smtp = 'down';
    }
    // This browser is a new device for the account: the sign-in is due an alert mail.
    const p = w.session('first-tab') === 'in' ? freshPage(w, 'newDevice') : w.page('first-tab');
    w.line(`await target.submitSignIn(${p}, account);`);
    if (w.state.smtp !== 'working') {
      w.line(`expect(await target.isSignedIn(${p}), 'a sign-in from a new device succeeds although its alert mail cannot be sent').toBe(true);`);
    } else {
      w.fixture('mailbox');
      w.line(`expect(await target.isSignedIn(${p}), 'a sign-in from a new device succeeds').toBe(true);`);
      w.line(`await expect(mailbox.waitForMessage(account.login), 'the login-alert mail arrives').resolves.toBeDefined();`);
    }
    if (p === 'page') w.setSession('first-tab', 'in');
  };
}

function clockShift(direction: 'behind' | 'ahead of'): StepDefinition {
  return {
    summary: `the server's clock runs SECONDS ${direction} the runner's (the runner's TOTP clock is shifted instead: Go servers ignore libfaketime)`,
    argument: { kind: 'seconds' },
    needs: ['totp'],
    examples: direction === 'behind' ? ['the server clock is 90 s behind', "the server's clock drifted 2 minutes"] : ['the server clock is 90 seconds ahead', 'server time runs 1 min fast'],
    write: (w, { seconds = 0 }) => w.fileLines(`test.use({ clockShiftSeconds: ${direction === 'behind' ? seconds : -seconds} });`),
  };
}

const signInAt = (where: Where): StepDefinition['write'] => (w) => signIn(w, where);

export const STEPS: Record<string, StepDefinition> = {
  // Signing in and out, tabs, windows, browsers.
  'sign-in': {
    summary: 'sign in with the password; the app shows a page that needs a session',
    argument: { kind: 'where', optional: true },
    needs: ['password-login'],
    dynamicNeeds: true,
    examples: ['log in', 'sign in', 'login', 'Log into the app', 'sign in in the second tab'],
    write: (w, args) => signIn(w, args.where ?? w.focus),
  },
  'sign-in-private-window': {
    summary: 'sign in from a private window while the first session lives; both work',
    needs: ['password-login'],
    dynamicNeeds: true,
    examples: ['log in from an incognito window', 'sign in in a private window'],
    write: signInAt('private-window'),
  },
  'sign-in-new-browser': {
    summary: 'sign in from a second browser while the first session lives; both work',
    needs: ['password-login'],
    dynamicNeeds: true,
    examples: ['log in in another browser', 'sign in from a different device'],
    write: signInAt('new-browser'),
  },
  'open-second-tab': {
    summary: 'open a second tab of the same browser; it shares the session',
    needs: [],
    examples: ['open a second tab', 'open a new tab', 'open the app in another window'],
    write: open('second-tab'),
  },
  'open-private-window': {
    summary: 'open a private window (a fresh browser context, no session)',
    needs: [],
    examples: ['open a private window', 'open an incognito window'],
    write: open('private-window'),
  },
  'open-new-browser': {
    summary: 'open a second browser (a new browser instance, no session)',
    needs: [],
    examples: ['open another browser', 'use a different browser'],
    write: open('new-browser'),
  },
  'switch-to': {
    summary: 'go back to WHERE',
    argument: { kind: 'where' },
    needs: [],
    examples: ['go back to the first tab', 'switch to the second tab'],
    write: (w, { where = 'first-tab' }) => w.line(`await ${w.page(where)}.bringToFront();`),
  },
  'sign-out': {
    summary: "sign out from the app's UI; the page no longer opens",
    argument: { kind: 'where', optional: true },
    needs: ['logout'],
    examples: ['log out', 'sign out', 'logout', 'log out in the first tab'],
    write: (w, args) => {
      const where = args.where ?? w.focus;
      requireSignedIn(w, where, 'signing out needs a session');
      const p = w.page(where);
      expectIn(w);
      if (w.later('replay-session')) {
        w.state.capturedSession = w.declare('sessionBeforeSignOut');
        w.line(`const ${w.state.capturedSession} = await ${p}.context().storageState();`);
      }
      w.line(`await target.signOut(${p});`);
      w.line(`expect(await target.isSignedIn(${p}), ${quote(where === 'first-tab' ? 'signed out' : `signed out in ${PAGES[where].the}`)}).toBe(false);`);
      w.setSession(where, 'out');
    },
  },
  reload: {
    summary: 'reload the page; it shows the session as the steps before left it',
    argument: { kind: 'where', optional: true },
    needs: [],
    examples: ['reload the second tab', 'refresh the page', 'press F5'],
    write: (w, args) => {
      const where = args.where ?? w.focus;
      if (w.state.proxy && where === 'first-tab') {
        // Behind a forward-auth proxy a reload is a navigation the proxy answers.
        const proxy = forwardAuth(w);
        w.fixture('page', 'account');
        w.import('forward-auth.ts', 'navigateThroughProxy');
        expectIn(w);
        const visit = w.declare('reload');
        w.line(`const ${visit} = await navigateThroughProxy(page, target, account, (p) => p.reload());`);
        w.line(`expect(${visit}.fromServiceWorker, "the reload reached the proxy (not the app's service worker cache)").toBe(false);`);
        if (w.state.proxyExpired) w.line(`expect(${visit}.viaIdp, 'the reload went through the IdP to renew the proxy session').toBe(true);`);
        w.line(`expect(await ${proxy}.appState(page), 'what the app shows after the reload').not.toBe('offline');`);
        return;
      }
      const p = w.page(where);
      w.line(`await ${p}.reload();`);
      // Before any sign-in there is no session to expect either way.
      if (w.session(where)) expectSessionAsBefore(w, where, p);
    },
  },
  'open-app': {
    summary: 'open the app (a page that needs a session); it shows the session as the steps before left it (before any sign-in: its start page)',
    argument: { kind: 'where', optional: true },
    needs: [],
    examples: ['open the dashboard', 'go to the app', 'am I still logged in?'],
    write: (w, args) => {
      const where = args.where ?? w.focus;
      const p = w.page(where);
      if (w.session(where)) expectSessionAsBefore(w, where, p);
      else {
        // Before any sign-in there is no session to expect either way: the app's start page.
        w.fixture('target');
        w.line(`await ${p}.goto(target.baseUrl);`);
      }
    },
  },
  'replay-session': {
    summary: 'the session captured before sign-out, replayed in a fresh browser, opens nothing',
    needs: ['logout'],
    examples: ['reuse the old session cookie after logging out', 'replay the session cookie'],
    write: (w) => {
      if (!w.state.capturedSession) w.require('sign-out', { where: 'first-tab' }, 'replaying a session needs one captured before a sign-out');
      w.fixture('browser', 'target');
      w.import('index.ts', 'expect');
      const replayed = w.declare('replayed');
      w.line(
        `const ${replayed} = await browser.newContext({ storageState: ${w.state.capturedSession}, extraHTTPHeaders: target.browserHeaders?.() });`,
        'try {',
        `  expect(await target.isSignedIn(await ${replayed}.newPage()), 'the session captured before sign-out opens nothing after it').toBe(false);`,
        '} finally {',
        `  await ${replayed}.close();`,
        '}',
      );
    },
  },
  'still-signs-in': {
    summary: 'the account still signs in with its password, from a fresh context',
    needs: ['password-login'],
    examples: ['the account can still log in', 'the password still works'],
    write: (w) => {
      w.fixture('target', 'account');
      w.import('index.ts', 'expect');
      const later = freshPage(w, 'later');
      w.line(`await target.submitSignIn(${later}, ${w.state.credentials});`);
      if (w.state.totp) {
        w.fixture('totpSignIn');
        w.line(`expect(await totpSignIn.tryCode(${later}, await ${w.state.totp}.codeAt(0)), 'the account still signs in with its password and the current TOTP code').toBe(true);`);
      } else w.line(`expect(await target.isSignedIn(${later}), 'the account still signs in with its password').toBe(true);`);
    },
  },

  // Mail.
  'smtp-down': {
    summary: 'the SMTP server is unreachable (Mailpit stopped)',
    needs: [],
    examples: ['SMTP is down', 'without SMTP', 'the mail server is unreachable'],
    write: (w) => {
      w.fixture('mailbox');
      w.line("await mailbox.breakSmtp({ kind: 'down' });");
      w.state.smtp = 'down';
    },
  },
  'smtp-rejecting': {
    summary: 'the SMTP server rejects every recipient with 550',
    needs: [],
    examples: ['SMTP rejects the mail', 'the mail server answers 550'],
    write: (w) => {
      w.fixture('mailbox');
      w.line("await mailbox.breakSmtp({ kind: 'rejecting', code: 550, at: 'Recipient' });");
      w.state.smtp = 'rejecting';
    },
  },
  'smtp-repaired': {
    summary: 'the SMTP server works again',
    needs: [],
    examples: ['SMTP is back', 'fix the mail server'],
    write: (w) => {
      w.fixture('mailbox');
      w.line('await mailbox.repairSmtp();');
      w.state.smtp = 'working';
    },
  },
  'mail-arrives': {
    summary: 'a mail to the account arrives',
    needs: [],
    examples: ['the mail arrives', 'I receive an email'],
    write: (w) => {
      w.fixture('mailbox', 'account');
      w.import('index.ts', 'expect');
      w.line(`await expect(mailbox.waitForMessage(account.login), 'a mail to the account arrives').resolves.toBeDefined();`);
    },
  },
  'request-password-reset': {
    summary: 'ask for a password-reset mail (signed out); no answer is a 5xx',
    needs: ['password-reset'],
    examples: ['reset my password', 'click Forgot password', 'request a password reset'],
    write: (w) => {
      w.fixture('target', 'account');
      w.import('index.ts', 'expect');
      w.import('http-evidence.ts', 'HttpEvidence');
      const p = signedOutPage(w);
      const http = w.declare('http');
      w.line(`const ${http} = new HttpEvidence(${p});`, `await target.passwordReset!.request(${p}, account.login);`, `${http}.stop();`, `expect(${http}.serverErrors(), 'answers with status >= 500').toEqual([]);`);
      w.state.resetPage = p;
    },
  },
  'open-reset-link': {
    summary: 'open the link of the password-reset mail; it offers to set a new password',
    needs: ['password-reset'],
    examples: ['click the link in the email', 'open the reset link'],
    write: (w) => {
      if (!w.state.resetPage) w.require('request-password-reset', {}, 'the reset mail comes from a request');
      w.fixture('target', 'account', 'mailbox');
      w.import('index.ts', 'expect');
      w.import('steps.ts', 'stepsOf');
      const reset = w.once('reset', "stepsOf(target, 'passwordReset')");
      const mail = w.declare('resetMail');
      const link = w.declare('resetLink');
      w.line(
        `const ${mail} = await mailbox.waitForMessage(account.login);`,
        `const ${link} = ${reset}.linkIn(${mail});`,
        `expect(${link}, 'the reset mail carries a reset link').toBeDefined();`,
        `expect(await ${reset}.open(${w.state.resetPage}, ${link}!), 'the reset link offers to set a new password').toBe(true);`,
      );
      w.state.resetOpened = true;
    },
  },
  'complete-password-reset': {
    summary: 'set a new password through the reset link; the new password signs in',
    needs: ['password-reset', 'password-login'],
    examples: ['set a new password', 'choose a new password and save'],
    write: (w) => {
      if (!w.state.resetOpened) w.require('open-reset-link', {}, 'a new password is set on the page of the reset link');
      w.fixture('target', 'account');
      w.import('index.ts', 'expect');
      w.import('secrets.ts', 'newSecret');
      w.import('steps.ts', 'stepsOf');
      const reset = w.once('reset', "stepsOf(target, 'passwordReset')");
      const credentials = w.declare('newCredentials');
      const done = w.declare('resetDone');
      w.line(
        `const ${credentials} = { login: account.login, password: newSecret() };`,
        `const ${done} = await ${reset}.complete(${w.state.resetPage}, ${credentials}.password);`,
        `expect(${done}.kind, \`setting a new password through the link: "\${${done}.text}"\`).not.toBe('error');`,
      );
      const p = freshPage(w, 'withNewPassword');
      w.line(`await target.submitSignIn(${p}, ${credentials});`, `expect(await target.isSignedIn(${p}), 'the new password signs in').toBe(true);`);
      w.state.credentials = credentials;
    },
  },

  // TOTP and the clock.
  'enroll-totp': {
    summary: "sign in and enroll TOTP from the app's UI",
    needs: ['totp'],
    examples: ['enable 2FA', 'set up TOTP', 'turn on two-factor authentication'],
    write: (w) => {
      w.fixture('account', 'totpSignIn');
      // Enrolling signs in first: in a fresh window when the first tab is signed in already.
      const p = w.session('first-tab') === 'in' ? freshPage(w, 'enrollment') : w.page('first-tab');
      w.state.totp = w.declare('totp');
      w.line(`const ${w.state.totp} = await totpSignIn.enroll(${p}, account);`);
      if (p === 'page') w.setSession('first-tab', 'in');
    },
  },
  'totp-sign-in': {
    summary: "from a fresh browser: password, then the code for the runner's current step is accepted (else the diagnosis says how far the server's clock is off)",
    needs: ['totp'],
    examples: ['log in with the 2FA code', 'sign in with TOTP'],
    write: (w) => {
      if (!w.state.totp) w.require('enroll-totp', {}, 'a TOTP sign-in needs an enrollment');
      w.fixture('page', 'target', 'account', 'totpSignIn', 'runnerClock');
      w.import('mfa.ts', 'diagnoseClockSkew', 'serverClockOffset');
      w.import('verdicts/verdict.ts', 'verdict');
      const totp = w.state.totp!;
      const prompt = w.declare('prompt');
      w.line(`const ${prompt} = await totpSignIn.atCodePrompt(${w.state.credentials});`);
      let code = `await ${totp}.codeAt(0)`;
      if (w.later('totp-code-again')) {
        w.state.code = code = w.declare('code');
        w.line(`const ${code} = await ${totp}.codeAt(0);`);
      }
      w.line(
        `if (!(await totpSignIn.tryCode(${prompt}, ${code}))) {`,
        `  const skew = await serverClockOffset(page, target.baseUrl, runnerClock);`,
        "  verdict.require(skew !== undefined, 'The code for the current step was refused and the server sends no Date header: its clock offset cannot be reported.');",
        `  verdict.fail((await diagnoseClockSkew(totpSignIn, ${prompt}, ${totp}, skew)).text);`,
        '}',
      );
    },
  },
  'totp-code': {
    summary: "at the code prompt, the code for step offset OFFSET: accepted within the app's window (±1 unless its profile says otherwise), refused beyond",
    argument: { kind: 'offset', optional: true },
    needs: ['totp'],
    examples: ['enter the code', 'enter the previous code', 'type a code from 30 seconds ago'],
    write: (w, { offset = 0 }) => {
      if (!w.state.totp) w.require('enroll-totp', {}, 'a TOTP code needs an enrollment');
      w.fixture('account', 'totpSignIn');
      w.import('index.ts', 'expect');
      const prompt = w.declare('prompt');
      const code = w.declare('code');
      w.line(`const ${prompt} = await totpSignIn.atCodePrompt(${w.state.credentials});`, `const ${code} = await ${w.state.totp}.codeAt(${offset});`);
      if (offset === 0) {
        w.line(`expect(await totpSignIn.tryCode(${prompt}, ${code}), 'the code for the current step is accepted').toBe(true);`);
        w.state.code = code;
        return;
      }
      w.fixture('target');
      const window = w.once('totpWindow', 'target.profile.totp?.window ?? 1');
      w.line(`expect(await totpSignIn.tryCode(${prompt}, ${code}), \`the code for step offset ${signed(offset)} is accepted within the app's window of ±\${${window}} and refused beyond it\`).toBe(${Math.abs(offset)} <= ${window});`);
      w.state.code = code;
    },
  },
  'totp-code-again': {
    summary: 'the code that was accepted, used again at a new prompt, is refused (replay)',
    needs: ['totp'],
    examples: ['enter the code again', 'reuse the same code'],
    write: (w) => {
      if (!w.state.code) w.require('totp-code', { offset: 0 }, 'using a code again needs one used first');
      w.fixture('account', 'totpSignIn');
      w.import('index.ts', 'expect');
      const prompt = w.declare('replayPrompt');
      w.line(
        `const ${prompt} = await totpSignIn.atCodePrompt(${w.state.credentials});`,
        `expect(await totpSignIn.tryCode(${prompt}, ${w.state.code}), 'a code that was accepted is refused when used again').toBe(false);`,
      );
    },
  },
  'server-clock-behind': clockShift('behind'),
  'server-clock-ahead': clockShift('ahead of'),
  wait: {
    summary: 'wait SECONDS',
    argument: { kind: 'seconds' },
    needs: [],
    examples: ['wait 5 minutes', 'after 90 seconds'],
    write: (w, { seconds = 0 }) => {
      if ((w.state.proxy || w.capabilities?.includes('forward-auth')) && w.session('first-tab') === 'in') {
        // Reports say how long their proxy session lasted; this stack's lasts as long as its profile says.
        w.line(`// the report waits ${seconds} s: here until the proxy session has expired`);
        w.need(...STEPS['proxy-session-expires']!.needs);
        STEPS['proxy-session-expires']!.write(w, {});
        return;
      }
      w.slow(String(seconds));
      w.line(`await new Promise((resolve) => setTimeout(resolve, ${ms(seconds)}));`);
    },
  },

  // Tokens, sessions, realtime.
  'token-refresh': {
    summary: 'refresh the API token: a valid one gives 200 and a new token; an expired one 401 (not 400 or 5xx)',
    needs: ['refresh-token'],
    examples: ['refresh the token', 'call auth-refresh'],
    write: (w) => {
      const { tokens, session } = apiSession(w);
      w.import('index.ts', 'expect');
      const answer = w.declare('refreshed');
      w.line(`const ${answer} = await ${tokens}.refresh(${session}.token);`);
      if (w.state.tokenExpired) w.line(`expect(${answer}.status, \`refreshing the expired token at \${${tokens}.endpoint} (RFC 6750 §3.1: 401, not 400 or 5xx): \${JSON.stringify(${answer}.body)}\`).toBe(401);`);
      else w.line(`expect(${answer}.status, \`refreshing a valid token at \${${tokens}.endpoint}: \${JSON.stringify(${answer}.body)}\`).toBe(200);`);
    },
  },
  'token-expires': {
    summary: "wait until the API token has expired (the stack's tokens live seconds)",
    needs: ['refresh-token'],
    examples: ['wait until the token expires', 'the access token expires'],
    write: (w) => {
      const { tokens, session } = apiSession(w);
      w.import('index.ts', 'expect');
      w.slow("stepsOf(target, 'tokens').lifetimeSeconds + 10");
      w.line(`await expect.poll(() => Date.now() > ${session}.expiresAt + 1000, { timeout: (${tokens}.lifetimeSeconds + 10) * 1000, message: 'the token to expire' }).toBe(true);`);
      w.state.tokenExpired = true;
    },
  },
  'session-refresh': {
    summary: "keep using the app past its browser session token's lifetime (made short); the app refreshes the token and the user stays signed in",
    needs: ['refresh-token'],
    examples: ['wait until the session expires', 'stay active past the token lifetime'],
    write: (w) => {
      requireSignedIn(w, 'first-tab', 'refreshing a session needs one');
      w.fixture('page', 'target');
      w.import('index.ts', 'expect');
      w.import('steps.ts', 'stepsOf');
      // Short tokens from the test's start (before any sign-in), undone after it whatever happened.
      w.fileLines('let restoreSessions: (() => Promise<void>) | undefined;', 'test.afterEach(async () => {', '  await restoreSessions?.();', '});');
      w.prelude("restoreSessions = await stepsOf(target, 'sessionRefresh').shortenSessions();");
      w.slow("stepsOf(target, 'sessionRefresh').lifetimeSeconds + 30");
      const refresh = w.once('sessionRefresh', "stepsOf(target, 'sessionRefresh')");
      const first = w.declare('firstExpiry');
      const wait = (at: string, what: string) => `await expect.poll(() => Date.now() >= ${at}, { timeout: (${refresh}.lifetimeSeconds + 15) * 1000, message: ${quote(what)} }).toBe(true);`;
      w.line(
        `const ${first} = await ${refresh}.sessionExpiry(page);`,
        `expect(${first}, \`the browser holds a token with an expiry (\${target.session.description})\`).toBeDefined();`,
        wait(`${first}! - (${refresh}.lifetimeSeconds * 1000) / 2`, "half of the token's lifetime to pass"),
        "expect(await target.isSignedIn(page), 'the session lives while its token is valid').toBe(true);",
        wait(`${first}! + 1000`, 'the first token to expire'),
        "expect(await target.isSignedIn(page), 'an active user is still signed in after the first token expired').toBe(true);",
        `expect(await ${refresh}.sessionExpiry(page), 'the app renewed its token').toBeGreaterThan(${first}!);`,
      );
    },
  },
  'realtime-subscribe': {
    summary: "subscribe to the realtime channel with a valid API token: a change to the account's own record reaches it",
    needs: ['realtime', 'refresh-token'],
    examples: ['subscribe to realtime updates', 'open the websocket'],
    write: (w) => {
      // A subscription with a valid token (the expired one's refusal is token-refresh's to judge).
      if (w.state.tokenExpired) w.state.apiSession = undefined;
      const { session } = apiSession(w);
      w.state.tokenExpired = false;
      w.import('index.ts', 'expect');
      const realtime = w.once('realtime', "stepsOf(target, 'realtime')");
      const sub = w.declare('subscription');
      w.line(
        `const ${sub} = await ${realtime}.subscribeToOwnRecord(${session}, ${session}.token);`,
        'try {',
        `  expect(${sub}.status, \`subscribing with a valid token: \${${sub}.body}\`).toBeLessThan(300);`,
        `  await ${realtime}.changeOwnRecord(${session});`,
        `  expect(await ${sub}.waitForEvents(1, 10_000), "a change to the account's own record reaches its subscription").toBe(true);`,
        '} finally {',
        `  ${sub}.close();`,
        '}',
      );
    },
  },

  // The admin CLI.
  'admin-cli-create': {
    summary: "create an admin with the app's CLI inside its container; the admin signs in",
    needs: ['admin-cli', 'password-login'],
    examples: ['create an admin with the CLI', 'run superuser create'],
    write: (w) => {
      w.fixture('target');
      w.import('index.ts', 'expect');
      w.import('secrets.ts', 'newSecret');
      w.import('steps.ts', 'stepsOf');
      const cli = w.once('adminCli', "stepsOf(target, 'adminCli')");
      w.state.admin = w.declare('admin');
      w.line(`const ${w.state.admin} = { login: \`admin-\${Math.random().toString(36).slice(2, 10)}@authconf.test\`, password: newSecret() };`, `await ${cli}.create(${w.state.admin}.login, ${w.state.admin}.password);`);
      const p = freshPage(w, 'adminPage');
      w.line(`await target.submitSignIn(${p}, ${w.state.admin});`, `expect(await target.isSignedIn(${p}), \`the admin created with \${${cli}.command} signs in\`).toBe(true);`);
    },
  },
  'admin-cli-update': {
    summary: "set the admin's password with the CLI; the new password signs in, the old one no longer",
    needs: ['admin-cli', 'password-login'],
    examples: ["reset the admin's password with the CLI", 'run superuser update'],
    write: (w) => {
      if (!w.state.admin) w.require('admin-cli-create', {}, 'the CLI updates an admin it created');
      w.fixture('target');
      w.import('index.ts', 'expect');
      w.import('secrets.ts', 'newSecret');
      const cli = w.once('adminCli', "stepsOf(target, 'adminCli')");
      const admin = w.state.admin!;
      const updated = w.declare('updatedAdmin');
      w.line(`const ${updated} = { login: ${admin}.login, password: newSecret() };`, `await ${cli}.update(${updated}.login, ${updated}.password);`);
      const withNew = freshPage(w, 'adminPage');
      w.line(`await target.submitSignIn(${withNew}, ${updated});`, `expect(await target.isSignedIn(${withNew}), 'the password the CLI set signs in').toBe(true);`);
      const withOld = freshPage(w, 'adminPage');
      w.line(`await target.submitSignIn(${withOld}, ${admin});`, `expect(await target.isSignedIn(${withOld}), 'the old password no longer signs in').toBe(false);`);
      w.state.admin = updated;
    },
  },

  // Login alerts.
  'login-alert': {
    summary: 'sign in from a new device (a login-alert mail is due): the sign-in succeeds; with SMTP working the alert arrives',
    needs: ['login-alerts', 'password-login'],
    examples: ['log in from a new device and get an alert', 'the login notification mail'],
    write: loginAlert(false),
  },
  'login-alert-smtp-down': {
    summary: 'with SMTP down, sign in from a new device (a login-alert mail is due): the sign-in still succeeds',
    needs: ['login-alerts', 'password-login'],
    examples: ['login alert with SMTP down', 'the new-device alert mail cannot be sent'],
    write: loginAlert(true),
  },

  // Forward-auth proxy and OpenID Connect.
  'proxy-sign-in': {
    summary: 'sign in through the forward-auth proxy (the IdP) and the app, until the app is in use',
    needs: ['forward-auth'],
    examples: ['log in through the proxy', 'sign in through the forward-auth proxy'],
    write: (w) => {
      w.fixture('page', 'target', 'account');
      w.import('forward-auth.ts', 'signInThroughProxy');
      w.state.proxy = true;
      w.page('first-tab');
      w.line('await signInThroughProxy(page, target, account);');
      w.setSession('first-tab', 'in');
    },
  },
  'proxy-session-expires': {
    summary: "wait until the forward-auth proxy's session has expired (as short as the stack makes it)",
    needs: ['forward-auth'],
    examples: ['wait until the proxy session expires', "the proxy's session expires"],
    write: (w) => {
      requireSignedIn(w, 'first-tab', 'a proxy session expires once it exists', { viaProxy: true });
      w.fixture('page', 'target');
      w.import('forward-auth.ts', 'waitForProxySessionEnd');
      w.import('steps.ts', 'stepsOf');
      w.state.proxy = true;
      w.slow("stepsOf(target, 'forwardAuth').sessionLifetimeSeconds + 30");
      w.line('await waitForProxySessionEnd(page, target);');
      w.state.proxyExpired = true;
    },
  },
  'proxy-background-request': {
    summary: "the app's background requests get an answer it can act on (401, or a redirect CORS allows); the app is not \"offline\"",
    needs: ['forward-auth'],
    examples: ["the app's background fetch gets the proxy's answer", 'the app shows Server offline'],
    write: (w) => {
      requireSignedIn(w, 'first-tab', 'background requests come from the app in use', { viaProxy: true });
      const proxy = forwardAuth(w);
      w.fixture('page');
      w.import('index.ts', 'expect');
      w.import('background-traffic.ts', 'BackgroundTraffic');
      const traffic = w.declare('traffic');
      w.line(
        `const ${traffic} = new BackgroundTraffic(page, target.baseUrl, ${proxy}.isBackgroundRequest);`,
        `await ${proxy}.backgroundActivity(page);`,
        `await expect.poll(() => ${traffic}.answers.length, { timeout: 15_000, message: 'a background request to be answered' }).toBeGreaterThan(0);`,
        `${traffic}.stop();`,
        `expect(${traffic}.unusable(), \`background requests get an answer the app can act on: \${${traffic}.summary()}\`).toEqual([]);`,
        `expect(await ${proxy}.appState(page), 'what the app shows').not.toBe('offline');`,
      );
    },
  },
  'proxy-sign-out': {
    summary: "sign out at the proxy: the proxy session and the IdP's session end",
    needs: ['forward-auth'],
    examples: ['log out at the proxy', 'sign out at the forward-auth proxy'],
    write: (w) => {
      requireSignedIn(w, 'first-tab', 'signing out needs a session', { viaProxy: true });
      const proxy = forwardAuth(w);
      w.fixture('page');
      w.import('index.ts', 'expect');
      w.line(
        `await page.goto(\`\${target.baseUrl}\${${proxy}.signOutPath}\`);`,
        `expect(await ${proxy}.proxySessionAlive(await page.context().cookies(target.baseUrl)), 'the proxy session passes after signing out at the proxy').toBe(false);`,
        `expect(await ${proxy}.idp.sessionAlive(page), "the IdP's session lives after signing out at the proxy").toBe(false);`,
      );
      w.setSession('first-tab', 'out');
    },
  },
  'oidc-rp-sign-in': {
    summary: 'sign in with the IdP (OpenID Connect) from the app\'s sign-in page, and come back signed in',
    needs: ['oidc-rp'],
    examples: ['log in with SSO', 'sign in with Keycloak'],
    write: (w) => {
      w.fixture('page', 'target', 'account');
      w.import('index.ts', 'expect');
      w.import('steps.ts', 'stepsOf');
      w.page('first-tab');
      const rp = w.once('rp', "stepsOf(target, 'oidcRp')");
      w.line(
        `await ${rp}.startSignIn(page);`,
        `expect(await ${rp}.idp.waitUntilShown(page), 'the app\\'s "sign in with the IdP" leads to the IdP\\'s sign-in page').toBe(true);`,
        `await ${rp}.idp.signIn(page, account);`,
        `await page.waitForURL((url) => url.href.startsWith(\`\${${rp}.baseUrl}/\`), { timeout: 30_000 }).catch(() => undefined);`,
        `expect(await ${rp}.isSignedIn(page), 'the app is signed in through the IdP').toBe(true);`,
      );
      w.setSession('first-tab', 'in');
    },
  },

  // Upgrades.
  upgrade: {
    summary: "upgrade a copy of the app's data VERSION (on stacks of their own): credentials made before still authenticate after",
    argument: { kind: 'version', optional: true },
    needs: ['upgrade-path'],
    examples: ['upgrade to 0.23', 'update from v0.22 to v0.23'],
    write: (w, { from, to }) => {
      w.fixture('upgrades');
      w.import('index.ts', 'expect');
      const version = (v: string) => `/^v?${v.replace(/^v/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:[.-]|$)/`;
      const conditions = [...(from ? [`${version(from)}.test(p.from)`] : []), ...(to ? [`${version(to)}.test(p.to)`] : [])];
      const paths = w.declare('upgradePaths');
      const lost = w.declare('lost');
      const shown = from || to ? `${from ? `from ${from} ` : ''}${to ? `to ${to}` : ''}`.trim() : '';
      w.slow('upgrades.paths.length * 180');
      w.line(
        `const ${paths} = upgrades.paths${conditions.length ? `.filter((p) => ${conditions.join(' && ')})` : ''};`,
        `test.skip(${paths}.length === 0, ${quote(`this target has no upgrade path${shown ? ` ${shown}` : ''}`)});`,
        `const ${lost}: string[] = [];`,
        `for (const path of ${paths}) {`,
        `  for (const o of await upgrades.run(path)) if (!o.survived && o.level === 'must') ${lost}.push(\`\${path.from} → \${path.to}: \${o.credential} (\${o.detail})\`);`,
        '}',
        `expect(${lost}, 'credentials made before the upgrade still authenticate after it').toEqual([]);`,
      );
    },
  },
};

export interface ParsedStep {
  text: string;
  /** Undefined: the vocabulary has no such step; it stays as a fixme. */
  id?: string;
  args: StepArgs;
  /** Read from plain words rather than written as a step id. */
  fromWords?: boolean;
}

/** The step's summary with its argument filled in. */
export function describeArgs(id: string, args: StepArgs): string {
  const definition = STEPS[id]!;
  let text = definition.summary
    .replace('SECONDS', `${args.seconds ?? 0} s`)
    .replace('OFFSET', signed(args.offset ?? 0))
    .replace('VERSION', args.from || args.to ? `${args.from ? `from ${args.from} ` : ''}${args.to ? `to ${args.to}` : ''}`.trim() : 'along each upgrade path of the target')
    .replace('WHERE', PAGES[args.where ?? 'first-tab'].the);
  if (definition.argument?.kind === 'where' && args.where && args.where !== 'first-tab' && id !== 'switch-to') text = `${text} (in ${PAGES[args.where].the})`;
  return text;
}

/** How the step is written in the ID form: `server-clock-behind 90`, `sign-out second-tab`. */
export function stepUsage(id: string): string {
  const argument = STEPS[id]!.argument;
  if (!argument) return id;
  if (argument.kind === 'version') return `${id} [TO | FROM TO]`;
  const name = { seconds: 'SECONDS', offset: 'OFFSET', where: 'WHERE' }[argument.kind];
  return `${id} ${argument.optional ? `[${name}]` : name}`;
}

/** `server-clock-behind 90` → that step with 90; anything that is not a step id → undefined. */
export function parseStepId(text: string): ParsedStep | { error: string } | undefined {
  const [word = '', ...rest] = text.trim().split(/\s+/);
  const definition = Object.hasOwn(STEPS, word) ? STEPS[word] : undefined;
  if (!definition) return undefined;
  const argument = definition.argument;
  const usage = `e.g. '${stepUsage(word)}'`;
  if (!argument || (argument.optional && rest.length === 0)) {
    if (rest.length) return { error: `step '${word}' takes no argument (got '${text}')` };
    return { text, id: word, args: {} };
  }
  const bad = (what: string) => ({ error: `step '${word}' takes ${what} (${usage}; got '${text}')` });
  switch (argument.kind) {
    case 'seconds': {
      const seconds = Number(rest[0]);
      if (rest.length !== 1 || !Number.isInteger(seconds) || seconds <= 0) return { error: `step '${word}' takes a whole number of seconds, e.g. '${word} 90' (got '${text}')` };
      return { text, id: word, args: { seconds } };
    }
    case 'offset': {
      const offset = Number(rest[0]);
      if (rest.length !== 1 || !Number.isInteger(offset) || Math.abs(offset) > 10) return bad('a whole step offset from -10 to 10');
      return { text, id: word, args: { offset } };
    }
    case 'version': {
      if (rest.length > 2 || rest.some((v) => !/^v?\d[\w.+-]*$/.test(v))) return bad('one or two versions');
      return { text, id: word, args: rest.length === 2 ? { from: rest[0]!, to: rest[1]! } : { to: rest[0]! } };
    }
    case 'where': {
      if (rest.length !== 1 || !WHERES.includes(rest[0] as Where)) return bad(`one of ${WHERES.join(', ')}`);
      return { text, id: word, args: { where: rest[0] as Where } };
    }
  }
}
