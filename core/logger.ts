import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logger; secrets are redacted by path so they never reach the log. */
export function createLogger(level: string, name = 'mybeacon'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'req.headers.cookie'],
      censor: '<redacted>',
    },
  });
}
