import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';

// The parts the risk-parameter and tier publish forms share: a decimal field, the Preview /
// Publish… buttons, the preview with its "changed since" note, and the confirmation's change list.

/** A labelled decimal input with its hint and the error the server or zod named for it. */
export function DecimalField(props: {
  id: string;
  label: string;
  hint: string;
  error: string | null;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
      {(control) => (
        <Input
          {...control}
          inputMode="decimal"
          className="w-full"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** Preview submits the form; Publish… opens the confirmation once the current values are previewed. */
export function PreviewPublishButtons(props: {
  previewing: boolean;
  canPublish: boolean;
  onPublish: () => void;
}) {
  return (
    <div className="flex flex-wrap gap-3">
      <Button type="submit" variant="secondary" loading={props.previewing}>
        Preview
      </Button>
      <Button disabled={!props.canPublish} onClick={props.onPublish}>
        Publish…
      </Button>
    </div>
  );
}

/** The preview, with a note when the form changed after it (publishing needs a fresh preview). */
export function PreviewBlock({ current, children }: { current: boolean; children: ReactNode }) {
  return (
    <div>
      {!current ? (
        <p className="mb-2 text-sm text-warning-800">
          The form changed since this preview: preview again to publish.
        </p>
      ) : null}
      {children}
    </div>
  );
}

/** What a publish changes, for its confirmation; says so when it changes nothing. */
export function ChangeList({ changes }: { changes: readonly ReactNode[] }) {
  if (changes.length === 0)
    return <p>The values are the same as the active version's: this publishes an identical new version.</p>;
  return (
    <ul className="list-disc space-y-1 pl-5">
      {changes.map((change, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt whole on each change
        <li key={i}>{change}</li>
      ))}
    </ul>
  );
}
