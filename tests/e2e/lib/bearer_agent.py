# SPDX-License-Identifier: MIT
# An agent on an origin of its own that asks for a Bearer token and
# publishes no OAuth metadata (every GET is 404): the simulator serves OAuth
# metadata at its root for its OAuth demo agent, so by RFC 9728's fallback
# every demo agent on it seems to have some.  Prints its URL, then serves.
import http.server
import sys


class Agent(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(n)
        body = b'{"error":"unauthorized"}'
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Bearer realm="agent"')
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, fmt, *args):
        sys.stderr.write("agent: " + (fmt % args) + "\n")


srv = http.server.HTTPServer(("127.0.0.1", 0), Agent)
print("http://127.0.0.1:%d/mcp" % srv.server_address[1], flush=True)
srv.serve_forever()
