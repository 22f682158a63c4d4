/** What the server takes (quotes router: `tags`): at most 10 tags of 1–24 characters each. */
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 24;

export type ParsedTags = { tags: string[]; error: null } | { tags: null; error: string };

/**
 * Tags typed as one comma-separated line: trimmed, empty ones dropped, repeats (ignoring case)
 * kept once in the order first typed; an error naming the limit when over it.
 */
export function parseTags(text: string): ParsedTags {
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    if (tag.length > MAX_TAG_LENGTH)
      return { tags: null, error: `“${tag.slice(0, 12)}…” is longer than ${MAX_TAG_LENGTH} characters` };
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  if (tags.length > MAX_TAGS) return { tags: null, error: `At most ${MAX_TAGS} tags` };
  return { tags, error: null };
}
