/** `docker build` of a Dockerfile in a scratch context folder that `prepare` may fill first. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RECIPE_LABEL, type ImageRecipe } from './recipe.ts';
import { runStreaming, type Progress } from './progress.ts';

export interface ScratchContextImage {
  /**
   * What the recipe is made from; part of the fingerprint with the Dockerfile. The local
   * image is `authconf-local/NAME:VERSION`.
   */
  spec: { name: string; version: string; upstreamRef: string };
  base: ImageRecipe;
  /** Dockerfile lines between `FROM base` and the fingerprint label. */
  lines: string[];
  /** Fills the context with what the lines COPY. */
  prepare(context: string, progress: Progress): Promise<void>;
}

/** A recipe built from files prepared on the host, on top of a base recipe. */
export function scratchContextImage(image: ScratchContextImage): ImageRecipe {
  const dockerfile = (fingerprint: string) =>
    [`FROM ${image.base.localRef}`, ...image.lines, `LABEL ${RECIPE_LABEL}=${fingerprint} org.opencontainers.image.version=${image.spec.version}`].join('\n');
  return {
    localRef: `authconf-local/${image.spec.name}:${image.spec.version}`,
    upstreamRef: image.spec.upstreamRef,
    dependsOn: [image.base],
    definition: JSON.stringify({ spec: image.spec, dockerfile: dockerfile('') }),
    async build(progress: Progress, fingerprint: string) {
      await buildInScratchContext(this.localRef, progress, async (context) => {
        await image.prepare(context, progress);
        return dockerfile(fingerprint);
      });
    },
  };
}

export async function buildInScratchContext(
  ref: string,
  progress: Progress,
  prepare: (context: string) => Promise<string>,
): Promise<void> {
  const context = await mkdtemp(path.join(tmpdir(), 'authconf-image-'));
  try {
    const dockerfile = await prepare(context);
    await writeFile(path.join(context, 'Dockerfile'), dockerfile);
    progress(`docker build → ${ref}`);
    // The classic builder: it is what Debian's docker.io (20.10) has without buildx.
    await runStreaming('docker', ['build', '--quiet', '-t', ref, context], progress, { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

export interface VersionedImageSpec {
  /** Short name, used in the local image reference. */
  name: string;
  version: string;
  upstreamRef: string;
  /** Dockerfile lines after FROM and COPY: ENV, USER, EXPOSE, ENTRYPOINT ... */
  contract: string[];
}

/**
 * A recipe for `authconf-local/NAME:VERSION`: FROM `base`, one COPY of what `prepare` put
 * into the build context, then the upstream contract.
 */
export function versionedImage(
  spec: VersionedImageSpec,
  base: ImageRecipe,
  copy: string,
  prepare: (context: string, progress: Progress) => Promise<void>,
): ImageRecipe {
  return scratchContextImage({ spec, base, lines: [copy, ...spec.contract], prepare });
}
