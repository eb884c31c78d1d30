// SPDX-License-Identifier: MIT
// Real MCP servers from @modelcontextprotocol/sdk (not our code), for
// tests/e2e/probe_npm_peers.sh.  One process, several endpoints on one
// loopback port, plus an OAuth authorization server's metadata on a second
// port (RFC 9728 metadata must be able to point elsewhere):
//   /stateful-sse     sessions (Mcp-Session-Id), text/event-stream replies
//   /stateless-json   no sessions, application/json replies
//   /bearer           stateful JSON, Authorization: Bearer $MCP_TOKEN required
//   /oauth            401 + WWW-Authenticate resource_metadata -> RFC 9728
//                     metadata here, authorization_servers -> the other port
// Writes "PORT AS_PORT" to $AO_PORT_FILE once both listen.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const TOKEN = process.env.MCP_TOKEN || 'peer-token';

function newServer() {
  const s = new McpServer({ name: 'npm-peer-mcp', version: '1.0.0' });
  s.tool('get_adcp_capabilities', 'AdCP capabilities', async () => ({
    content: [{ type: 'text', text: JSON.stringify({ adcp: { major_versions: [3] } }) }],
  }));
  s.tool('get_products', 'Products for a brief', async () => ({
    content: [{ type: 'text', text: JSON.stringify({ products: [] }) }],
  }));
  return s;
}

// A stateful endpoint: one transport per session.
function stateful(app, path, json) {
  const sessions = new Map();
  app.all(path, async (req, res) => {
    const sid = req.headers['mcp-session-id'];
    let t = sid ? sessions.get(sid) : undefined;
    if (!t) {
      if (sid) { res.status(404).json({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } }); return; }
      t = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: json,
        onsessioninitialized: (id) => sessions.set(id, t),
      });
      await newServer().connect(t);
    }
    await t.handleRequest(req, res, req.body);
  });
}

// A stateless endpoint: a fresh server and transport per request.
function stateless(app, path, json) {
  app.post(path, async (req, res) => {
    const t = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: json });
    const s = newServer();
    res.on('close', () => { t.close(); s.close(); });
    await s.connect(t);
    await t.handleRequest(req, res, req.body);
  });
}

const as = express();
const app = express();
app.use(express.json());
let port = 0, asPort = 0;

app.use('/bearer', (req, res, next) => {
  if (req.headers.authorization !== `Bearer ${TOKEN}`) {
    res.set('WWW-Authenticate', 'Bearer realm="npm-peer", error="invalid_token"').status(401).json({ error: 'unauthorized' });
    return;
  }
  next();
});
app.use('/oauth', (req, res) => {
  res.set('WWW-Authenticate',
    `Bearer resource_metadata="http://127.0.0.1:${port}/.well-known/oauth-protected-resource/oauth"`)
    .status(401).json({ error: 'unauthorized' });
});
app.get('/.well-known/oauth-protected-resource/oauth', (req, res) => {
  res.json({ resource: `http://127.0.0.1:${port}/oauth`, authorization_servers: [`http://127.0.0.1:${asPort}`],
             bearer_methods_supported: ['header'] });
});
as.get('/.well-known/oauth-authorization-server', (req, res) => {
  const base = `http://127.0.0.1:${asPort}`;
  res.json({ issuer: base, authorization_endpoint: `${base}/authorize`, token_endpoint: `${base}/token`,
             registration_endpoint: `${base}/register`, response_types_supported: ['code'],
             code_challenge_methods_supported: ['S256'] });
});
stateful(app, '/stateful-sse', false);
stateless(app, '/stateless-json', true);
stateful(app, '/bearer', true);

const a = as.listen(0, '127.0.0.1', () => {
  asPort = a.address().port;
  const m = app.listen(0, '127.0.0.1', () => {
    port = m.address().port;
    const f = process.env.AO_PORT_FILE;
    fs.writeFileSync(f + '.tmp', `${port} ${asPort}\n`);
    fs.renameSync(f + '.tmp', f);
  });
});
