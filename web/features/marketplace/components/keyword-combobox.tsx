import { useEffect, useId, useRef, useState } from 'react';
import { Field } from '../../../components/field';
import { type Keyword, searchKeywords } from '../api/marketplace';

// Thumbtack advises a 250–500 ms pause before asking for suggestions.
const DEBOUNCE_MS = 300;

/**
 * "What do you need done?" with suggestions from Thumbtack's keyword search, following the ARIA
 * combobox pattern: arrows move through the list, Enter picks, Escape closes, and the list is
 * announced through aria-activedescendant while focus stays in the text box.
 */
export function KeywordCombobox({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [suggestions, setSuggestions] = useState<Keyword[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [failed, setFailed] = useState(false);
  // Typing asks for suggestions; picking one must not ask again for the text it just filled in.
  const typed = useRef(false);

  useEffect(() => {
    const query = value.trim();
    if (!typed.current || query.length < 2) {
      setSuggestions([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      searchKeywords(query, controller.signal).then(
        (keywords) => {
          setFailed(false);
          setSuggestions(keywords);
          setActive(-1);
          setOpen(keywords.length > 0);
        },
        () => {
          // Suggestions are a help, not a must: searching still works without them.
          if (!controller.signal.aborted) {
            setFailed(true);
            setSuggestions([]);
          }
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value]);

  function pick(keyword: Keyword) {
    typed.current = false;
    onChange(keyword.name);
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' && suggestions.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (index + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && suggestions.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (index <= 0 ? suggestions.length - 1 : index - 1));
    } else if (event.key === 'Enter' && open && active >= 0) {
      const keyword = suggestions[active];
      if (keyword) {
        event.preventDefault();
        pick(keyword);
      }
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  }

  const expanded = open && suggestions.length > 0;
  const activeKeyword = active >= 0 ? suggestions[active] : undefined;

  return (
    <Field
      id={id}
      label={label}
      className="combobox"
      hint={failed ? 'Suggestions are unavailable right now; you can still search.' : undefined}
    >
      {(control) => (
        <>
          <input
            {...control}
            className="input"
            type="text"
            role="combobox"
            autoComplete="off"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={
              expanded && activeKeyword ? `${id}-option-${activeKeyword.keywordID}` : undefined
            }
            placeholder="House cleaning, plumber, TV mounting…"
            value={value}
            onChange={(event) => {
              typed.current = true;
              onChange(event.target.value);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => setOpen(false)}
            onFocus={() => setOpen(suggestions.length > 0)}
          />
          <div
            id={listId}
            role="listbox"
            aria-label={`Suggestions for ${label.toLowerCase()}`}
            className="combobox__list"
            hidden={!expanded}
          >
            {suggestions.map((keyword, index) => (
              // biome-ignore lint/a11y/useFocusableInteractive: options stay unfocusable; the input keeps focus and points at them with aria-activedescendant.
              <div
                key={keyword.keywordID}
                id={`${id}-option-${keyword.keywordID}`}
                role="option"
                aria-selected={index === active}
                className="combobox__option"
                // mousedown, not click: it fires before the input's blur closes the list.
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(keyword);
                }}
              >
                {keyword.name}
              </div>
            ))}
          </div>
        </>
      )}
    </Field>
  );
}
