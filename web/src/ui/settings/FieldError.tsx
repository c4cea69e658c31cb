/**
 * The message under a field, referenced by the field's `aria-describedby`: an error (read out
 * as it appears), or a quiet note ("Loading models…").
 */
export function FieldError({
  id,
  message,
  quiet = false,
  testId,
}: {
  id: string;
  message: string | undefined;
  quiet?: boolean;
  testId?: string;
}) {
  if (!message) return null;
  return (
    <p
      id={id}
      className={quiet ? 'field-hint' : 'field-error'}
      role={quiet ? undefined : 'alert'}
      data-testid={testId}
    >
      {message}
    </p>
  );
}
