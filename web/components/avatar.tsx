import { useState } from 'react';
import { initials } from '../lib/format';

/** A picture when there is one that loads, else the name's initials on a calm background. */
export function Avatar({
  name,
  src,
  size = 'md',
}: {
  name: string;
  src?: string | undefined;
  size?: 'sm' | 'md' | 'lg';
}) {
  const [failed, setFailed] = useState(false);
  if (src && !failed) {
    return (
      <img
        className={`avatar avatar--${size}`}
        src={src}
        alt=""
        referrerPolicy="no-referrer"
        loading="lazy"
        onError={() => setFailed(true)}
      />
    );
  }
  return (
    <span className={`avatar avatar--${size} avatar--initials`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
