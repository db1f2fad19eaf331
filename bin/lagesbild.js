#!/usr/bin/env node
// Runs the TypeScript CLI directly: tsx compiles on load, so there is no separate server build to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/src/cli.ts');
const code = await main(process.argv.slice(2));
// Everything worth finishing has finished (serve flushes and closes before main returns); lingering
// client sockets such as Redis reconnect timers must not keep the process alive.
process.exit(code);
