// SPDX-License-Identifier: MIT
// Preloaded (node --require) into the npm MCP server that
// tests/e2e/probe_npm_mcp.sh starts.  The server calls app.listen(PORT) on
// every interface; this makes it listen on 127.0.0.1 only, on the port
// given (0 = one the kernel picks, so parallel runs never collide), and
// writes the real port to $AO_PORT_FILE once it is listening, so the test
// waits for that file instead of sleeping.
'use strict';
const net = require('net');
const fs = require('fs');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    const port = Number(args[0]);
    const cb = args.find((a) => typeof a === 'function');
    this.once('listening', () => {
      const file = process.env.AO_PORT_FILE;
      if (file) {
        fs.writeFileSync(file + '.tmp', String(this.address().port));
        fs.renameSync(file + '.tmp', file);
      }
    });
    return cb ? listen.call(this, port, '127.0.0.1', cb) : listen.call(this, port, '127.0.0.1');
  }
  return listen.apply(this, args);
};
