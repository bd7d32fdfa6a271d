import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dependencyWaves, StackStartError } from '../../containers/stack.ts';

describe('dependencyWaves', () => {
  it('starts independent services together and dependants after them', () => {
    assert.deepEqual(dependencyWaves({ mail: {}, idp: {}, app: { dependsOn: ['mail', 'idp'] }, proxy: { dependsOn: ['app'] } }), [['mail', 'idp'], ['app'], ['proxy']]);
  });

  it('refuses an unknown dependency and a cycle', () => {
    assert.throws(() => dependencyWaves({ app: { dependsOn: ['db'] } }), StackStartError);
    assert.throws(() => dependencyWaves({ a: { dependsOn: ['b'] }, b: { dependsOn: ['a'] } }), /dependency cycle among services: a, b/);
  });
});
