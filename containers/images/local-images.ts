/** The locally built images on this Docker engine: every image carrying a recipe label. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RECIPE_LABEL } from './recipe.ts';

const exec = promisify(execFile);

export interface LocalImage {
  id: string;
  /** `authconf-local/goatcounter:v2.7.0`, or undefined for an untagged image a rebuild replaced. */
  ref: string | undefined;
  /** The fingerprint of the recipe it was built from. */
  fingerprint: string;
  created: string;
  size: string;
}

export async function localImages(): Promise<LocalImage[]> {
  const { stdout } = await exec('docker', ['images', '--filter', `label=${RECIPE_LABEL}`, '--format', '{{.ID}}\t{{.Repository}}:{{.Tag}}\t{{.CreatedSince}}\t{{.Size}}']);
  const rows = stdout.split('\n').filter(Boolean).map((line) => line.split('\t') as [string, string, string, string]);
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map(([id]) => id))];
  const { stdout: labels } = await exec('docker', ['image', 'inspect', '--format', `{{.Id}}\t{{ index .Config.Labels "${RECIPE_LABEL}" }}`, ...ids]);
  const fingerprintOf = new Map(labels.split('\n').filter(Boolean).map((line) => line.split('\t') as [string, string]));
  return rows.map(([id, ref, created, size]) => ({
    id,
    ref: ref.includes('<none>') ? undefined : ref,
    fingerprint: [...fingerprintOf].find(([full]) => full.replace('sha256:', '').startsWith(id))?.[1] ?? '',
    created,
    size,
  }));
}

/** Removes an image (by tag, or by id when untagged); the reason when Docker refuses (e.g. a container uses it). */
export async function removeImage(image: LocalImage): Promise<string | undefined> {
  try {
    await exec('docker', ['image', 'rm', image.ref ?? image.id]);
    return undefined;
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error).trim().split('\n').at(-1);
  }
}
