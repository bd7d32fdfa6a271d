import { parseOptions, printHelp, UsageError, wholeNumber, type Command } from '../command.ts';
import { PLAYWRIGHT_CONFIG, playwright } from '../playwright.ts';
import { SETTING_OPTIONS, SETTINGS_HELP, settingsEnv, validatedConfig } from '../settings.ts';
import { prepareMachineForRuns } from './setup.ts';

export const run: Command = {
  help: `usage: authconf run [options] [-- PLAYWRIGHT-ARGS...]

Validates the settings against the target's profile, prepares the machine as \`authconf setup\`
does (AUTHCONF_SKIP_SETUP=1 skips that), then runs \`playwright test\` with the settings.
Everything after -- goes to Playwright unchanged (--shard=1/2, --repeat-each=20, spec files).

${SETTINGS_HELP}

run options:
  -g, --grep PATTERN          only checks matching (e.g. @LOGIN-OK or 'LOGIN|LOGOUT')
  -w, --workers N             parallel stacks (1..16; default 2)
      --blob                  also write a Playwright blob report to REPORT-DIR/blob (for merge-reports)

examples:
  authconf run --target goatcounter --version v2.7.0
  authconf run --grep @LOGOUT-REPLAY --faults logout-skipped -- --retries=0

exit codes: 0 every check PASS/WARN/SKIP/EXPECTED-FAIL · 1 a check FAILed (or preparing the machine
failed, or an image could not be pulled) · 2 bad arguments or settings (nothing started) · 3 Docker
engine unreachable (Playwright's exit code, passed on)`,

  async run(args) {
    const { values, passthrough } = parseOptions('run', args, {
      ...SETTING_OPTIONS,
      grep: { type: 'string', short: 'g' },
      workers: { type: 'string', short: 'w' },
      blob: { type: 'boolean' },
    }, { passthroughTo: 'Playwright' });
    if (values.help) return printHelp(this.help);
    const env = { ...settingsEnv(values), ...(values.blob ? { AUTHCONF_BLOB_REPORT: 'true' } : {}) };
    validatedConfig('run', env);
    const workers = wholeNumber('run', 'workers', values.workers, { min: 1, max: 16 });
    if (values.grep === '') throw new UsageError('run', '--grep needs a pattern');
    prepareMachineForRuns();
    const args_ = ['test', '--config', PLAYWRIGHT_CONFIG, ...(values.grep ? ['--grep', values.grep] : []), ...(workers ? ['--workers', String(workers)] : []), ...passthrough];
    return playwright(args_, { env });
  },
};
