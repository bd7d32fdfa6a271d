import { CATALOG, missingCapabilities, type CheckId } from '../../fixtures/catalog.ts';
import { targetRegistry, type RegisteredTarget } from '../../fixtures/targets/registry.ts';
import { parseOptions, printHelp, UsageError, type Command } from '../command.ts';

export const targets: Command = {
  help: `usage: authconf targets [ID...] [--json]

Every target a run can name — the built-in ones and those the configuration file
(authconf.config.*, or --config FILE) registers — with where each comes from, its default
and supported versions, capabilities, and which catalog checks run on it or are SKIPPED
for a missing capability.

options:
  --json    machine-readable: [{ id, source, displayName, homepage, versions: { default, supported },
            capabilities, checks: { run: [ID...], skip: [{ id, missing: [capability...] }] } }]

exit codes: 0 listed · 2 bad arguments or an unknown target`,

  run(args) {
    const { values, positionals } = parseOptions('targets', args, { json: { type: 'boolean' } }, { positionals: true });
    if (values.help) return printHelp(this.help);
    const registry = targetRegistry();
    const unknown = positionals.filter((id) => !registry.has(id));
    if (unknown.length) throw new UsageError('targets', `unknown target '${unknown[0]}'; ${registry.described()}`);
    const described = registry.entries().filter((t) => positionals.length === 0 || positionals.includes(t.definition.profile.id)).map(describe);
    process.stdout.write(values.json ? `${JSON.stringify(described, null, 2)}\n` : `${described.map(format).join('\n\n')}\n`);
    return 0;
  },
};

function describe({ definition: { profile }, source }: RegisteredTarget) {
  const checks = (Object.keys(CATALOG) as CheckId[]).map((id) => ({ id, missing: missingCapabilities(id, profile.capabilities) }));
  return {
    id: profile.id,
    source,
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
    `  source:       ${target.source}`,
    `  versions:     ${target.versions.supported.map((v) => (v === target.versions.default ? `${v} (default)` : v)).join(', ')}`,
    `  capabilities: ${target.capabilities.join(', ')}`,
    `  checks run:   ${target.checks.run.join(', ')}`,
    `  SKIPPED:      ${target.checks.skip.length} (${[...new Set(target.checks.skip.flatMap((c) => c.missing))].join(', ')} missing)`,
  ].join('\n');
}
