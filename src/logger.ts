/**
 * Structured logging (pino) to stderr, so `npm run -s` keeps stdout for results: JSON lines when
 * stderr is piped, readable lines on a terminal. Errors are serialized first (message, stack,
 * GrammyError's code and description), then every secret is scrubbed from the whole line.
 */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type { Logger };

const TOKEN_PATTERN = /\d{5,}:[A-Za-z0-9_-]{30,}/g;

/** Removes the given secrets and anything shaped like a Telegram bot token from a string. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(TOKEN_PATTERN, '<redacted-token>');
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('<redacted>');
  return out;
}

/**
 * A JSON.stringify replacer turning errors into plain objects with pino's own serializer (which
 * keeps own enumerable fields such as GrammyError's `error_code` and `description`); nested errors
 * (HttpError's `error`, `cause`) go through it too, as the replacer sees every value.
 */
function errorsAsObjects(_key: string, value: unknown): unknown {
  return value instanceof Error ? pino.stdSerializers.err(value) : value;
}

/** A pino logger; `secrets` (the bot token, API keys) are scrubbed from every line. */
export function createLogger(
  level: string = 'info',
  secrets: readonly (string | undefined)[] = [],
  destination: pino.DestinationStream = stderrDestination(),
): Logger {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  const scrub = (text: string) => scrubSecrets(text, known);
  return pino(
    {
      level,
      redact: {
        paths: ['token', '*.token', 'apiKey', '*.apiKey', 'config.telegram.token'],
        censor: '<redacted>',
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrub(a) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      // Errors are serialized in formatters.log below (pino runs it first); its default `err`
      // serializer would then see a plain object and relabel it "Object".
      serializers: { err: (err: unknown) => err },
      formatters: {
        // pino runs this before its serializers, so errors are turned into objects here, then the
        // whole object is scrubbed, whatever field a secret hides in.
        log(object) {
          try {
            return JSON.parse(scrub(JSON.stringify(object, errorsAsObjects))) as Record<string, unknown>;
          } catch {
            return { msg: 'unserialisable log object' };
          }
        },
      },
    },
    destination,
  );
}

/** stderr: human-readable on a terminal, JSON lines otherwise. */
function stderrDestination(): pino.DestinationStream {
  const fd2 = pino.destination({ fd: 2, sync: true });
  return process.stderr.isTTY ? prettyDestination(fd2) : fd2;
}

/** pino-pretty's formatter: one JSON line in, one readable line (with an error's stack) out. */
const formatForPeople = prettyFactory({
  colorize: false,
  translateTime: 'HH:MM:ss',
  ignore: 'pid,hostname',
  singleLine: true,
  errorLikeObjectKeys: ['err', 'error', 'cause'],
});

/** A destination that prints pino's JSON lines for people (`[12:00:01] WARN: message …`). */
export function prettyDestination(out: { write(text: string): unknown }): pino.DestinationStream {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim() !== '') out.write(`${formatLine(line)}\n`);
      done();
    },
  });
}

/** One pino JSON line formatted for people; a line that is not JSON stays as it is. */
export function formatLine(json: string): string {
  return formatForPeople(json).replace(/\n$/, '');
}
