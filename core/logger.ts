import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** `pretty`: coloured lines for a person at a terminal; `json`: one JSON object a line, for journald and files. */
export type LogFormat = 'auto' | 'pretty' | 'json';

/** Structured logger; secrets are redacted by path so they never reach the log. `auto` is pretty only on a TTY. */
export function createLogger(level: string, name = 'mybeacon', format: LogFormat = 'auto'): Logger {
  const options = {
    name,
    level,
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'req.headers.cookie'],
      censor: '<redacted>',
    },
  };
  const human = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
  // Synchronous, in this thread: a crash message must reach the terminal before the process exits.
  return human ? pino(options, pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,name' })) : pino(options);
}
