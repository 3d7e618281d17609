#!/usr/bin/env node
// Runs the TypeScript CLI in place through tsx, so `npx pathreg …` works in the repository with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
