/** A check that runs out of time is diagnosed by what it was waiting for, not only "timed out"; one the machine disturbed says so. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NETWORK_CHANGE_ANNOTATION, TIMEOUT_CAUSE_ANNOTATION, timeoutCause } from '../../fixtures/timeout-cause.ts';
import { diagnosisOf } from '../../fixtures/verdicts/diagnosis.ts';

describe('the diagnosis of a check that ran out of time', () => {
  it("names Playwright's waiting action, its call log, and what was pending", () => {
    const cause = timeoutCause({
      pages: ['http://keycloak.localhost:8080/realms/authconf/login-actions/reset-credentials'],
      requests: ['POST http://keycloak.localhost:8080/realms/authconf/login-actions/reset-credentials (no answer for 118 s)'],
      services: ["service 'mail' is paused"],
    });
    const diagnosis = diagnosisOf({
      status: 'timedOut',
      duration: 121_734,
      timeout: 120_000,
      errors: [
        { message: 'Test timeout of 120000ms exceeded.' },
        { message: 'Error: locator.click: Test timeout of 120000ms exceeded.\nCall log:\n  - waiting for navigation to finish...\n' },
      ],
      annotations: [{ type: TIMEOUT_CAUSE_ANNOTATION, description: cause }],
    });
    assert.equal(
      diagnosis,
      "The check ran out of time after 120 s while locator.click was waiting (waiting for navigation to finish...): service 'mail' is paused (it stopped answering); " +
        'still waiting for an answer to POST http://keycloak.localhost:8080/realms/authconf/login-actions/reset-credentials (no answer for 118 s); ' +
        'the browser was at http://keycloak.localhost:8080/realms/authconf/login-actions/reset-credentials. The screenshot and the container logs show the moment it stopped.',
    );
  });

  it('names the time limit, not the duration that also counts the teardown', () => {
    assert.match(diagnosisOf({ status: 'timedOut', duration: 26_400, timeout: 25_000, errors: [{ message: 'Test timeout of 25000ms exceeded.' }] }), /^The check ran out of time after 25 s\./);
  });

  it('still says how long it ran when nothing else is known', () => {
    assert.equal(diagnosisOf({ status: 'timedOut', duration: 2_600, errors: [{ message: 'Test timeout of 2500ms exceeded.' }] }), 'The check ran out of time after 3 s. The screenshot and the container logs show the moment it stopped.');
  });
});

describe('the diagnosis of a check whose requests the machine dropped', () => {
  const dropped = 'the browser dropped 7 request(s) (GET http://actual-oidc.localhost:43629/data/migrations/1612625548236_optimize.sql, …) with net::ERR_NETWORK_CHANGED: an address on this machine appeared or went meanwhile';

  it("follows the check's own diagnosis, whichever way it failed", () => {
    const annotations = [{ type: NETWORK_CHANGE_ANNOTATION, description: dropped }];
    const failure = { stack: 'CheckFailure: Signing in did not sign in.', message: 'CheckFailure: Signing in did not sign in.' };
    assert.equal(diagnosisOf({ status: 'failed', duration: 1_000, errors: [failure], annotations }), `Signing in did not sign in. Meanwhile ${dropped}.`);
    assert.match(diagnosisOf({ status: 'failed', duration: 1_000, errors: [{ message: 'Error: no button' }], annotations }), /^The check could not complete: Error: no button Meanwhile the browser dropped 7 request/);
    assert.match(diagnosisOf({ status: 'timedOut', duration: 2_600, errors: [{ message: 'Test timeout of 2500ms exceeded.' }], annotations }), /moment it stopped\. Meanwhile the browser dropped/);
  });

  it('is absent when nothing was dropped', () => {
    assert.equal(diagnosisOf({ status: 'failed', duration: 1_000, errors: [{ message: 'Error: no button' }] }), 'The check could not complete: Error: no button');
  });
});
