export type ClassValue = string | false | null | undefined;

/**
 * Joins class names, skipping falsy ones and repeated tokens. It does not resolve conflicting
 * utilities (px-3 against px-4): primitives take a className for layout (w-full, mt-4), not to
 * override their own look, which their variants cover.
 */
export function cn(...classes: ClassValue[]): string {
  const tokens = classes.flatMap((c) => (c ? c.split(/\s+/) : [])).filter(Boolean);
  return [...new Set(tokens)].join(' ');
}
