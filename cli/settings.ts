/**
 * Command-line options that are run settings: each maps to its AUTHCONF_* variable
 * (fixtures/config.ts), so `authconf run --target x` and `AUTHCONF_TARGET=x` are the same run,
 * validated by the same schema before anything starts.
 */
import { existsSync, readFileSync } from 'node:fs';
import dotenv from 'dotenv';
import { ConfigError, parseConfig, type RunConfig } from '../fixtures/config.ts';
import { UsageError } from './command.ts';

export const SETTING_OPTIONS = {
  target: { type: 'string', short: 't' },
  version: { type: 'string', short: 'v' },
  faults: { type: 'string' },
  variant: { type: 'string' },
  'image-mode': { type: 'string' },
  browsers: { type: 'string' },
  'report-dir': { type: 'string' },
  'mailpit-version': { type: 'string' },
  'expected-failures': { type: 'string' },
} as const;

const VARIABLES: Record<keyof typeof SETTING_OPTIONS, string> = {
  target: 'AUTHCONF_TARGET',
  version: 'AUTHCONF_TARGET_VERSION',
  faults: 'AUTHCONF_FAULTS',
  variant: 'AUTHCONF_VARIANT',
  'image-mode': 'AUTHCONF_IMAGE_MODE',
  browsers: 'AUTHCONF_BROWSERS',
  'report-dir': 'AUTHCONF_REPORT_DIR',
  'mailpit-version': 'AUTHCONF_MAILPIT_VERSION',
  'expected-failures': 'AUTHCONF_EXPECTED_FAILURES',
};

export const SETTINGS_HELP = `run settings (each sets its AUTHCONF_* variable; .env and the environment fill the rest):
  -t, --target ID             AUTHCONF_TARGET (see \`authconf targets\`)
  -v, --version V             AUTHCONF_TARGET_VERSION (default: the profile's)
      --faults A,B            AUTHCONF_FAULTS (negative controls; see fixtures/faults.ts)
      --variant NAME          AUTHCONF_VARIANT: a healthy non-default configuration (authconf targets ID)
      --image-mode MODE       AUTHCONF_IMAGE_MODE: local | upstream | auto
      --browsers B,C          AUTHCONF_BROWSERS: chromium, firefox, webkit
      --report-dir DIR        AUTHCONF_REPORT_DIR
      --mailpit-version V     AUTHCONF_MAILPIT_VERSION
      --expected-failures F   AUTHCONF_EXPECTED_FAILURES`;

export type SettingValues = Partial<Record<keyof typeof SETTING_OPTIONS, string | undefined>>;

/** The AUTHCONF_* variables the options set (only those given). */
export function settingsEnv(values: SettingValues): Record<string, string> {
  return Object.fromEntries(
    Object.entries(VARIABLES).flatMap(([option, variable]) => {
      const value = values[option as keyof SettingValues];
      return value === undefined ? [] : [[variable, value]];
    }),
  );
}

/**
 * The run configuration these options give on top of `.env` and the environment, exactly as
 * the run will parse it; an invalid value is a UsageError that names option and variable.
 */
export function validatedConfig(command: string, env: Record<string, string>): RunConfig {
  try {
    return parseConfig({ ...dotenvValues(), ...process.env, ...env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The configuration file or a target file it names: its own message says where.
    if (!error.message.startsWith('Invalid configuration')) throw error;
    const optionOf = Object.fromEntries(Object.entries(VARIABLES).map(([option, variable]) => [variable, `--${option}`]));
    const lines = error.message.split('\n').slice(1).map((line) => line.replace(/^(\s*)(AUTHCONF_\w+)/, (_, space: string, variable: string) => `${space}${optionOf[variable] ? `${optionOf[variable]} (${variable})` : variable}`));
    throw new UsageError(command, `invalid setting:\n${lines.join('\n')}`);
  }
}

function dotenvValues(): Record<string, string> {
  return existsSync('.env') ? dotenv.parse(readFileSync('.env')) : {};
}
