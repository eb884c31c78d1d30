// SPDX-License-Identifier: MIT
// The official A2A JS client (@a2a-js/sdk, not our code) against an agent:
//   node a2a_client.mjs BASE_URL TOKEN
// Prints one JSON line: {"ok":true,"kind":"task"|"message",...} or
// {"ok":false,"error":"..."}; exit 0 either way (the caller asserts).
import { ClientFactory } from '@a2a-js/sdk/client';

const [base, token] = process.argv.slice(2);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
try {
  const client = await new ClientFactory().createFromUrl(base);
  const r = await client.sendMessage(
    { message: { messageId: 'm-1', role: 'ROLE_USER',
                 parts: [{ data: { skill: 'get_adcp_capabilities', input: {} } }] } },
    { serviceParameters: { Authorization: `Bearer ${token}` } });
  // the client unwraps SendMessageResponse {task} / {message} into a Task or a Message
  const kind = r && r.id && r.status ? 'task' : r && r.messageId && r.role ? 'message' : 'other';
  const state = kind === 'task' ? r.status.state : null;
  out({ ok: true, kind, state });
} catch (e) {
  out({ ok: false, error: String(e && e.message ? e.message : e) });
}
