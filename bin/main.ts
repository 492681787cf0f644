// The composition root: the adapters are handed to the core here, since src/ never
// imports an adapter (see docs/adr/0001-composition-root.md). bin/tagwire.js runs this
// file, compiled (dist/bin/main.js) or through tsx; `node dist/bin/main.js` runs it too.
import { main } from '../src/cli.ts';
import { adapterCommands, adapterFactories } from '../adapters/index.ts';

process.exitCode = await main(process.argv.slice(2), adapterFactories, undefined, adapterCommands);
