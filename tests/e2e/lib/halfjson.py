# SPDX-License-Identifier: MIT
# A proxy in front of the simulator that cuts JSON answers in half while
# keeping the HTTP answer itself well-formed (Content-Length matches what is
# sent), so the client's JSON parser, not its transfer, sees the truncation.
# (The simulator's own "truncate" fault closes the connection mid-body.)
#   python3 halfjson.py UPSTREAM_URL METHOD PATH_PREFIX TIMES
# TIMES: how many matching answers to cut (-1: all).  Prints its URL.
import http.client
import http.server
import sys
import threading
import urllib.parse

up = urllib.parse.urlparse(sys.argv[1])
method, prefix, left = sys.argv[2], sys.argv[3], [int(sys.argv[4])]
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def forward(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else None
        c = http.client.HTTPConnection(up.hostname, up.port, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        c.request(self.command, self.path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        cut = False
        with lock:
            if self.command == method and self.path.startswith(prefix) and left[0] != 0:
                left[0] -= 1
                cut = True
        if cut:
            data = data[: len(data) // 2]
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        sys.stderr.write("proxy: %s %s -> %d%s\n" % (self.command, self.path, r.status,
                                                     " [half the JSON]" if cut else ""))
        sys.stderr.flush()

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = forward


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("http://127.0.0.1:%d" % server.server_address[1], flush=True)
server.serve_forever()
