'use client';
import type { SaveBuyerQuoteInput, SaveProviderQuoteInput } from '@bithedge/api';
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button, type ButtonVariant } from '@/components/ui/button';
import { Field, Input, Textarea } from '@/components/ui/field';
import { useTRPC } from '@/trpc/client';
import { useInvalidate } from '@/trpc/invalidate';
import type { RouterOutputs } from '@/trpc/types';
import { MAX_TAGS, parseTags } from './quote-tags';

type Saved = RouterOutputs['quotes']['save'];
type Meta = 'name' | 'notes' | 'tags';

/**
 * The form that saves a buyer quote or a provider estimate: an optional name, notes and tags, the
 * save button and its outcome. The server re-computes what it stores, so only the parameters are
 * sent.
 */
export function SaveQuoteForm({
  input,
  nameId,
  placeholder,
  variant,
  disabled,
  savedNote,
}: {
  /** What to save; the form adds the name, notes and tags. */
  input: Omit<SaveBuyerQuoteInput, Meta> | Omit<SaveProviderQuoteInput, Meta>;
  nameId: string;
  placeholder: string;
  variant?: ButtonVariant;
  disabled: boolean;
  /** The success line after the save, with the saved quote's links. */
  savedNote: (saved: Saved) => ReactNode;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState('');
  const [notes, setNotes] = useState('');
  const [tagText, setTagText] = useState('');
  const tags = parseTags(tagText);
  const invalidate = useInvalidate();
  const save = useMutation(trpc.quotes.save.mutationOptions({ onSuccess: invalidate.savedQuotes }));
  return (
    <form
      className="mt-4 space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (tags.error !== null) return;
        save.mutate({
          ...input,
          ...(name.trim() ? { name: name.trim() } : {}),
          ...(notes.trim() ? { notes: notes.trim() } : {}),
          ...(tags.tags.length > 0 ? { tags: tags.tags } : {}),
        });
      }}
    >
      <Field id={nameId} label="Name (optional)">
        {(control) => (
          <Input
            {...control}
            value={name}
            maxLength={80}
            onChange={(e) => setName(e.target.value)}
            placeholder={placeholder}
            className="w-full"
          />
        )}
      </Field>
      <Field id={`${nameId}-notes`} label="Notes (optional)">
        {(control) => (
          <Textarea
            {...control}
            value={notes}
            maxLength={1_000}
            rows={2}
            onChange={(e) => setNotes(e.target.value)}
            className="w-full"
          />
        )}
      </Field>
      <Field
        id={`${nameId}-tags`}
        label="Tags (optional)"
        hint={`Separated by commas, up to ${MAX_TAGS}`}
        error={tags.error}
      >
        {(control) => (
          <Input
            {...control}
            value={tagText}
            onChange={(e) => setTagText(e.target.value)}
            placeholder="hedge, Q1"
            className="w-full"
          />
        )}
      </Field>
      <Button
        type="submit"
        variant={variant}
        fullWidth
        disabled={disabled || tags.error !== null}
        loading={save.isPending}
      >
        {save.isPending ? 'Saving…' : 'Save quote'}
      </Button>
      {save.isSuccess ? <Alert tone="success">{savedNote(save.data)}</Alert> : null}
      {save.isError ? <Alert tone="error">{save.error.message}</Alert> : null}
    </form>
  );
}
