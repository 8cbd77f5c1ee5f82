import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { LinkButton } from '@/components/ui/page-header';

/** The end of an edit form: the errors that belong to no one field, then Save and Cancel. */
export function FormFooter({
  errors,
  pending,
  submitLabel,
  cancelHref,
}: {
  errors: (string | undefined)[];
  pending: boolean;
  submitLabel: string;
  cancelHref: string;
}) {
  return (
    <>
      {errors.map((e) => (e ? <Alert key={e}>{e}</Alert> : null))}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </Button>
        <LinkButton href={cancelHref} variant="secondary">
          Cancel
        </LinkButton>
      </div>
    </>
  );
}
