import { stderrProgress } from '../../containers/images/progress.ts';
import { localImages, removeImage, type LocalImage } from '../../containers/images/local-images.ts';
import { requireDockerEngine } from '../../fixtures/global-setup.ts';
import { resolveImages } from '../../fixtures/images.ts';
import { EXIT, parseOptions, printHelp, UsageError, type Command } from '../command.ts';
import { knownImages } from '../known-images.ts';
import { SETTING_OPTIONS, settingsEnv, validatedConfig } from '../settings.ts';

const HELP = `usage: authconf images build|list|prune [options]

  build   resolve the images of a target and version for an image mode (pull, or build from
          package registries with progress); the run does the same in its global setup
            -t, --target ID  -v, --version V  --image-mode local|upstream|auto
            --faults A,B (services a fault adds, e.g. the nginx in front)  --mailpit-version V
  list    the locally built images (label authconf.recipe) and whether each matches the
          recipe that registered targets build today: current | stale (the recipe changed;
          the next run rebuilds) | unused (no registered target builds it) | dangling
          (untagged, replaced by a rebuild)
            --json
  prune   remove stale and dangling local images
            --unused   also those no registered target builds (images of other branches too!)
            --dry-run  only say what would go

exit codes: 0 done · 1 a build failed, or an image could not be removed · 2 bad arguments ·
3 Docker engine unreachable`;

type Status = 'current' | 'stale' | 'unused' | 'dangling';

const actions: Record<string, (args: string[]) => Promise<number>> = {
  async build(args) {
    const { values } = parseOptions('images build', args, { target: SETTING_OPTIONS.target, version: SETTING_OPTIONS.version, 'image-mode': SETTING_OPTIONS['image-mode'], faults: SETTING_OPTIONS.faults, 'mailpit-version': SETTING_OPTIONS['mailpit-version'] });
    if (values.help) return printHelp(HELP);
    const config = validatedConfig('images build', settingsEnv(values));
    await requireDockerEngine();
    const progress = stderrProgress('images');
    try {
      const refs = await resolveImages(config, progress);
      process.stdout.write(`${Object.entries(refs).map(([service, ref]) => `${service.padEnd(6)} ${ref}`).join('\n')}\n`);
      return EXIT.ok;
    } catch (error) {
      process.stderr.write(`authconf images build: ${(error as Error).message}\n`);
      return EXIT.failed;
    }
  },

  async list(args) {
    const { values } = parseOptions('images list', args, { json: { type: 'boolean' } });
    if (values.help) return printHelp(HELP);
    await requireDockerEngine();
    const images = await classified();
    if (values.json) {
      process.stdout.write(`${JSON.stringify(images.map(({ image, status, usedBy }) => ({ ...image, status, usedBy })), null, 2)}\n`);
    } else {
      const rows = images.map(({ image, status, usedBy }) => `${(image.ref ?? `<untagged ${image.id}>`).padEnd(44)} ${status.padEnd(8)} recipe ${image.fingerprint}  ${image.size.padStart(7)}  ${image.created}${usedBy.length ? `  (${usedBy.join(', ')})` : ''}`);
      process.stdout.write(`${rows.join('\n') || 'no local authconf images'}\n`);
    }
    return EXIT.ok;
  },

  async prune(args) {
    const { values } = parseOptions('images prune', args, { unused: { type: 'boolean' }, 'dry-run': { type: 'boolean' } });
    if (values.help) return printHelp(HELP);
    await requireDockerEngine();
    const doomed = (await classified()).filter(({ status }) => status === 'stale' || status === 'dangling' || (values.unused && status === 'unused'));
    let refused = 0;
    for (const { image, status } of doomed) {
      const name = image.ref ?? image.id;
      if (values['dry-run']) {
        process.stdout.write(`would remove ${name} (${status})\n`);
        continue;
      }
      const reason = await removeImage(image);
      refused += reason ? 1 : 0;
      process.stdout.write(reason ? `kept ${name} (${status}): ${reason}\n` : `removed ${name} (${status})\n`);
    }
    if (doomed.length === 0) process.stdout.write('nothing to prune\n');
    return refused ? EXIT.failed : EXIT.ok;
  },
};

async function classified(): Promise<{ image: LocalImage; status: Status; usedBy: string[] }[]> {
  const known = knownImages();
  return (await localImages()).map((image) => {
    const recipe = image.ref ? known.get(image.ref) : undefined;
    const status: Status = !image.ref ? 'dangling' : !recipe ? 'unused' : recipe.fingerprint === image.fingerprint ? 'current' : 'stale';
    return { image, status, usedBy: [...(recipe?.usedBy ?? [])] };
  });
}

export const images: Command = {
  help: HELP,
  run([action, ...rest]) {
    if (action === undefined) throw new UsageError('images', 'images needs an action: build, list or prune');
    if (action === '--help' || action === '-h') return printHelp(HELP);
    const run = actions[action];
    if (!run) throw new UsageError('images', `unknown action '${action}'; actions: ${Object.keys(actions).join(', ')}`);
    return run(rest);
  },
};
