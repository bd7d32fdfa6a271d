/** `docker build` of a Dockerfile in a scratch context folder that `prepare` may fill first. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runStreaming, type Progress } from './progress.ts';

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
