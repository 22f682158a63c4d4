import { Badge } from '@/components/ui/badge';

/** A saved quote's notes and tags, as its owner wrote them; nothing when it has neither. */
export function QuoteNotes({ notes, tags }: { notes: string | null; tags: readonly string[] }) {
  if (!notes && tags.length === 0) return null;
  return (
    <div className="space-y-2" data-testid="quote-notes">
      {tags.length > 0 ? (
        <ul className="flex flex-wrap gap-2" aria-label="Tags">
          {tags.map((tag) => (
            <li key={tag}>
              <Badge>{tag}</Badge>
            </li>
          ))}
        </ul>
      ) : null}
      {notes ? <p className="max-w-2xl whitespace-pre-line text-sm text-slate-700">{notes}</p> : null}
    </div>
  );
}
