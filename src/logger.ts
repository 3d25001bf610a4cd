/**
 * Structured logging (pino) to stderr, so `npm run -s` keeps stdout for results.
 * Secrets are redacted by path, and bot tokens are scrubbed from any message text.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

const TOKEN_PATTERN = /\d{5,}:[A-Za-z0-9_-]{30,}/g;

/** Removes the given secrets and anything shaped like a Telegram bot token from a string. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(TOKEN_PATTERN, '<redacted-token>');
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('<redacted>');
  return out;
}

/** A pino logger on stderr; `secrets` (the bot token, API keys) are scrubbed from every message. */
export function createLogger(
  level: string = 'info',
  secrets: readonly (string | undefined)[] = [],
  destination: pino.DestinationStream = pino.destination({ fd: 2, sync: true }),
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
      serializers: {
        // Nested errors (grammY's HttpError keeps the fetch error, whose message holds the URL with
        // the token) are scrubbed as a whole, not only the top-level message.
        err: (err: unknown) => {
          const serialized = pino.stdSerializers.err(err as Error);
          if (err instanceof Error && 'error' in err && (err as { error?: unknown }).error instanceof Error)
            (serialized as Record<string, unknown>).error = pino.stdSerializers.err(
              (err as { error: Error }).error,
            );
          return serialized;
        },
      },
      formatters: {
        // Every logged object is scrubbed as a whole, whatever field a secret hides in.
        log(object) {
          try {
            return JSON.parse(scrub(JSON.stringify(object))) as Record<string, unknown>;
          } catch {
            return { msg: 'unserialisable log object' };
          }
        },
      },
    },
    destination,
  );
}
