// SPDX-License-Identifier: MIT
// The official AdCP client library (@adcp/client, not our code) checks a
// get_products answer against its AdCP schema (GetProductsResponseSchema):
//   node adcp_validate.mjs MCP_URL TOKEN
// Prints one JSON line {"ok":bool,"products":N,"issues":[...]}; exit 0.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { GetProductsResponseSchema } from '@adcp/client';
const [url, token] = process.argv.slice(2);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
try {
  const client = new Client({ name: 'adcp-validate', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  const r = await client.callTool({ name: 'get_products', arguments: { brief: 'video in Europe' } });
  let data = r.structuredContent;
  if (!data && r.content && r.content[0] && r.content[0].text) data = JSON.parse(r.content[0].text);
  const v = GetProductsResponseSchema.safeParse(data);
  out({ ok: v.success, products: data && Array.isArray(data.products) ? data.products.length : null,
        issues: v.success ? [] : v.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) });
  await client.close();
} catch (e) { out({ ok: false, error: String(e && e.message || e) }); }
