/**
 * A local image of Debian packages (nginx, libfaketime, ...): apt inside the Debian base,
 * from the mirror the base was bootstrapped with, plus the upstream image's contract.
 */
import { debianBase } from './debian-base.ts';
import { buildInScratchContext } from './docker-build.ts';
import { RECIPE_LABEL, type ImageRecipe } from './recipe.ts';
import type { Progress } from './progress.ts';

export interface DebianPackageSpec {
  name: string;
  /** Tag of the local image (the Debian suite's package version is what it gets). */
  tag: string;
  packages: string[];
  upstreamRef: string;
  /** Dockerfile lines after the install: RUN, EXPOSE, STOPSIGNAL, CMD ... */
  contract: string[];
}

/** The Dockerfile line that installs Debian packages from the base's own apt sources. */
export function aptInstall(packages: string[]): string {
  return `RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages.join(' ')} && rm -rf /var/lib/apt/lists/*`;
}

export function debianPackageImage(spec: DebianPackageSpec, base: ImageRecipe = debianBase()): ImageRecipe {
  const dockerfile = (fingerprint: string) =>
    [
      `FROM ${base.localRef}`,
      aptInstall(spec.packages),
      ...spec.contract,
      `LABEL ${RECIPE_LABEL}=${fingerprint}`,
    ].join('\n');
  return {
    localRef: `authconf-local/${spec.name}:${spec.tag}`,
    upstreamRef: spec.upstreamRef,
    dependsOn: [base],
    definition: JSON.stringify({ spec, dockerfile: dockerfile('') }),
    async build(progress: Progress, fingerprint: string) {
      progress(`apt-get install ${spec.packages.join(' ')} on ${base.localRef}`);
      await buildInScratchContext(this.localRef, progress, async () => dockerfile(fingerprint));
    },
  };
}
