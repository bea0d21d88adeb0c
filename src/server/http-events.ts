// The event store that makes one HTTP session's SSE streams resumable: every message sent on a
// stream gets an event id, and a client that lost the stream reconnects with Last-Event-ID to get
// what it missed. One store per session, dropped with it, and bounded so a client that never
// reconnects cannot make it grow.
import type { EventId, EventStore, StreamId } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

interface StoredEvent {
  id: EventId;
  stream: StreamId;
  seq: number;
  message: JSONRPCMessage;
}

export class SessionEventStore implements EventStore {
  private seq = 0;
  private readonly events: StoredEvent[] = [];
  private readonly byId = new Map<EventId, StoredEvent>();

  constructor(private readonly maxEvents = 1_000) {}

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const seq = ++this.seq;
    // The sequence number first: ids are unique in the session, and streams may hold any characters.
    const event: StoredEvent = { id: `${seq}-${streamId}`, stream: streamId, seq, message };
    this.events.push(event);
    this.byId.set(event.id, event);
    while (this.events.length > this.maxEvents) {
      const old = this.events.shift();
      if (old) this.byId.delete(old.id);
    }
    return event.id;
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    return this.byId.get(eventId)?.stream;
  }

  async replayEventsAfter(lastEventId: EventId, { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> }): Promise<StreamId> {
    const last = this.byId.get(lastEventId);
    if (!last) return '';
    for (const e of this.events) {
      // Priming events carry an empty message: they only hand out a cursor.
      if (e.stream === last.stream && e.seq > last.seq && Object.keys(e.message).length > 0) await send(e.id, e.message);
    }
    return last.stream;
  }

  get size(): number {
    return this.events.length;
  }
}
