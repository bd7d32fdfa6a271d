/**
 * The RP-* checks' grading (gradeRefusals) on canned sign-in outcomes, through authconf's
 * real reporters: no containers, no browser. The fixture specs' configuration, another folder.
 */
import { defineConfig } from '@playwright/test';
import fixtureSpecs from './playwright.config.ts';

export default defineConfig({ ...fixtureSpecs, testDir: './refusal-specs' });
