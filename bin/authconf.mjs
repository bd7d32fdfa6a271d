#!/usr/bin/env node
// The `authconf` executable: runs the TypeScript entry through tsx's loader, in this process.
import { register } from 'tsx/esm/api';

register();
await import('../cli/authconf.ts');
