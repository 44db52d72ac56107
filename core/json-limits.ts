/** Largest value of a PostgreSQL `integer` column; ids and versions beyond it make a query fail. */
export const PG_INT_MAX = 2_147_483_647;

/** Why a parsed JSON value cannot be stored as it is. */
export type JsonProblem = 'too_deep' | 'nul_character';

/**
 * Checks what a parsed JSON value may not have on its way to PostgreSQL or a later JSON.stringify:
 * nesting beyond `maxDepth` (JSON.parse takes thousands of levels, JSON.stringify and the recursive
 * walks after it overflow the stack) and U+0000 in a string or key (text and jsonb refuse it).
 * Walks with its own stack, so the check itself cannot overflow. A scalar has depth 0.
 */
export function jsonProblem(value: unknown, maxDepth: number): JsonProblem | null {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return 'nul_character';
    } else if (typeof item === 'object' && item !== null) {
      if (depth >= maxDepth) return 'too_deep';
      if (Array.isArray(item)) {
        for (const element of item) stack.push([element, depth + 1]);
      } else {
        for (const [key, member] of Object.entries(item)) {
          if (key.includes('\u0000')) return 'nul_character';
          stack.push([member, depth + 1]);
        }
      }
    }
  }
  return null;
}

/**
 * The JSON text of `value` cut after `max` characters (`…` marks the cut). Each level of nesting
 * writes at least one character, so the recursion ends with the output and any depth is safe.
 */
export function jsonPreview(value: unknown, max: number): string {
  let out = '';
  const write = (item: unknown): void => {
    if (Array.isArray(item)) {
      out += '[';
      for (let i = 0; i < item.length && out.length <= max; i++) {
        if (i > 0) out += ',';
        write(item[i]);
      }
      out += ']';
    } else if (typeof item === 'object' && item !== null) {
      out += '{';
      let first = true;
      for (const key in item) {
        if (out.length > max) break;
        out += `${first ? '' : ','}${JSON.stringify(key)}:`;
        first = false;
        write((item as Record<string, unknown>)[key]);
      }
      out += '}';
    } else {
      out += JSON.stringify(item) ?? 'null';
    }
  };
  write(value);
  return out.length > max ? `${out.slice(0, max)}…` : out;
}
