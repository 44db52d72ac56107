import { ConfigError, loadConfig } from '../../core/config.ts';

/** The problems a ConfigError lists for this environment (none when it loads). */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}
