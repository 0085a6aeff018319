/** A form's or a request's error in place, announced as an alert; nothing when there is none. */
export function FormError({ message, testId, id, className }: { message: string | null | undefined; testId?: string; id?: string; className?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className={["rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger", className].filter(Boolean).join(" ")} data-testid={testId}>
      {message}
    </p>
  );
}
