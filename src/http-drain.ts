import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import net from 'node:net';

/** How long a connection without a request in progress stays open once the drain began. */
export const DEFAULT_LINGER_MS = 1000;

/**
 * Closing an HTTP server without losing a request a client has already sent.
 *
 * Node's `server.close()` destroys every connection without a request in progress at once
 * (`closeIdleConnections`, Node >= 19), and so do @godaddy/terminus (stoppable) and
 * http-terminator. That includes a connection accepted a moment ago whose request is still in
 * the socket, not yet parsed because the process was busy: under load (test/ops/shutdown.test.ts)
 * clients then saw "other side closed" for requests sent before the signal. So here:
 *   - the listener closes (no new connections) without that idle sweep;
 *   - a request in progress runs to its end and its response says `Connection: close`, so the
 *     connection closes after it; a request arriving on an open connection during the drain is
 *     served the same way;
 *   - a connection without a request in progress closes once it has been quiet for `lingerMs`
 *     (since it opened or since its last response), time for a request already sent to arrive;
 *   - at the deadline the connections still open are destroyed, requests in flight or not.
 */
export class HttpDrain {
  /** Every open connection and when it last did something (opened, or finished a response). */
  private readonly quietSince = new Map<net.Socket, number>();
  /** Responses in progress, per connection. */
  private readonly responses = new Map<net.Socket, Set<ServerResponse>>();
  private draining = false;

  constructor(private readonly server: Server, private readonly lingerMs = DEFAULT_LINGER_MS) {
    // Prepended: seen before the app answers, even when it answers synchronously.
    server.prependListener('connection', (socket: net.Socket) => {
      this.quietSince.set(socket, Date.now());
      socket.once('close', () => {
        this.quietSince.delete(socket);
        this.responses.delete(socket);
      });
    });
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      const socket = req.socket;
      let open = this.responses.get(socket);
      if (!open) this.responses.set(socket, (open = new Set()));
      open.add(res);
      if (this.draining) res.setHeader('connection', 'close');
      res.once('close', () => {
        open.delete(res);
        if (this.quietSince.has(socket)) this.quietSince.set(socket, Date.now());
      });
    });
  }

  /** Requests in progress. */
  inFlight(): number {
    let n = 0;
    for (const open of this.responses.values()) n += open.size;
    return n;
  }

  /**
   * Stops accepting and resolves when every connection is closed; at `deadlineMs` the rest are
   * destroyed. Resolves with the number of requests that were still in progress then.
   */
  async close(deadlineMs: number): Promise<{ cut: number }> {
    this.draining = true;
    for (const open of this.responses.values()) {
      for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close');
    }
    // net.Server's close, not http.Server's: the latter would first destroy the quiet connections.
    const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(this.server, () => resolve()));
    const sweep = setInterval(() => this.closeQuiet(), 50);
    this.closeQuiet();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    try {
      if ((await Promise.race([closed.then(() => 'closed' as const), deadline])) === 'closed') return { cut: 0 };
      const cut = this.inFlight();
      for (const socket of this.quietSince.keys()) socket.destroy();
      await closed;
      return { cut };
    } finally {
      clearInterval(sweep);
      clearTimeout(timer);
    }
  }

  private closeQuiet(): void {
    const now = Date.now();
    for (const [socket, since] of this.quietSince) {
      if (!this.responses.get(socket)?.size && now - since >= this.lingerMs) socket.destroy();
    }
  }
}
