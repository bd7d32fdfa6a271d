/**
 * Relying parties that are test doubles (our own helper's unit test: no system under test is
 * imitated here): each check gets canned sign-in outcomes and must grade them as the RP-*
 * checks do on real relying parties.
 */
import { test } from '@playwright/test';
import { check } from '../../../fixtures/checks.ts';
import { gradeRefusals, type Bend, type HostileRelyingParty, type Misbehaviour, type SignInOutcome } from '../../../fixtures/hostile-provider.ts';

const rp = (name: string): HostileRelyingParty => ({
  name,
  baseUrl: 'http://rp.localhost:1',
  startSignIn: async () => undefined,
  hasSession: async () => false,
  logSince: () => '',
});

/** Signed in with these bends (null: the provider behaving), refused with the others. */
const acceptsOnly = (...accepted: (Bend | null)[]) => async (_rp: HostileRelyingParty, bend: Bend | null): Promise<SignInOutcome> => ({
  signedIn: accepted.includes(bend),
  callbackStatus: accepted.includes(bend) ? 302 : 500,
  endedAt: accepted.includes(bend) ? 'http://rp.localhost:1/' : 'http://rp.localhost:1/callback',
  shown: '',
  requests: [{ at: 0, endpoint: 'authorization', clientId: 'c', nonce: false, state: true, pkce: true }],
  complaints: accepted.includes(bend) ? [] : ['token verification failed'],
});

const ISSUER: Misbehaviour = { bend: 'issuer-other', what: 'an ID token of another issuer', rule: 'The issuer MUST match.' };
const EXTRA_AUDIENCE: Misbehaviour = { bend: 'audience-extra', what: 'an extra audience', rule: 'Only recommended.', acceptedIs: 'WARN' };
const USERINFO: Misbehaviour = { bend: 'userinfo-sub-other', what: 'UserInfo about another user', rule: 'MUST NOT be used.', unusable: () => ({ reason: 'it never asks UserInfo', grade: 'SKIP' }) };
const NONCE: Misbehaviour = { bend: 'nonce-other', what: 'another nonce', rule: 'MUST match.', unusable: () => ({ reason: 'it sends no nonce', grade: 'FAIL' }) };

test('refusing every bend PASSes', check('RP-IDTOKEN-ISS'), async () => {
  await gradeRefusals([rp('one'), rp('two')], acceptsOnly(null), [ISSUER]);
});

test('one of two relying parties accepting a MUST-refuse bend FAILs, naming it', check('RP-IDTOKEN-SIGNATURE'), async () => {
  await gradeRefusals([rp('strict'), rp('lax')], (party, bend) => acceptsOnly(null, ...(party.name === 'lax' ? (['issuer-other'] as const) : []))(party, bend), [ISSUER]);
});

test('accepting a SHOULD-refuse bend WARNs', check('RP-IDTOKEN-AUD'), async () => {
  await gradeRefusals([rp('one')], acceptsOnly(null, 'audience-extra'), [EXTRA_AUDIENCE]);
});

test('a bend that cannot apply to any relying party SKIPs with the reason', check('RP-USERINFO-SUB'), async () => {
  await gradeRefusals([rp('one')], acceptsOnly(null), [USERINFO]);
});

test('a missing piece that is itself the finding FAILs once, however many bends need it', check('RP-NONCE'), async () => {
  await gradeRefusals([rp('one')], acceptsOnly(null), [NONCE, { ...NONCE, bend: 'nonce-missing' }]);
});

test('a relying party that does not sign in with the provider behaving FAILs: its refusals prove nothing', check('RP-STATE'), async () => {
  await gradeRefusals([rp('broken')], acceptsOnly(), [{ bend: 'state-other', what: 'another state', rule: 'MUST refuse.' }]);
});
