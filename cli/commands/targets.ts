import { CATALOG, type CheckId } from '../../fixtures/catalog.ts';
import type { TargetProfile } from '../../fixtures/targets/profile.ts';
import { targetProfiles } from '../../fixtures/targets/profiles.ts';
import { parseOptions, printHelp, UsageError, type Command } from '../command.ts';

export const targets: Command = {
  help: `usage: authconf targets [ID...] [--json]

Every registered target (fixtures/targets/profiles.ts): default and supported versions,
capabilities, and which catalog checks run on it or are SKIPPED for a missing capability.

options:
  --json    machine-readable: [{ id, displayName, homepage, versions: { default, supported },
            capabilities, checks: { run: [ID...], skip: [{ id, missing: [capability...] }] } }]

exit codes: 0 listed · 2 bad arguments or an unknown target`,

  run(args) {
    const { values, positionals } = parseOptions('targets', args, { json: { type: 'boolean' } }, { positionals: true });
    if (values.help) return printHelp(this.help);
    const unknown = positionals.filter((id) => !(id in targetProfiles));
    if (unknown.length) throw new UsageError('targets', `unknown target '${unknown[0]}'; targets: ${Object.keys(targetProfiles).join(', ')}`);
    const profiles: TargetProfile[] = Object.values(targetProfiles).filter((p) => positionals.length === 0 || positionals.includes(p.id));
    const described = profiles.map(describe);
    process.stdout.write(values.json ? `${JSON.stringify(described, null, 2)}\n` : `${described.map(format).join('\n\n')}\n`);
    return 0;
  },
};

function describe(profile: TargetProfile) {
  const checks = Object.entries(CATALOG).map(([id, definition]) => ({ id: id as CheckId, missing: definition.needs.filter((c) => !profile.capabilities.includes(c)) }));
  return {
    id: profile.id,
    displayName: profile.displayName,
    homepage: profile.homepage,
    versions: { default: profile.versions.default, supported: [...profile.versions.supported] },
    capabilities: [...profile.capabilities],
    checks: { run: checks.filter((c) => c.missing.length === 0).map((c) => c.id), skip: checks.filter((c) => c.missing.length > 0) },
  };
}

function format(target: ReturnType<typeof describe>): string {
  return [
    `${target.id} — ${target.displayName} (${target.homepage})`,
    `  versions:     ${target.versions.supported.map((v) => (v === target.versions.default ? `${v} (default)` : v)).join(', ')}`,
    `  capabilities: ${target.capabilities.join(', ')}`,
    `  checks run:   ${target.checks.run.join(', ')}`,
    `  SKIPPED:      ${target.checks.skip.length} (${[...new Set(target.checks.skip.flatMap((c) => c.missing))].join(', ')} missing)`,
  ].join('\n');
}
