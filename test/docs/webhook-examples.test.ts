/**
 * The signature-verification examples of README.zh-CN.md are right (issue 14 item 7): the Python
 * function printed there, run as printed, accepts what the server's signer (the `standardwebhooks`
 * package the outbox worker signs with) produces and refuses a changed body, a wrong secret and a
 * stale timestamp; the worked example's figures are what both compute. The Node example uses
 * that same package's `verify`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'README.zh-CN.md'), 'utf8');
const python = /```python\n([\s\S]*?)```/.exec(doc)?.[1];
const VECTOR = { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}' };

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

it('the worked example states the signature the signer makes', () => {
  const signature = new Webhook(VECTOR.secret).sign(VECTOR.id, new Date(VECTOR.timestamp * 1000), VECTOR.body);
  expect(doc).toContain(VECTOR.secret);
  expect(doc).toContain(signature);
  expect(doc).toContain('```js');
  expect(doc).toMatch(/wh\.verify\(req\.body/);
});

(hasPython() ? it : it.skip)('the Python verify() of the documentation accepts the signer\'s signatures and refuses forgeries (skipped only without python3)', () => {
  expect(python).toBeDefined();
  const secret = 'whsec_' + Buffer.from('office-docs test secret 24b').subarray(0, 24).toString('base64');
  const now = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ type: 'NeedPublished', need: { kind: 'MEDICAL', uncoveredAmount: 120000 } });
  const sig = new Webhook(secret).sign('msg_1', new Date(now * 1000), body);
  const cases = [
    { name: 'genuine', secret, headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(now), 'webhook-signature': `v1,AAAA ${sig}` }, body, expected: true },
    { name: 'changed body', secret, headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(now), 'webhook-signature': sig }, body: body.replace('120000', '920000'), expected: false },
    { name: 'wrong secret', secret: 'whsec_' + Buffer.alloc(24, 7).toString('base64'), headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(now), 'webhook-signature': sig }, body, expected: false },
    { name: 'stale', secret, headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(now - 600), 'webhook-signature': new Webhook(secret).sign('msg_1', new Date((now - 600) * 1000), body) }, body, expected: false },
  ];
  const script = `${python}\nimport json, sys\nfor c in json.loads(sys.stdin.read()):\n    print(c["name"], verify(c["secret"], c["headers"], c["body"].encode()))\n`;
  const out = execFileSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' });
  expect(out.trim().split('\n')).toEqual(cases.map((c) => `${c.name} ${c.expected ? 'True' : 'False'}`));
});
