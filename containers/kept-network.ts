/**
 * The Docker network a Playwright worker slot keeps for the whole run, for one stack after
 * another. Docker adds an address to the machine when it creates a network and removes it when
 * it deletes one, and Chromium fails every request then waiting for a connection
 * (net::ERR_NETWORK_CHANGED, no switch turns it off): a worker ending its stack broke the page
 * load of the worker beside it. Kept networks go at the end of the run (global teardown), when
 * no browser is open. A slot's workers never overlap (Playwright starts a slot's next worker
 * once the last one exited, its stack stopped), so a kept network holds one stack at a time.
 */
import { getContainerRuntimeClient, Network, StartedNetwork } from 'testcontainers';
import { networkName } from './labels.ts';

const KEPT = 'kept';

function keptNetworkName(owner: number, slot: number): string {
  return networkName(owner, `worker${slot}`, KEPT);
}

/** Kept networks are expected at the end of a run; other networks left then are leftovers of a stack. */
export function isKeptNetwork(name: string): boolean {
  return name.endsWith(`-${KEPT}`);
}

/** The slot's network: made by the slot's first worker, found again by the workers after it. */
export async function keptNetwork(owner: number, slot: number): Promise<StartedNetwork> {
  const name = keptNetworkName(owner, slot);
  const client = await getContainerRuntimeClient();
  const existing = await client.network.getById(name).inspect().catch(() => undefined);
  if (existing) return new StartedNetwork(client, name, client.network.getById(existing.Id));
  return new Network({ nextUuid: () => name }).start();
}
