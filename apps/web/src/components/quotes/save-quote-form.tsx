'use client';
import type { SaveBuyerQuoteInput, SaveProviderQuoteInput } from '@bithedge/api';
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button, type ButtonVariant } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { useTRPC } from '@/trpc/client';
import { useInvalidate } from '@/trpc/invalidate';
import type { RouterOutputs } from '@/trpc/types';

type Saved = RouterOutputs['quotes']['save'];

/**
 * The form that saves a buyer quote or a provider estimate: an optional name, the save button and
 * its outcome. The server re-computes what it stores, so only the parameters are sent.
 */
export function SaveQuoteForm({
  input,
  nameId,
  placeholder,
  variant,
  disabled,
  savedNote,
}: {
  /** What to save; the form adds the name. */
  input: Omit<SaveBuyerQuoteInput, 'name'> | Omit<SaveProviderQuoteInput, 'name'>;
  nameId: string;
  placeholder: string;
  variant?: ButtonVariant;
  disabled: boolean;
  /** The success line after the save, with the saved quote's links. */
  savedNote: (saved: Saved) => ReactNode;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState('');
  const invalidate = useInvalidate();
  const save = useMutation(trpc.quotes.save.mutationOptions({ onSuccess: invalidate.savedQuotes }));
  return (
    <form
      className="mt-4 space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ ...input, ...(name.trim() ? { name: name.trim() } : {}) });
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
      <Button type="submit" variant={variant} fullWidth disabled={disabled} loading={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save quote'}
      </Button>
      {save.isSuccess ? <Alert tone="success">{savedNote(save.data)}</Alert> : null}
      {save.isError ? <Alert tone="error">{save.error.message}</Alert> : null}
    </form>
  );
}
