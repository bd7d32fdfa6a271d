/**
 * Steps as people write them in bug reports ("Log into the app", "open a second tab", "SMTP is
 * down", "the server clock is 90 s behind") read into the step vocabulary of steps.ts — with a
 * small synonym table and normalisation (case, punctuation, articles, "the user", verb forms),
 * not a language model. A sentence of several steps ("open a new tab and sign in") becomes
 * several. What still does not read as a step stays as words (a test.fixme in the spec), and
 * `suggest` names the closest known steps for the "did you mean" note.
 */
import { parseStepId, STEPS, type ParsedStep, type StepArgs, type Where } from './steps.ts';

/** The steps of one line of a report: its step id form, else its plain words, else the words unread. */
export function parseSteps(text: string): ParsedStep[] | { error: string } {
  const byId = parseStepId(text);
  if (byId && !('error' in byId)) return [byId];
  // "wait 5 minutes" and "sign-out in the first tab" are words; "server-clock-behind soon" is a step id written wrong.
  const words = byId && /^\S+-\S+(?:\s+\S+)?$/.test(text.trim()) ? undefined : readWords(text);
  return words ?? byId ?? [{ text, args: {} }];
}

/** Plain words as steps; undefined when no part of them reads as a step. */
export function readWords(text: string): ParsedStep[] | undefined {
  const parts = splitSentence(text);
  const read = parts.map((part) => ({ part, reading: readOne(part) }));
  if (parts.length > 1 && read.every((r) => r.reading)) return read.map(({ part, reading }) => ({ text: part, ...reading!, fromWords: true }));
  const whole = readOne(text);
  if (whole) return [{ text: text.trim(), ...whole, fromWords: true }];
  if (read.some((r) => r.reading)) return read.map(({ part, reading }) => (reading ? { text: part, ...reading, fromWords: true } : { text: part, args: {} }));
  return undefined;
}

/** The closest steps to words that read as none: [id, an example of its words]. */
export function suggest(text: string, limit = 3): { id: string; example: string }[] {
  const words = new Set(normalise(text).split(' ').filter((w) => w && !WEAK.has(w)));
  if (words.size === 0) return [];
  const scored = Object.entries(STEPS).map(([id, step]) => {
    const candidates = [...step.examples, id.replace(/-/g, ' ')].map((example) => {
      const theirs = new Set(normalise(example).split(' ').filter((w) => w && !WEAK.has(w)));
      const shared = [...words].filter((w) => theirs.has(w)).length;
      return { example, score: (2 * shared) / (words.size + theirs.size) };
    });
    const best = candidates.sort((a, b) => b.score - a.score)[0]!;
    return { id, example: step.examples.includes(best.example) ? best.example : (step.examples[0] ?? id), score: best.score };
  });
  return scored
    .filter((s) => s.score >= 0.25)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ id, example }) => ({ id, example }));
}

/** Words too common to tell steps apart. */
const WEAK = new Set(['in', 'on', 'to', 'of', 'with', 'from', 'for', 'and', 'is', 'be', 'app', 'again', 'still', 'not']);

/**
 * "Log in, open a second tab; then log out" → three parts. A plain "and" splits only before a
 * verb ("open a new tab and sign in"), not inside one step ("sign in with the password and the code").
 */
function splitSentence(text: string): string[] {
  return text
    .split(/\s*(?:[,;]\s*(?:and\s+)?(?:then\s+)?|\s+and\s+then\s+|\s+then\s+|\s+and\s+(?=(?:the\s+|i\s+|you\s+)?(?:sign|log|open|reload|refresh|enter|type|wait|enable|set\s+up|turn|switch|go|click|follow|request|reset|upgrade|update|subscribe|create|close|visit|navigate|reuse|replay|use|try|press|check|stop|start|restart|break|fix|repair|receive|scan|choose|submit|keep|stay|leave)\b))/i)
    .map((part) => part.trim())
    .filter(Boolean);
}

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, ninety: 90 };
const UNIT_SECONDS: [RegExp, number][] = [
  [/^(?:s|secs?|seconds?)$/, 1],
  [/^(?:m|mins?|minutes?)$/, 60],
  [/^(?:h|hrs?|hours?)$/, 3600],
];
const unitSeconds = (word: string | undefined) => (word === undefined ? undefined : UNIT_SECONDS.find(([re]) => re.test(word))?.[1]);

/** "5 minutes" → 300s, "90s" → 90s, "an hour" → 3600s; "a second tab" stays an ordinal. */
function durations(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const attached = /^(\d+(?:\.\d+)?)([a-z]+)$/.exec(token);
    const attachedUnit = unitSeconds(attached?.[2]);
    if (attached && attachedUnit !== undefined) {
      out.push(`${Math.round(Number(attached[1]) * attachedUnit)}s`);
      continue;
    }
    const digits = /^\d+(?:\.\d+)?$/.test(token);
    const amount = digits ? Number(token) : NUMBER_WORDS[token];
    const next = tokens[i + 1];
    const unit = unitSeconds(next);
    if (amount !== undefined && unit !== undefined && (digits || (next !== 'second' && next!.length > 3))) {
      out.push(`${Math.round(amount * unit)}s`);
      i++;
      continue;
    }
    out.push(token);
  }
  return out;
}

/** Verb forms to their stem: "logged" is handled with its particle, the rest here. */
const STEMS = [
  'open', 'reload', 'refresh', 'enter', 'type', 'wait', 'upgrade', 'update', 'migrate', 'enable', 'subscribe', 'reset', 'request', 'arrive', 'create',
  'close', 'visit', 'navigate', 'switch', 'reuse', 'replay', 'complete', 'click', 'follow', 'restart', 'stop', 'break', 'reject', 'refuse', 'accept',
  'expire', 'receive', 'send', 'submit', 'scan', 'choose', 'set', 'use', 'try', 'bounce', 'fail', 'work', 'come', 'get', 'change', 'restore', 'repair',
  'fix', 'press', 'hit', 'load', 'check', 'activate', 'configure', 'turn', 'add', 'register', 'enrol', 'enroll', 'keep', 'stay', 'remain', 'leave',
  'return', 'authenticate', 'appear', 'show', 'capture', 'copy', 'paste', 'inject', 'plant', 'deliver', 'land', 'pass', 'crash', 'disable', 'drift',
  'launch', 'start', 'go', 'idle', 'sleep', 'pause', 'shut', 'kill', 'notify', 'alert', 'finish', 'save', 'pick', 'tap', 'upsert',
];
const IRREGULAR: Record<string, string> = { came: 'come', got: 'get', gotten: 'get', sent: 'send', chose: 'choose', chosen: 'choose', went: 'go', gone: 'go', goes: 'go', tried: 'try', tries: 'try', kept: 'keep', left: 'leave', expiry: 'expire', expiration: 'expire', expiring: 'expire', shows: 'show', shown: 'show' };

function stem(word: string): string {
  if (IRREGULAR[word]) return IRREGULAR[word]!;
  for (const s of STEMS) {
    if (word === s) return s;
    const base = s.endsWith('e') ? s.slice(0, -1) : s;
    const last = s.at(-1)!;
    if (new RegExp(`^(?:${s}|${base})(?:s|es|ed|d|ing|${last}ed|${last}ing|ation)$`).test(word)) return s;
    if (s.endsWith('y') && new RegExp(`^${s.slice(0, -1)}i(?:es|ed)$`).test(word)) return s;
  }
  return word;
}

/** Words that carry no step: articles, pronouns, "the user", politeness. */
const FILLERS = new Set(['a', 'an', 'the', 'user', 'users', 'i', 'im', 'ive', 'me', 'my', 'mine', 'we', 'us', 'our', 'you', 'your', 'their', 'they', 'he', 'she', 'his', 'her', 'its', 'please', 'now', 'just', 'simply', 'also', 'this', 'that', 'some', 'successfully', 'should', 'will', 'would', 'can', 'could', 'must', 'then', 'first', 'immediately', 'quickly']);
/** Fillers that mean something before a neighbour ("first tab"). */
const KEEP_BEFORE: Record<string, RegExp> = { first: /^(?:tab|window|browser)$/ };

/** The synonym table: phrases (after stemming) to the words the readings below look for. Order matters. */
const PHRASES: [RegExp, string][] = [
  [/\b(?:identity provider|idp|sso|single sign (?:on|in)|openid connect|openid|oidc|keycloak|authentik|authelia|pocket id|zitadel|dex)\b/g, 'idp'],
  // A state ("is still logged in") before the action ("log in").
  [/\b(is|am|are|was|were|be|been|stay|remain|still|appear|show|not|no longer)\s+(?:still\s+)?(?:sign|log)(?:ged|ed)\s*(?:in|on)\b/g, '$1 sessionalive'],
  [/\b(is|am|are|was|were|be|been|stay|remain|still|appear|show|not|no longer)\s+(?:still\s+)?(?:sign|log)(?:ged|ed)\s*(?:out|off)\b/g, '$1 sessionended'],
  [/\b(?:sign|log)(?:s|ed|ged|ing|ging)?\s*(?:in|on)(?:\s*to)?\b|\bauthenticate\b/g, 'sign in'],
  [/\b(?:sign|log)(?:s|ed|ged|ing|ging)?\s*(?:out|off)(?:\s*of)?\b/g, 'sign out'],
  [/\b(?:e mails?|emails?|mails?|messages?)\b/g, 'mail'],
  [/\b(?:smtp|mail|outgoing mail)\s+(?:server|relay|service|host)s?\b|\bsmtp\b|\bmailer\b|\bmailpit\b/g, 'smtp'],
  [/\b(?:2fa|mfa|tfa|totp|otp|two factor(?: authentication| auth)?|2 factor(?: authentication)?|second factor|multi factor(?: authentication)?|one time (?:password|code)s?|(?:google )?authenticator(?: app)?)\b/g, 'totp'],
  [/\b(?:verification|security|auth|authentication|6 digit|totp)\s+codes?\b/g, 'totp code'],
  [/\b(?:(?:new|another|second|other|separate)\s+)?(?:private|incognito|inprivate)(?:\s+browsing)?(?:\s+(?:window|tab|mode|session|browser))?\b/g, 'private window'],
  [/\b(?:another|different|second|other|new|2nd|separate|fresh|clean)\s+(?:web\s+)?browser(?:\s+(?:window|instance|session|profile))?\b|\b(?:another|different|second|other|separate|2nd)\s+(?:device|computer|machine|laptop|phone|pc)\b/g, 'new browser'],
  [/\b(?:another|different|second|other|new|2nd|separate|duplicate)\s+(?:browser\s+)?(?:tab|window)\b|\b(?:tab|window)\s+(?:2|two|b)\b/g, 'second tab'],
  [/\b(?:first|original|1st|old|initial|previous|main)\s+(?:browser\s+)?(?:tab|window|browser)\b|\b(?:tab|window)\s+(?:1|one)\b/g, 'first tab'],
  [/\b(?:forward auth|forwardauth|auth proxy|authentication proxy|reverse proxy|oauth2 proxy|oauth proxy|proxy provider|outpost|proxy)\b/g, 'proxy'],
  [/\bpassword\s+reset\b|\breset\s+(?:of\s+)?password\b|\bforgot(?:ten)?\s+password\b|\b(?:recover|lost)\s+password\b|\bpassword\s+recovery\b/g, 'password reset'],
  [/\b(?:refresh|renew)\s+(?:access\s+|auth\s+|api\s+|jwt\s+|bearer\s+|session\s+)?token\b|\btoken\s+(?:refresh|renewal|renew)\b|\bauth\s+refresh\b/g, 'token refresh'],
  [/\b(?:access|bearer|api|jwt|auth|id)\s+token\b|\bjwt\b/g, 'token'],
  [/\b(?:reload|(?<!token )refresh|f5|hard reload)\b/g, 'reload'],
  [/\b(?:real time|realtime|live updates?|websockets?|web sockets?|sse|server sent events|event ?stream|subscription)\b/g, 'realtime'],
  [/\b(?:command line|cli|console command|docker exec|terminal)\b/g, 'cli'],
  [/\b(?:superuser|administrator|admin user|admin account|admin)\b/g, 'admin'],
  [/\b(?:web ?app|application|site|website|homepage|home page|dashboard|ui|web ui|page|start page|main page|front page|settings)\b/g, 'app'],
];

/** Lower case, punctuation and fillers out, durations as `90s`, verbs stemmed, synonyms applied. */
export function normalise(raw: string): string {
  let t = ` ${raw.toLowerCase()} `
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”"«»]/g, ' ')
    .replace(/[–—…]/g, ' ')
    .replace(/'s\b/g, '')
    .replace(/'/g, '')
    .replace(/([a-z])-(?=[a-z])/g, '$1 ')
    .replace(/[_/\\]/g, ' ');
  t = t
    .replace(/[^a-z0-9.+\-\s]/g, ' ')
    .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .replace(/-(?!\d)/g, ' ')
    .replace(/\+(?!\d)/g, ' ');
  const words = durations(t.split(/\s+/).filter(Boolean)).map(stem);
  const kept = words.filter((w, i) => !FILLERS.has(w) || (KEEP_BEFORE[w]?.test(words[i + 1] ?? '') ?? false));
  let text = ` ${kept.join(' ')} `;
  for (const [pattern, replacement] of PHRASES) text = text.replace(pattern, replacement);
  return text.replace(/\s+/g, ' ').trim();
}

const PLACES: Record<string, Where> = { 'first tab': 'first-tab', 'second tab': 'second-tab', 'private window': 'private-window', 'new browser': 'new-browser' };
// "sign in in the second tab": the first "in" belongs to "sign in".
const PLACE = /\b(?:(?:(?<!sign )in|on|from|with|using|via|inside|into|within|at|to|of|for|through)\s+)?(first tab|second tab|private window|new browser)\b/g;

type Reading = { id: string; args: StepArgs };

/** One step's words as a step, or undefined. */
function readOne(raw: string): Reading | undefined {
  const text = normalise(raw);
  if (!text) return undefined;
  const places = [...text.matchAll(PLACE)].map((m) => PLACES[m[1]!]!);
  const where = places[0];
  const rest = text.replace(PLACE, ' ').replace(/\s+/g, ' ').trim();
  const has = (re: RegExp) => re.test(rest);
  const seconds = Number(/\b(\d+)s\b/.exec(rest)?.[1] ?? NaN);
  const at = (id: string, args: StepArgs = {}): Reading => {
    // Signing in from a fresh context has steps of its own (they check the first session too).
    if (id === 'sign-in' && (where === 'private-window' || where === 'new-browser')) return { id: `sign-in-${where}`, args: {} };
    return { id, args: where && STEPS[id]!.argument?.kind === 'where' ? { ...args, where } : args };
  };

  // Sessions captured and replayed.
  if (has(/\b(?:replay|reuse|re use|paste|inject|plant|restore)\b.*\b(?:cookie|session|token|storage)s?\b|\b(?:cookie|session|token|storage)s?\b.*\b(?:replay|reuse|re use|paste|inject|plant|restore)\b|\b(?:old|captured|saved|previous|stolen|copied)\s+(?:session|cookie|token)s?\b/)) return at('replay-session');
  // Mail.
  if (has(/\b(?:alert|notify|notification|notif)\b/) && has(/\b(?:sign in|device)\b/)) return at(smtpDown(rest) ? 'login-alert-smtp-down' : 'login-alert');
  if (has(/\bsmtp\b.*\b(?:back|again|restore|fix|repair|recover|up)\b|\b(?:restore|fix|repair|restart|start|bring back)\b.*\bsmtp\b/)) return at('smtp-repaired');
  if (has(/\bsmtp\b.*\b(?:reject|refuse|bounce|550|5\d\d|4\d\d|error|errors)\b/)) return at('smtp-rejecting');
  if (smtpDown(rest)) return at('smtp-down');
  if (has(/\bnew password\b|\bcomplete\b.*\bpassword reset\b|\bfinish\b.*\bpassword reset\b/) && !has(/\bsign in\b/)) return at('complete-password-reset');
  if (has(/\b(?:open|click|follow|visit|use|press|tap)\b.*\blink\b/)) return at('open-reset-link');
  if (has(/\bpassword reset\b|\breset\s+(?:mail|link)\b|\bforgot\b/)) return at('request-password-reset');
  if (has(/\bmail\b.*\b(?:arrive|come|receive|get|deliver|inbox|land)\b|\b(?:receive|get|check)\b.*\bmail\b/)) return at('mail-arrives');
  // TOTP and the clock.
  if (has(/\bclock\b|\bntp\b|\b(?:server|system|host)\s+time\b|\btime\s+(?:skew|drift|offset)\b|\bskew\b|\bdrift\b/) && seconds > 0) {
    return at(has(/\b(?:ahead|fast|early|future)\b/) ? 'server-clock-ahead' : 'server-clock-behind', { seconds });
  }
  if (!has(/\bauthori[sz]ation code\b/)) {
    if (has(/\b(?:code|totp)\b.*\bagain\b|\b(?:same|used|reuse|replay)\b.*\bcode\b/)) return at('totp-code-again');
    if (has(/\b(?:enable|set up|setup|set|turn on|switch on|activate|configure|enroll|enrol|register|add|scan)\b.*\btotp\b|\btotp\b.*\b(?:enable|on|activate|enroll|enrol|configure|set up|setup)\b|\bscan\b.*\bqr\b/)) return at('enroll-totp');
    if (has(/\bsign in\b.*\b(?:totp|code)\b|\btotp\b.*\bsign in\b/)) return at('totp-sign-in');
    if (has(/\bcode\b/)) return at('totp-code', { offset: codeOffset(rest) });
  }
  // Upgrades and the admin CLI.
  if (has(/\bcli\b|\badmin\s+(?:create|upsert|update)\b/)) return at(has(/\b(?:update|upsert|reset|change|set|password)\b/) ? 'admin-cli-update' : 'admin-cli-create');
  const version = /^v?\d+(?:\.\d+)*(?:[-+][\w.]+)?$/;
  if (has(/\b(?:upgrade|migrate)\b/) || (has(/\bupdate\b/) && rest.split(' ').some((w) => version.test(w) && w.includes('.')))) {
    const from = /\bfrom\s+(?:version\s+)?(v?\d[\w.+-]*)/.exec(rest)?.[1];
    const to = /\bto\s+(?:version\s+)?(v?\d[\w.+-]*)/.exec(rest)?.[1] ?? (from ? undefined : /\b(?:upgrade|update|migrate)\s+(?:version\s+)?(v?\d[\w.+-]*)/.exec(rest)?.[1]);
    return at('upgrade', { ...(from && { from }), ...(to && { to }) });
  }
  // Realtime, the forward-auth proxy, OpenID Connect, tokens.
  if (has(/\brealtime\b|\bsubscribe\b/)) return at('realtime-subscribe');
  if (has(/\bsign out\b.*\bproxy\b|\bproxy\b.*\bsign out\b/)) return at('proxy-sign-out');
  if (has(/\bproxy\b.*\bexpire\b|\bexpire\b.*\bproxy\b/)) return at('proxy-session-expires');
  if (has(/\bbackground\b|\bxhr\b|\bfetch\b|\bajax\b|\bapi (?:call|request)s?\b|\boffline\b/)) return at('proxy-background-request');
  if (has(/\bsign in\b.*\bproxy\b|\bproxy\b.*\bsign in\b/)) return at('proxy-sign-in');
  if (has(/\bsign in\b.*\bidp\b|\bidp\b.*\bsign in\b/)) return at('oidc-rp-sign-in');
  if (has(/\bsession\b.*\bexpire\b|\bexpire\b.*\bsession\b|\b(?:stay|keep|remain)\b.*\b(?:expire|lifetime)\b|\btoken\b.*\bexpire\b.*\b(?:browser|app|use|active|sessionalive|sessionended|sign out)\b/)) return at('session-refresh');
  if (has(/\btoken\b.*\bexpire\b|\bexpire\b.*\btoken\b/)) return at('token-expires');
  if (has(/\btoken refresh\b/)) return at('token-refresh');
  // Signing in and out, tabs and windows.
  if (where && has(/^(?:(?:open|launch|start|use|new|bring up)\b.*)?$/)) return { id: OPEN[where], args: where === 'first-tab' ? { where } : {} };
  if (where && has(/^(?:switch|go|back|return|focus)\b/)) return { id: 'switch-to', args: { where } };
  if (has(/\bstill\b.*\bsign in\b|\bpassword\b.*\bstill\b.*\bwork\b/)) return at('still-signs-in');
  if (has(/\bsessionalive\b|\bsessionended\b|\b(?:open|visit|go|navigate|load|access|view|check|browse|return)\b.*\bapp\b/)) return at('open-app');
  if (has(/\bsign out\b/)) return at('sign-out');
  if (has(/\bsign in\b/)) return at('sign-in');
  if (has(/\breload\b/)) return at('reload');
  if (seconds > 0 && has(/\b(?:wait|idle|later|pass|leave|after|sleep|pause)\b/)) return at('wait', { seconds });
  return undefined;
}

const OPEN: Record<Where, string> = { 'first-tab': 'switch-to', 'second-tab': 'open-second-tab', 'private-window': 'open-private-window', 'new-browser': 'open-new-browser' };

function smtpDown(text: string): boolean {
  return (
    /\bsmtp\b.*\b(?:down|stop|unreachable|unavailable|offline|missing|broken|dead|fail|crash|disable|off|gone|kill|shut)\b|\bsmtp\b.*\bnot\s+(?:configure|set up|setup|set|enable|work|run|reachable|available)\b/.test(text) ||
    /\b(?:without|no)\s+smtp\b|\b(?:stop|kill|break|disable|turn off|shut down|shut|take down)\s+smtp\b/.test(text) ||
    /\bmail\b.*\b(?:cant|cannot|can not|not|fail|never)\b.*\bsend\b/.test(text)
  );
}

/** "the previous code" → -1, "the next code" → +1, "a code 2 steps old" → -2, "from 30 s ago" → -1 (30-s steps). */
function codeOffset(text: string): number {
  const steps = /([+-]?\d+)\s*steps?\s*(ago|old|behind|back|earlier|ahead|later|early|future|forward)?/.exec(text);
  if (steps) {
    const n = Number(steps[1]);
    return /^(?:ago|old|behind|back|earlier)$/.test(steps[2] ?? '') ? -Math.abs(n) : steps[2] ? Math.abs(n) : n;
  }
  const offset = /\b(?:offset|step)\s*([+-]?\d+)\b/.exec(text);
  if (offset) return Number(offset[1]);
  const time = /\b(\d+)s\s*(ago|old|behind|back|earlier|ahead|later|early|future|forward)\b/.exec(text);
  if (time) return Math.round(Number(time[1]) / 30) * (/^(?:ago|old|behind|back|earlier)$/.test(time[2]!) ? -1 : 1);
  if (/\b(?:previous|last|old|older|earlier|expired|stale)\b/.test(text)) return -1;
  if (/\bnext\b/.test(text)) return 1;
  return 0;
}
