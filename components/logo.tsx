/** Warden's shield mark; decorative, so hidden from assistive technology. */
export function Logo({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false" className={className}>
      <path d="M16 2 4 6.5v8.3c0 7.4 5 13.4 12 15.2 7-1.8 12-7.8 12-15.2V6.5Z" fill="currentColor" className="text-accent" />
      <path
        d="m10.5 16.2 3.8 3.8 7.4-7.6"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.8"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="text-accent-foreground"
      />
    </svg>
  );
}
