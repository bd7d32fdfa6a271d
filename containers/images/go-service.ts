/**
 * A local image for a Go program built from the Go module proxy, then put on the Debian
 * base with the upstream image's contract (the Dockerfile lines given by the service).
 *
 * Built as `go mod download module@version` + `go install ./cmd` inside the downloaded
 * module rather than `go install module/cmd@version`: the latter also asks the proxy for
 * the module's version list (a deprecation check), which some proxies refuse (zgo.at/*
 * answers 403), while the pinned version itself is served. Inside the module its own
 * go.sum pins every dependency.
 */
import { execFile } from 'node:child_process';
import { readdir, rename } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import { debianBase } from './debian-base.ts';
import { versionedImage, type VersionedImageSpec } from './docker-build.ts';
import type { ImageRecipe } from './recipe.ts';
import { runStreaming, type Progress } from './progress.ts';

const exec = promisify(execFile);

export interface GoServiceSpec extends VersionedImageSpec {
  /** Go module path, e.g. `zgo.at/goatcounter/v2`. */
  goModule: string;
  /** Package of the command inside the module, e.g. `./cmd/goatcounter` (`.` for the root). */
  command: string;
  /** Extra `go install` flags (tags, ldflags) as the upstream release build uses them. */
  buildFlags?: string[];
  /** Path of the binary inside the image, as upstream has it. */
  binaryPath: string;
  /** Needs cgo (e.g. a C SQLite driver); the binary then links the base's glibc. */
  cgo: boolean;
  /** A newer Go than the machine's, when the module's go.mod asks for one (fetched by the go command). */
  toolchain?: string;
}

function toolchainEnv(spec: GoServiceSpec): Record<string, string> {
  return spec.toolchain ? { GOTOOLCHAIN: spec.toolchain } : {};
}

async function downloadModule(spec: GoServiceSpec, progress: Progress): Promise<string> {
  progress(`go mod download ${spec.goModule}@${spec.version}`);
  try {
    const { stdout } = await exec('go', ['mod', 'download', '-json', `${spec.goModule}@${spec.version}`], {
      env: { ...process.env, ...toolchainEnv(spec), GOFLAGS: '-mod=mod' },
      maxBuffer: 1 << 20,
    });
    const info = JSON.parse(stdout) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new Error(info.Error ?? 'no module directory');
    return info.Dir;
  } catch (error) {
    const detail = ((error as { stdout?: string }).stdout || String(error)).replace(/https?:\/\/[^/\s"]+/g, '<module proxy>');
    throw new Error(`cannot download Go module ${spec.goModule}@${spec.version} (is that version published?): ${detail.trim()}`);
  }
}

export function goServiceImage(spec: GoServiceSpec, base: ImageRecipe = debianBase()): ImageRecipe {
  return versionedImage(spec, base, `COPY bin/ ${path.posix.dirname(spec.binaryPath)}/`, async (context, progress) => {
    const bin = path.join(context, 'bin');
    const moduleDir = await downloadModule(spec, progress);
    progress(`go install ${spec.command} in ${spec.goModule}@${spec.version} (cgo ${spec.cgo ? 'on' : 'off'}; a first build takes minutes)`);
    await runStreaming('go', ['install', '-trimpath', ...(spec.buildFlags ?? []), spec.command], progress, {
      cwd: moduleDir,
      env: { ...process.env, ...toolchainEnv(spec), GOBIN: bin, CGO_ENABLED: spec.cgo ? '1' : '0', GOFLAGS: '-mod=readonly' },
    });
    const [built] = await readdir(bin);
    if (!built) throw new Error(`go install ${spec.command} in ${spec.goModule} produced no binary`);
    const wanted = path.posix.basename(spec.binaryPath);
    if (built !== wanted) await rename(path.join(bin, built), path.join(bin, wanted));
  });
}
