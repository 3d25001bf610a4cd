/** Minimal flag parsing shared by the command-line programs (node:util parseArgs). */
import { parseArgs } from 'node:util';

export function parseCliArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      stdin: { type: 'boolean', default: false },
      k: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  let k: number | undefined;
  if (values.k !== undefined) {
    k = Number(values.k);
    if (!Number.isInteger(k) || k < 1 || k > 50)
      throw new Error(`--k must be an integer from 1 to 50, got "${values.k}"`);
  }
  return {
    json: values.json,
    stdin: values.stdin,
    help: values.help,
    k,
    text: positionals.join(' '),
    positionals,
  };
}
