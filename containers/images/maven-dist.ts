/**
 * A local image for a server distributed as an archive on Maven Central (Keycloak's
 * `keycloak-quarkus-dist` zip): the machine's own Maven unpacks it on the host (it honours
 * ~/.m2/settings.xml for mirrors and proxies), then it is copied onto a base image that
 * carries the runtime (a JRE), with the upstream image's contract.
 */
import { chmod, mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { versionedImage, type VersionedImageSpec } from './docker-build.ts';
import type { ImageRecipe } from './recipe.ts';
import { CommandError, runStreaming, type Progress } from './progress.ts';

export interface MavenDistSpec extends VersionedImageSpec {
  /** `groupId:artifactId:version:type`, e.g. `org.keycloak:keycloak-quarkus-dist:26.7.3:zip`. */
  artifact: string;
  /** Where the archive's single top folder goes in the image, e.g. `/opt/keycloak`. */
  installPath: string;
  /** `uid:gid` owning the installed tree (the server writes its data inside it). */
  owner: string;
  /** Folders created inside the installed tree before it is copied (owned by `owner`). */
  folders?: string[];
}

const withoutUrls = (text: string) => text.replace(/https?:\/\/[^\s"'<>]+/g, '<repository>');
/** Maven 3.8 colours its output even in batch mode; a line of colour codes alone says nothing. */
const ANSI = /\x1b\[[0-9;]*m/g;

async function unpackArtifact(spec: MavenDistSpec, into: string, progress: Progress): Promise<string> {
  progress(`mvn dependency:unpack ${spec.artifact}`);
  const quiet: Progress = (line) => {
    const text = line.replace(ANSI, '');
    if (text.trim()) progress(withoutUrls(text));
  };
  try {
    await runStreaming('mvn', ['--batch-mode', '--quiet', 'dependency:unpack', `-Dartifact=${spec.artifact}`, `-DoutputDirectory=${into}`, `-DmarkersDirectory=${into}.markers`], quiet, {
      // Without a project the plugin would keep its "already unpacked" markers in the working directory.
      cwd: path.dirname(into),
    });
  } catch (error) {
    const detail = error instanceof CommandError ? error.outputTail : String(error);
    throw new Error(`cannot fetch ${spec.artifact} with Maven (is that version published? is 'mvn' installed?): ${withoutUrls(detail.replace(ANSI, ''))}`);
  }
  const [top, ...more] = await readdir(into);
  if (!top || more.length > 0) throw new Error(`${spec.artifact} does not unpack to a single folder (found: ${[top, ...more].join(', ')})`);
  return path.join(into, top);
}

export function mavenDistImage(spec: MavenDistSpec, base: ImageRecipe): ImageRecipe {
  return versionedImage(spec, base, `COPY --chown=${spec.owner} dist/ ${spec.installPath}/`, async (context, progress) => {
    const unpacked = await unpackArtifact(spec, path.join(context, 'unpacked'), progress);
    const dist = path.join(context, 'dist');
    await rename(unpacked, dist);
    for (const folder of spec.folders ?? []) await mkdir(path.join(dist, folder), { recursive: true });
    // Group-writable like upstream's tree, so an arbitrary uid in group 0 can run it too;
    // done here rather than in a RUN, which would copy the whole tree into another layer.
    await runStreaming('chmod', ['-R', 'g+rwX', dist], progress);
    await chmod(dist, 0o775);
  });
}
