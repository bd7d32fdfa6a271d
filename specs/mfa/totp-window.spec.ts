import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const MFA_TOTP_WINDOW = check('MFA-TOTP-WINDOW');
const OFFSETS = [-2, -1, 0, 1, 2];

test('codes for step offsets -2..+2, each on a fresh sign-in', MFA_TOTP_WINDOW, async ({ page, target, account, totpSignIn }) => {
  test.setTimeout(180_000);
  const totp = await totpSignIn.enroll(page, account);
  const declared = target.profile.totp?.window ?? 1;

  // Ascending, so an app that refuses steps older than the last one used still gets a fair test.
  const accepted: number[] = [];
  for (const offset of OFFSETS) {
    const prompt = await totpSignIn.atCodePrompt(account);
    const code = await totp.codeAt(offset);
    let ok = await totpSignIn.tryCode(prompt, code);
    if (!ok && !totp.stillInStepOf(code)) {
      // Answered only after the step it was made for had ended: the offset was not what the server saw. Once more.
      verdict.note(`the code for offset ${offset} was refused after its step had ended (a slow answer): tried again with a fresh one`);
      ok = await totpSignIn.tryCode(prompt, await totp.codeAt(offset));
    }
    if (!ok && Math.abs(offset) === 1) {
      // A refused neighbour is a finding (WARN): it must hold on a second sign-in before it is reported.
      verdict.note(`the code for offset ${offset} was refused: tried once more, on a fresh sign-in`);
      ok = await totpSignIn.tryCode(await totpSignIn.atCodePrompt(account), await totp.codeAt(offset));
    }
    if (ok) accepted.push(offset);
  }
  const shown = accepted.map((o) => (o > 0 ? `+${o}` : String(o))).join(', ') || 'none';
  verdict.note(`accepted offsets: ${shown} (declared window ±${declared}: ${target.profile.totp?.source ?? 'not declared'})`);

  verdict.require(
    accepted.includes(0),
    `The code for the current step was refused; accepted offsets: ${shown}. ` +
      (accepted.length ? `The accepted ones lie ${accepted[0]! < 0 ? 'behind' : 'ahead of'} the runner's clock: the server's clock is off (see MFA-CLOCK-SKEW).` : 'No offset in -2..+2 worked.'),
  );
  const beyond = accepted.filter((o) => Math.abs(o) > declared);
  verdict.require(beyond.length === 0, `Codes ${beyond.join(', ')} steps away were accepted although the app declares a window of ±${declared}: a stolen old code lives longer than stated.`);
  const refusedNeighbours = [-1, 1].filter((o) => !accepted.includes(o));
  if (refusedNeighbours.length) {
    verdict.warn(`Codes one step away (${refusedNeighbours.join(', ')}) were refused; RFC 6238 §5.2 recommends accepting one step of drift, or users with a slightly slow phone are locked out.`);
  }
});
