/**
 * What every registered target's recipes would build today (each supported version, healthy
 * and with each fault that adds a service), so `images list/prune` can tell a current local
 * image from a stale one. New targets appear here by registering, without CLI changes.
 */
import { parseConfig } from '../fixtures/config.ts';
import { FAULTS } from '../fixtures/faults.ts';
import { targetRegistry } from '../fixtures/targets/registry.ts';
import { fingerprintOf, type ImageRecipe } from '../containers/images/recipe.ts';

export interface KnownImage {
  fingerprint: string;
  /** `target version` pairs whose stack runs it. */
  usedBy: Set<string>;
}

export function knownImages(): Map<string, KnownImage> {
  const known = new Map<string, KnownImage>();
  const add = (recipe: ImageRecipe, user: string) => {
    const entry = known.get(recipe.localRef) ?? { fingerprint: fingerprintOf(recipe), usedBy: new Set<string>() };
    entry.usedBy.add(user);
    known.set(recipe.localRef, entry);
    recipe.dependsOn.forEach((base) => add(base, user));
  };
  const mailpit = process.env.AUTHCONF_MAILPIT_VERSION;
  for (const { definition } of targetRegistry().entries()) {
    const id = definition.profile.id;
    for (const version of definition.profile.versions.supported) {
      for (const faults of ['', ...FAULTS]) {
        let config;
        try {
          config = parseConfig({ AUTHCONF_TARGET: id, AUTHCONF_TARGET_VERSION: version, AUTHCONF_FAULTS: faults, ...(mailpit ? { AUTHCONF_MAILPIT_VERSION: mailpit } : {}) });
        } catch {
          continue; // a fault this target's stack cannot apply: no run builds for it
        }
        Object.values(definition.images(config)).forEach((recipe) => add(recipe, `${id} ${version}`));
      }
    }
  }
  return known;
}
