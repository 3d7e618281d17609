import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { defaultEngineRegistry } from '../../engine/engine-registry.ts';

/** `pathreg engines`: which training engines can run on this machine, fastest first, and why not. */
export const enginesCommand: Command = {
  name: 'engines',
  summary: 'list the training engines as JSON [{name, available, reason}], fastest first',
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write('Usage: pathreg engines\n\nPrints JSON [{name, available, reason}] for every engine of this build, fastest first.\n`--engine auto` takes the first available one.\n');
      return 0;
    }
    if (argv.length) throw new UsageError(`takes no arguments, got "${argv.join(' ')}".`);
    const list = await defaultEngineRegistry().list();
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  },
};
