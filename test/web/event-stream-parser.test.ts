import { describe, expect, it } from 'vitest';
import {
  createEventStreamParser,
  type ServerSentEvent,
} from '../../web/features/live/api/event-stream-parser';

/** Feeds `chunks` to a new parser and returns what it dispatched. */
function parse(chunks: string[], initialLastEventId?: string) {
  const events: ServerSentEvent[] = [];
  const retries: number[] = [];
  const comments: string[] = [];
  const parser = createEventStreamParser(
    {
      onEvent: (event) => events.push(event),
      onRetry: (ms) => retries.push(ms),
      onComment: (text) => comments.push(text),
    },
    initialLastEventId,
  );
  for (const chunk of chunks) parser.push(chunk);
  return { events, retries, comments, lastEventId: parser.lastEventId };
}

/** Every way of cutting `text` in two, and in single characters. */
function cuts(text: string): string[][] {
  const out: string[][] = [[text], [...text]];
  for (let i = 1; i < text.length; i += 1) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

const STREAM = [
  'retry: 3000',
  '',
  ': heartbeat',
  '',
  'id: 1',
  'event: lead',
  'data: {"businessID":"1",',
  'data: "negotiationID":"2"}',
  '',
  'id: 2',
  'event: message',
  'data:no space',
  '',
];

describe('the text/event-stream parser', () => {
  it('dispatches events with their type, id and multi-line data at each blank line', () => {
    const { events, retries, comments, lastEventId } = parse([`${STREAM.join('\n')}\n`]);
    expect(events).toEqual([
      { type: 'lead', data: '{"businessID":"1",\n"negotiationID":"2"}', lastEventId: '1' },
      { type: 'message', data: 'no space', lastEventId: '2' },
    ]);
    expect(retries).toEqual([3000]);
    expect(comments).toEqual(['heartbeat']);
    expect(lastEventId).toBe('2');
  });

  it('gives the same events however the stream is cut into chunks', () => {
    const text = `${STREAM.join('\n')}\n`;
    const expected = parse([text]).events;
    for (const chunks of cuts(text)) expect(parse(chunks).events).toEqual(expected);
  });

  it('reads CRLF, CR and LF line endings alike, a CRLF cut between its CR and LF included', () => {
    const expected = parse([`${STREAM.join('\n')}\n`]);
    for (const ending of ['\r\n', '\r']) {
      const text = `${STREAM.join(ending)}${ending}`;
      for (const chunks of cuts(text)) {
        const result = parse(chunks);
        expect(result.events).toEqual(expected.events);
        expect(result.retries).toEqual([3000]);
        expect(result.comments).toEqual(['heartbeat']);
      }
    }
    // One LF after a CR ends one line, not two: the event is not cut short.
    expect(parse(['data: a\r', '\ndata: b\r', '\n\r', '\n']).events).toEqual([
      { type: 'message', data: 'a\nb', lastEventId: '' },
    ]);
  });

  it('waits for the blank line: an event cut off at the end of a chunk is not dispatched early', () => {
    const events: ServerSentEvent[] = [];
    const parser = createEventStreamParser({ onEvent: (event) => events.push(event) });
    parser.push('event: review\ndata: {}\n');
    expect(events).toEqual([]);
    parser.push('\n');
    expect(events).toEqual([{ type: 'review', data: '{}', lastEventId: '' }]);
  });

  it('ignores comments, unknown fields and bad retry values; a bare field name is an empty value', () => {
    const { events, retries, comments } = parse([
      ':\n: heartbeat\n:  two spaces\nfoo: bar\nretry: 1.5\nretry: soon\nretry\ndata\n\n',
    ]);
    expect(comments).toEqual(['', 'heartbeat', ' two spaces']);
    expect(retries).toEqual([]);
    expect(events).toEqual([{ type: 'message', data: '', lastEventId: '' }]);
  });

  it('keeps the last id across events, commits it at a blank line without data, and resets it on an empty id', () => {
    expect(parse(['id: 7\n\ndata: x\n\n']).events).toEqual([
      { type: 'message', data: 'x', lastEventId: '7' },
    ]);
    // An id-only block moves the resume point without an event.
    expect(parse(['id: 9\n\n'])).toMatchObject({ events: [], lastEventId: '9' });
    // Not committed before its blank line.
    expect(parse(['data: x\n\nid: 10\n']).lastEventId).toBe('');
    expect(parse(['id: 3\ndata: a\n\nid\ndata: b\n\n']).events.map((e) => e.lastEventId)).toEqual(['3', '']);
    // An id with a NULL is ignored.
    expect(parse(['id: 4\n\nid: 5\u00006\ndata: c\n\n']).events).toEqual([
      { type: 'message', data: 'c', lastEventId: '4' },
    ]);
  });

  it('resumes from the id a previous stream reached', () => {
    expect(parse(['data: again\n\n'], '41')).toMatchObject({
      events: [{ type: 'message', data: 'again', lastEventId: '41' }],
      lastEventId: '41',
    });
  });

  it('resets the event type after each event, and skips a leading byte order mark', () => {
    const { events } = parse(['\uFEFF', 'event: lead\ndata: 1\n\ndata: 2\n\n']);
    expect(events).toEqual([
      { type: 'lead', data: '1', lastEventId: '' },
      { type: 'message', data: '2', lastEventId: '' },
    ]);
  });

  it('keeps only one leading space of a value, and colons after the first', () => {
    expect(parse(['data:  two\ndata: a: b\ndata:\n\n']).events).toEqual([
      { type: 'message', data: ' two\na: b\n', lastEventId: '' },
    ]);
  });

  it('reads many-byte characters cut across chunks, when decoded as a stream', () => {
    const bytes = new TextEncoder().encode('event: lead\ndata: {"name":"Zoë 🛠"}\n\n');
    const decoder = new TextDecoder();
    const events: ServerSentEvent[] = [];
    const parser = createEventStreamParser({ onEvent: (event) => events.push(event) });
    for (const byte of bytes) parser.push(decoder.decode(new Uint8Array([byte]), { stream: true }));
    expect(events).toEqual([{ type: 'lead', data: '{"name":"Zoë 🛠"}', lastEventId: '' }]);
  });
});
