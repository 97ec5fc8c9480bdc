import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

const APP_NAME = 'Thumbtack Partner Console';

/**
 * The screen's one <h1>. It names the tab and, after an in-app navigation, takes focus so a
 * screen-reader user hears where they landed and keyboard users continue from the top of the page.
 * On the first page load focus stays where the browser put it.
 */
export function PageTitle({ children, title }: { children: React.ReactNode; title?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const location = useLocation();
  const text = title ?? textOf(children);

  useEffect(() => {
    if (text) document.title = `${text} · ${APP_NAME}`;
  }, [text]);

  // Only a new screen moves focus: a changed query on the same screen (a search, a page of
  // reviews) leaves it where the person is working. 'default' is the key of the first entry.
  const { pathname, key } = location;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new pathname is exactly when focus should move.
  useEffect(() => {
    if (key !== 'default') ref.current?.focus();
  }, [pathname]);

  return (
    <h1 ref={ref} tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}

/** The plain text of a title written as strings and numbers; anything richer needs `title`. */
function textOf(children: React.ReactNode): string | undefined {
  const parts = Array.isArray(children) ? children : [children];
  if (!parts.every((part) => typeof part === 'string' || typeof part === 'number')) return undefined;
  return parts.join('');
}
