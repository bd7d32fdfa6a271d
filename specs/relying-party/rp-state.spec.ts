import { check } from '../../fixtures/checks.ts';
import { judgeRefusals } from '../../fixtures/hostile-provider.ts';
import { test } from '../../fixtures/index.ts';

const RP_STATE = check('RP-STATE');

test('an authorization response whose state the relying party never sent, or without one, is refused', RP_STATE, async ({ hostileProvider, freshContext }) => {
  await judgeRefusals(hostileProvider, () => freshContext('private-window'), [
    {
      bend: 'state-other',
      what: 'an authorization response carrying a state it never sent (as a login CSRF delivers another browser\'s code)',
      rule: 'RFC 6749 §10.12: the client MUST bind the response to the browser that started the sign-in (state, or PKCE) and refuse others (ASVS v5.0.0-10.1.2).',
    },
    {
      bend: 'state-missing',
      what: 'an authorization response without the state it sent',
      rule: 'RFC 6749 §4.1.2: state is REQUIRED in the response when the request had one; a response without it is not bound to this browser (ASVS v5.0.0-10.1.2).',
    },
  ]);
});
