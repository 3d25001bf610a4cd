/**
 * Structured logging (pino) to stderr, so `npm run -s` keeps stdout for results.
 * Secrets are redacted by path, and bot tokens are scrubbed from any message text.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

const TOKEN_PATTERN = /\d{5,}:[A-Za-z0-9_-]{30,}/g;

/** Removes anything shaped like a Telegram bot token from a string. */
export function scrubSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, '<redacted-token>');
}

export function createLogger(level: string = 'info'): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['token', '*.token', 'apiKey', '*.apiKey', 'config.telegram.token'],
        censor: '<redacted>',
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (err: unknown) => {
          const s = pino.stdSerializers.err(err as Error);
          if (s && typeof s.message === 'string') s.message = scrubSecrets(s.message);
          if (s && typeof s.stack === 'string') s.stack = scrubSecrets(s.stack);
          return s;
        },
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
