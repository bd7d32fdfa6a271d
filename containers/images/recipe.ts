/**
 * How an image is obtained in both modes. `upstream` is the image users pull; `local` is a
 * recipe that builds an image honouring the same contract (entrypoint, ports, env, data
 * path) from package registries alone, so one service definition serves both modes.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Progress } from './progress.ts';

const exec = promisify(execFile);

/** Label carrying a recipe's fingerprint: an image whose label differs is rebuilt. */
export const RECIPE_LABEL = 'authconf.recipe';

export interface ImageRecipe {
  /** Reference of the locally built image, e.g. `authconf-local/mailpit:v1.33.1`. */
  readonly localRef: string;
  /** Reference of the upstream image with the same contract, e.g. `axllent/mailpit:v1.33.1`. */
  readonly upstreamRef: string;
  /** Recipes this one builds on (built first). */
  readonly dependsOn: readonly ImageRecipe[];
  /** Everything that determines the built image; a change of any part rebuilds it. */
  readonly definition: string;
  build(progress: Progress, fingerprint: string): Promise<void>;
}

export function fingerprintOf(recipe: ImageRecipe): string {
  const hash = createHash('sha256').update(recipe.definition);
  for (const base of recipe.dependsOn) hash.update(fingerprintOf(base));
  return hash.digest('hex').slice(0, 16);
}

export async function imageLabel(ref: string, label: string): Promise<string | undefined> {
  try {
    const { stdout } = await exec('docker', ['image', 'inspect', '--format', `{{ index .Config.Labels "${label}" }}`, ref]);
    return stdout.trim();
  } catch {
    return undefined; // no such image
  }
}

export async function imageExists(ref: string): Promise<boolean> {
  return (await imageLabel(ref, RECIPE_LABEL)) !== undefined;
}
