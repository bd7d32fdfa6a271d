/**
 * Picks the image reference a service runs from, by image mode:
 * - `upstream`: pull the upstream image (fails clearly when no registry answers);
 * - `local`: build from package registries (cached by recipe fingerprint);
 * - `auto`: upstream when present or pullable, otherwise local.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fingerprintOf, imageExists, imageLabel, RECIPE_LABEL, type ImageRecipe } from './recipe.ts';
import type { Progress } from './progress.ts';

const exec = promisify(execFile);

export type ImageMode = 'local' | 'upstream' | 'auto';

export class ImageUnavailableError extends Error {
  override name = 'ImageUnavailableError';
}

export async function resolveImage(recipe: ImageRecipe, mode: ImageMode, progress: Progress): Promise<string> {
  if (mode !== 'local') {
    if (await imageExists(recipe.upstreamRef)) return recipe.upstreamRef;
    const pulled = await tryPull(recipe.upstreamRef, progress);
    if (pulled) return recipe.upstreamRef;
    if (mode === 'upstream') {
      throw new ImageUnavailableError(
        `cannot pull ${recipe.upstreamRef} (no container registry reachable?); use AUTHCONF_IMAGE_MODE=local or auto to build it locally`,
      );
    }
  }
  await ensureLocalImage(recipe, progress);
  return recipe.localRef;
}

/** Builds in progress, by image: services resolved side by side share their base's build. */
const building = new Map<string, Promise<void>>();

/** Builds the recipe (and its bases) unless an image with the same fingerprint exists. */
export function ensureLocalImage(recipe: ImageRecipe, progress: Progress): Promise<void> {
  let pending = building.get(recipe.localRef);
  if (!pending) {
    pending = buildUnlessCurrent(recipe, progress).finally(() => building.delete(recipe.localRef));
    building.set(recipe.localRef, pending);
  }
  return pending;
}

async function buildUnlessCurrent(recipe: ImageRecipe, progress: Progress): Promise<void> {
  for (const base of recipe.dependsOn) await ensureLocalImage(base, progress);
  const fingerprint = fingerprintOf(recipe);
  const current = await imageLabel(recipe.localRef, RECIPE_LABEL);
  if (current === fingerprint) return;
  progress(current === undefined ? `building ${recipe.localRef}` : `recipe changed, rebuilding ${recipe.localRef}`);
  const started = Date.now();
  // Compilers can be silent for minutes: say that the build is alive.
  const heartbeat = setInterval(() => progress(`still building ${recipe.localRef} (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  try {
    await recipe.build(progress, fingerprint);
  } finally {
    clearInterval(heartbeat);
  }
  progress(`built ${recipe.localRef} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function tryPull(ref: string, progress: Progress): Promise<boolean> {
  progress(`pulling ${ref}`);
  try {
    await exec('docker', ['pull', '--quiet', ref], { timeout: 300_000 });
    return true;
  } catch (error) {
    const reason = String((error as { stderr?: string }).stderr ?? error).trim().split('\n').at(-1);
    progress(`cannot pull ${ref}: ${reason}`);
    return false;
  }
}
