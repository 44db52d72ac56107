type Intersection<U> = (U extends unknown ? (part: U) => void : never) extends (all: infer I) => void ? I : never;

/**
 * Joins named dictionary parts into one dictionary. A key defined by two parts is refused: spread together,
 * the later part would silently win and one of the two texts would never be shown.
 */
export function assemble<const P extends Record<string, Readonly<Record<string, string>>>>(parts: P): Intersection<P[keyof P]> {
  const joined: Record<string, string> = {};
  const owner = new Map<string, string>();
  for (const [name, part] of Object.entries(parts)) {
    for (const [key, text] of Object.entries(part)) {
      const first = owner.get(key);
      if (first !== undefined) throw new Error(`i18n: "${key}" is defined in both ${first} and ${name}; keep one`);
      owner.set(key, name);
      joined[key] = text;
    }
  }
  return joined as Intersection<P[keyof P]>;
}
