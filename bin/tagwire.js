#!/usr/bin/env node
// The `tagwire` command. TypeScript sources run directly through tsx, so a fresh
// `npm install` needs no build step. The adapters are handed to the core here:
// src/ never imports an adapter (see docs/adr/0001-composition-root.md).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
const { adapterFactories, adapterCommands } = await import('../adapters/index.ts');
process.exitCode = await main(process.argv.slice(2), adapterFactories, undefined, adapterCommands);
