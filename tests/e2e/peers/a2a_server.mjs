// SPDX-License-Identifier: MIT
// Real A2A servers from @a2a-js/sdk (not our code), for
// tests/e2e/probe_npm_peers.sh, each on its own loopback port (a card lives
// at the origin):
//   open   JSON-RPC and HTTP+JSON, no authentication; card at
//          /.well-known/agent-card.json
//   auth   JSON-RPC only, Authorization: Bearer $A2A_TOKEN required; card
//          only at the older /.well-known/agent.json
//   rest   HTTP+JSON only, Bearer $A2A_TOKEN required
// Writes "OPEN AUTH REST" ports to $AO_PORT_FILE once all listen.
import fs from 'node:fs';
import express from 'express';
import { DefaultRequestHandler, InMemoryTaskStore } from '@a2a-js/sdk/server';
import { jsonRpcHandler, restHandler, UserBuilder } from '@a2a-js/sdk/server/express';

const TOKEN = process.env.A2A_TOKEN || 'peer-token';

const executor = {
  async execute(ctx, bus) {
    bus.publish({
      messageId: `reply-${ctx.taskId}`, role: 'ROLE_AGENT', contextId: ctx.contextId,
      parts: [{ data: { adcp: { major_versions: [3] } } }],
    });
    bus.finished();
  },
  async cancelTask() {},
};

function card(port, bindings, version) {
  return {
    name: 'npm peer A2A agent', description: 'an @a2a-js/sdk server', version: '1.0.0',
    supportedInterfaces: bindings.map((b) => ({
      url: `http://127.0.0.1:${port}/${b === 'JSONRPC' ? 'rpc' : 'rest'}`, protocolBinding: b, protocolVersion: version,
    })),
    capabilities: { streaming: false, pushNotifications: false,
                    extensions: [{ uri: 'https://adcontextprotocol.org/extensions/adcp/v3' }] },
    defaultInputModes: ['application/json'], defaultOutputModes: ['application/json'],
    skills: [{ id: 'get_adcp_capabilities', name: 'caps', description: 'AdCP capabilities', tags: ['adcp'] },
             { id: 'get_products', name: 'products', description: 'products', tags: ['adcp'] }],
  };
}

function server(bindings, { auth, cardPaths }) {
  const app = express();
  let c;
  const handler = () => new DefaultRequestHandler(c, new InMemoryTaskStore(), executor);
  for (const p of cardPaths) app.get(p, (req, res) => res.json(c));
  const guard = (req, res, next) => {
    if (auth && req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.set('WWW-Authenticate', 'Bearer realm="a2a-peer"').status(401).json({ error: 'unauthorized' });
      return;
    }
    next();
  };
  const ready = new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => {
      const port = s.address().port;
      c = card(port, bindings, '1.0');
      const h = handler();
      if (bindings.includes('JSONRPC'))
        app.use('/rpc', guard, express.json(), jsonRpcHandler({ requestHandler: h, userBuilder: UserBuilder.noAuthentication }));
      if (bindings.includes('HTTP+JSON'))
        app.use('/rest', guard, restHandler({ requestHandler: h, userBuilder: UserBuilder.noAuthentication }));
      resolve(port);
    });
  });
  return ready;
}

const ports = await Promise.all([
  server(['JSONRPC', 'HTTP+JSON'], { auth: false, cardPaths: ['/.well-known/agent-card.json'] }),
  server(['JSONRPC'], { auth: true, cardPaths: ['/.well-known/agent.json'] }),
  server(['HTTP+JSON'], { auth: true, cardPaths: ['/.well-known/agent-card.json'] }),
]);
const f = process.env.AO_PORT_FILE;
fs.writeFileSync(f + '.tmp', ports.join(' ') + '\n');
fs.renameSync(f + '.tmp', f);
