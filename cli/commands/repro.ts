import type { Command } from '../command.ts';
export const repro: Command = { help: '', run: () => 0 };
