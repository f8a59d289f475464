/**
 * A partner's receiver of the county's notifications (issue 14 item 9), as a partner would write
 * it in Node: verify the Standard Webhooks signature with the `standardwebhooks` package (the same
 * scheme has libraries in Python, Go, Java, PHP, Ruby, C#, Rust…), answer 2xx fast, and
 * deduplicate on `webhook-id` (deliveries are at least once).
 *
 *   WEBHOOK_SECRET=whsec_… PORT=8080 node standard-webhooks-receiver.js
 *
 * The secret is the `signingSecret` that `subscribeToNeeds` answered once. Only the raw body is
 * verified: parse the JSON after the signature checks out, never before (a re-serialised body
 * does not match).
 */
import http from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export interface Notification {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface ReceiverOptions {
  /** The subscription's signing secret (whsec_…), or where to read it when it is needed. */
  secret: string | (() => string);
  /** Called once per delivery id, after the signature is verified. */
  onNotification: (n: Notification) => void | Promise<void>;
  /** Largest body accepted, bytes (default 1 MB). */
  maxBytes?: number;
}

export function createWebhookReceiver({ secret, onNotification, maxBytes = 1024 * 1024 }: ReceiverOptions): http.Server {
  const verifier = () => new Webhook(typeof secret === 'function' ? secret() : secret);
  // A real receiver keeps these in its database with a unique index (and forgets them after a few days).
  const seen = new Set<string>();
  return http.createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) req.destroy();
      else chunks.push(c);
    });
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      let notification: Notification;
      try {
        // Checks the signature and that the timestamp is within five minutes (replays of old deliveries fail).
        notification = verifier().verify(body, headers) as Notification;
      } catch (err) {
        res.writeHead(err instanceof WebhookVerificationError ? 401 : 400, { 'content-type': 'text/plain' }).end('invalid signature');
        return;
      }
      if (!seen.has(headers['webhook-id'])) {
        seen.add(headers['webhook-id']);
        await onNotification(notification);
      }
      res.writeHead(204).end();
    });
  });
}

if (require.main === module) {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) {
    console.error('WEBHOOK_SECRET=whsec_… is required (the signingSecret subscribeToNeeds answered)');
    process.exit(2);
  }
  const port = Number(process.env.PORT ?? 8080);
  createWebhookReceiver({ secret, onNotification: (n) => console.log(`${n.type} ${n.id}`, JSON.stringify(n.data)) })
    .listen(port, () => console.log(`listening on ${port}`));
}
