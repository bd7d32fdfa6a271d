/**
 * Picks the image reference a service runs from, by image mode:
 * - `upstream`: pull the upstream image (fails clearly when no registry answers);
 * - `local`: build from package registries (cached by recipe fingerprint);
 * - `auto`: upstream when present or pullable, otherwise local.
 *
 * Upstream names go through Testcontainers' registry prefix
 * (`TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX`, e.g. a company mirror `registry.example/hub/`)
 * as every image Testcontainers pulls does.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ImageName } from 'testcontainers';
import { fingerprintOf, imageExists, imageLabel, RECIPE_LABEL, type ImageRecipe } from './recipe.ts';
import type { Progress } from './progress.ts';

const exec = promisify(execFile);

/** The repository prefix of every locally built image. */
export const LOCAL_REGISTRY = 'authconf-local';

export type ImageMode = 'local' | 'upstream' | 'auto';

export class ImageUnavailableError extends Error {
  override name = 'ImageUnavailableError';
}

export async function resolveImage(recipe: ImageRecipe, mode: ImageMode, progress: Progress): Promise<string> {
  // A recipe whose "upstream" is a local name has nothing to pull (an instrument of authconf's
  // own such as the hostile OpenID provider, a declarative service with only a local recipe):
  // it is built in every mode.
  if (mode !== 'local' && !recipe.upstreamRef.startsWith(`${LOCAL_REGISTRY}/`)) {
    const upstream = pullableName(recipe.upstreamRef);
    if (await imageExists(upstream)) return upstream;
    const refused = await tryPull(upstream, progress);
    if (refused === undefined) return upstream;
    if (mode === 'upstream') {
      throw new ImageUnavailableError(`cannot pull ${upstream}: ${refused}. Use AUTHCONF_IMAGE_MODE=local or auto to build it from the package registries instead.`);
    }
  }
  await ensureLocalImage(recipe, progress);
  return runnableLocalName(recipe.localRef);
}

/** The name an upstream image is pulled by: Testcontainers' registry prefix applied. */
export function pullableName(upstreamRef: string): string {
  return ImageName.fromString(upstreamRef).string;
}

/**
 * A locally built image's name in a form Testcontainers leaves alone: with a registry prefix
 * set it would prefix `authconf-local/x` too and pull it; `docker.io/authconf-local/x` names
 * the same local image (Docker's normalized name) and carries a registry already.
 */
function runnableLocalName(localRef: string): string {
  return process.env.TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX ? `docker.io/${localRef}` : localRef;
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

/** Pulls `ref`; undefined when it worked, else Docker's reason in its own words. */
async function tryPull(ref: string, progress: Progress): Promise<string | undefined> {
  progress(`pulling ${ref}`);
  const started = Date.now();
  try {
    await exec('docker', ['pull', '--quiet', ref], { timeout: 300_000 });
    progress(`pulled ${ref} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return undefined;
  } catch (error) {
    const reason = String((error as { stderr?: string }).stderr ?? error).trim().split('\n').at(-1)!.replace(/^Error response from daemon: /, '');
    progress(`cannot pull ${ref}: ${reason}`);
    return reason;
  }
}
