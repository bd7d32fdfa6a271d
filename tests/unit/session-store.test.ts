/** Planted sessions follow the store's format; reading one gives back the token inside it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext } from '@playwright/test';
import { localStorageSession } from '../../fixtures/session-store.ts';

/** A browser context double: records init scripts, serves a fixed localStorage. */
function contextHolding(stored: Record<string, string>) {
  const planted: unknown[] = [];
  const context = {
    addInitScript: async (_script: unknown, arg: unknown) => void planted.push(arg),
    storageState: async () => ({ cookies: [], origins: [{ origin: 'http://app.localhost:8080', localStorage: Object.entries(stored).map(([name, value]) => ({ name, value })) }] }),
  } as unknown as BrowserContext;
  return { context, planted };
}

describe('localStorageSession', () => {
  it('plants and reads a bare token where the app keeps one', async () => {
    const { context, planted } = contextHolding({ token: 'abc' });
    const store = localStorageSession('token');
    await store.plant(context, 'http://app.localhost:8080', 'planted');
    assert.deepEqual(planted, [['token', 'planted']]);
    assert.equal(await store.read(context, 'http://app.localhost:8080/x'), 'abc');
  });

  it('plants a JSON envelope with the token at its path, and reads the token out of the app’s envelope', async () => {
    const { context, planted } = contextHolding({ auth: JSON.stringify({ session: { token: 'real-token' }, record: { id: 1 } }) });
    const store = localStorageSession('auth', { tokenPath: 'session.token' });
    await store.plant(context, 'http://app.localhost:8080', 'planted');
    assert.deepEqual(planted, [['auth', '{"session":{"token":"planted"}}']]);
    assert.equal(await store.read(context, 'http://app.localhost:8080'), 'real-token');
    assert.match(store.description, /localStorage 'auth' \(JSON, token at session\.token\)/);
  });

  it('reads nothing from a value that is not the declared envelope', async () => {
    const { context } = contextHolding({ auth: 'not json' });
    assert.equal(await localStorageSession('auth', { tokenPath: 'token' }).read(context, 'http://app.localhost:8080'), undefined);
  });
});
