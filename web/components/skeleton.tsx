// Grey placeholders in the shape of what is loading. They are hidden from assistive technology;
// the surrounding region announces "Loading …" once instead.

export function SkeletonList({ rows = 3, label }: { rows?: number; label: string }) {
  return (
    <div className="skeleton-list" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity of their own.
        <div key={index} className="skeleton-row" aria-hidden="true">
          <span className="skeleton skeleton--avatar" />
          <span className="skeleton-lines">
            <span className="skeleton skeleton--line" />
            <span className="skeleton skeleton--line skeleton--short" />
          </span>
        </div>
      ))}
    </div>
  );
}

export function SkeletonBlock({ label, height = 160 }: { label: string; height?: number }) {
  return (
    <div role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      <div className="skeleton skeleton--block" style={{ height }} aria-hidden="true" />
    </div>
  );
}
