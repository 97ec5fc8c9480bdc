import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { InlineError } from '../../../components/error-state';
import { Field } from '../../../components/field';
import { formatDateTime } from '../../../lib/format';
import { useMutation } from '../../../lib/use-mutation';
import { getMessages, MESSAGE_PAGE_SIZE, type Message, mergeMessages, sendMessage } from '../api/messages';

const NO_MESSAGES: readonly Message[] = [];

// Local ids for messages not yet confirmed; a counter is enough within one page.
let nextLocalId = 0;

type Outgoing = {
  localId: string;
  text: string;
  sentAt: string;
  state: 'sending' | 'failed';
  error?: unknown;
};

/**
 * One conversation: the messages so far (older pages load when the top is scrolled into view, or
 * by the button there), and a composer that shows a message at once and marks it failed, with a
 * retry, when Thumbtack does not take it.
 */
export function MessageThread({
  negotiationId,
  initialMessages,
  liveMessages = NO_MESSAGES,
  mine,
  counterpart,
}: {
  negotiationId: string;
  /** The newest page, from the screen's loader; a reload brings a newer one. */
  initialMessages: Message[];
  /** Messages that arrived live (docs/live-updates.md), shown with the rest, each once. */
  liveMessages?: readonly Message[];
  /** Which side of the conversation the signed-in person is. */
  mine: 'Business' | 'Customer';
  counterpart: string;
}) {
  const [loaded, setLoaded] = useState(() => mergeMessages(initialMessages));
  // Older pages and sent messages are kept here; a reloaded newest page and live arrivals join them.
  const messages = useMemo(
    () => mergeMessages(liveMessages, loaded, initialMessages),
    [loaded, initialMessages, liveMessages],
  );
  const [hasOlder, setHasOlder] = useState(initialMessages.length >= MESSAGE_PAGE_SIZE);
  const [outgoing, setOutgoing] = useState<Outgoing[]>([]);
  const listRef = useRef<HTMLOListElement>(null);
  const topRef = useRef<HTMLLIElement>(null);
  const stickToBottom = useRef(true);

  const older = useMutation((sentBefore: string) => getMessages(negotiationId, { sentBefore }));
  const { run: runOlder, pending: olderPending } = older;

  const loadOlder = useCallback(async () => {
    const oldest = messages[0];
    if (!oldest || olderPending) return;
    const list = listRef.current;
    const distanceFromBottom = list ? list.scrollHeight - list.scrollTop : 0;
    const result = await runOlder(oldest.sentAt);
    if (!result.ok) return;
    stickToBottom.current = false;
    // A full page may have more before it, unless it brought nothing older than what is shown
    // (a server ignoring the cursor must not make the thread ask forever).
    const broughtOlder = result.value.some(
      (message) => Date.parse(message.sentAt) < Date.parse(oldest.sentAt),
    );
    setHasOlder(broughtOlder && result.value.length >= MESSAGE_PAGE_SIZE);
    setLoaded((current) => mergeMessages(result.value, current));
    // Keep the message the reader was looking at in place while older ones appear above it.
    requestAnimationFrame(() => {
      if (list) list.scrollTop = list.scrollHeight - distanceFromBottom;
    });
  }, [messages, olderPending, runOlder]);

  // Scrolling to the top of the thread asks for the page before it.
  useEffect(() => {
    const sentinel = topRef.current;
    if (!sentinel || !hasOlder || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void loadOlder();
      },
      { root: listRef.current },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasOlder, loadOlder]);

  // New messages (and the first render) keep the newest message in view.
  useEffect(() => {
    const list = listRef.current;
    if (list && stickToBottom.current) list.scrollTop = list.scrollHeight;
  });

  async function deliver(item: Outgoing) {
    stickToBottom.current = true;
    setOutgoing((current) => [
      ...current.filter((entry) => entry.localId !== item.localId),
      { ...item, state: 'sending' },
    ]);
    try {
      const sent = await sendMessage(negotiationId, item.text);
      setOutgoing((current) => current.filter((entry) => entry.localId !== item.localId));
      setLoaded((current) =>
        mergeMessages(current, [
          sent?.messageID
            ? sent
            : { messageID: item.localId, from: mine, text: item.text, sentAt: item.sentAt },
        ]),
      );
    } catch (error) {
      setOutgoing((current) =>
        current.map((entry) =>
          entry.localId === item.localId ? { ...entry, state: 'failed', error } : entry,
        ),
      );
    }
  }

  function send(text: string) {
    nextLocalId += 1;
    void deliver({
      localId: `local-${nextLocalId}`,
      text,
      sentAt: new Date().toISOString(),
      state: 'sending',
    });
  }

  return (
    <section className="thread" aria-label={`Conversation with ${counterpart}`}>
      <div className="thread__header">
        <h2>Messages</h2>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard; once every message is loaded it holds nothing focusable (axe scrollable-region-focusable). */}
      <ol className="thread__messages" ref={listRef} aria-label="Messages" tabIndex={0}>
        {hasOlder ? (
          <li ref={topRef} className="thread__older">
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={loadOlder}
              disabled={olderPending}
            >
              {olderPending ? 'Loading older messages…' : 'Load older messages'}
            </button>
            {older.error ? <InlineError error={older.error} action="reading messages" /> : null}
          </li>
        ) : null}
        {messages.length === 0 && outgoing.length === 0 ? (
          <li className="muted thread__empty">No messages yet. Say hello to {counterpart}.</li>
        ) : null}
        {messages.map((message) => (
          <MessageBubble
            key={message.messageID}
            text={message.text}
            meta={`${senderName(message, mine)} · ${formatDateTime(message.sentAt)}`}
            mine={message.from === mine}
          />
        ))}
        {outgoing.map((item) => (
          <MessageBubble
            key={item.localId}
            text={item.text}
            mine
            state={item.state}
            meta={item.state === 'sending' ? 'Sending…' : 'Not sent'}
          >
            {item.state === 'failed' ? (
              <span className="bubble__actions">
                <InlineError error={item.error} action="sending messages" />
                <button type="button" className="link-button" onClick={() => void deliver(item)}>
                  Retry
                </button>
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    setOutgoing((current) => current.filter((entry) => entry.localId !== item.localId))
                  }
                >
                  Discard
                </button>
              </span>
            ) : null}
          </MessageBubble>
        ))}
      </ol>
      <Composer counterpart={counterpart} onSend={send} />
    </section>
  );
}

function senderName(message: Message, mine: 'Business' | 'Customer'): string {
  if (message.from === mine) return 'You';
  return (
    (message.from === 'Customer' ? message.customer?.displayName : message.business?.displayName) ??
    message.from
  );
}

function MessageBubble({
  text,
  meta,
  mine,
  state,
  children,
}: {
  text: string;
  meta: string;
  mine: boolean;
  state?: 'sending' | 'failed';
  children?: React.ReactNode;
}) {
  const classes = ['bubble', mine ? 'bubble--mine' : '', state ? `bubble--${state}` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <li className={classes}>
      <span className="bubble__text">{text}</span>
      <span className="bubble__meta">{meta}</span>
      {children}
    </li>
  );
}

function Composer({ counterpart, onSend }: { counterpart: string; onSend: (text: string) => void }) {
  const [text, setText] = useState('');
  const trimmed = text.trim();

  function submit(event: { preventDefault(): void }) {
    event.preventDefault();
    if (!trimmed) return;
    onSend(trimmed);
    setText('');
  }

  return (
    <form className="composer" onSubmit={submit}>
      <Field label={`Message to ${counterpart}`} hideLabel>
        {(control) => (
          <textarea
            {...control}
            className="textarea"
            rows={2}
            maxLength={16384}
            value={text}
            placeholder={`Write to ${counterpart}…`}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              // Ctrl/Cmd+Enter sends; a plain Enter makes a new line, as people expect in a message box.
              if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) submit(event);
            }}
          />
        )}
      </Field>
      <button type="submit" className="button" disabled={!trimmed}>
        Send
      </button>
    </form>
  );
}
