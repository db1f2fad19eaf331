#!/usr/bin/env node
// Runs the TypeScript CLI directly: tsx compiles on load, so there is no separate server build to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
