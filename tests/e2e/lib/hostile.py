# SPDX-License-Identifier: MIT
# A hostile platform: a proxy in front of the simulator that appends
# terminal escape sequences to every string of every JSON answer (names,
# ids, statuses, error messages, agent replies) and to a header of every
# answer, and strips them again from what the client sends back (paths and
# JSON bodies), so the registration flow itself still works.  A few paths
# of its own answer with hostile headers the client reports:
#   /hostile/redirect  302 with a hostile Location
#   /hostile/401       401 with a hostile WWW-Authenticate
#   /hostile/html      500 text/html with a hostile body
#   python3 hostile.py UPSTREAM_URL ["Name: value"]   prints its URL
# The optional header is added to every answer (e.g. a Retry-After).
import http.client
import http.server
import json
import sys
import urllib.parse

up = urllib.parse.urlparse(sys.argv[1])
EXTRA = sys.argv[2].split(": ", 1) if len(sys.argv) > 2 else None

# window title, clear screen, 8-bit and UTF-8 CSI, a right-to-left
# override, BEL, and an OSC 52 clipboard write of "echo pwned"
PAYLOAD = "\x1b]0;PWNED\x07\x1b[2J\u009b31m\u202e\x1b]52;c;ZWNobyBwd25lZA==\x07"
# headers travel as Latin-1: the same without the override, 0x9b raw
HEADER_PAYLOAD = "\x1b]0;PWNED\x07\x1b[2J\x9b31m\x1b]52;c;ZWNobyBwd25lZA==\x07"
RAW_C1 = "@RAWC1@"          # replaced by a raw 0x9b byte (invalid UTF-8)
TAIL = PAYLOAD + RAW_C1


# what an agent's reply cannot do without and still be MCP or A2A
KEEP = ("jsonrpc", "protocolVersion")


def poison(v):
    if isinstance(v, str):
        return v + TAIL
    if isinstance(v, list):
        return [poison(x) for x in v]
    if isinstance(v, dict):
        return {k: x if k in KEEP else poison(x) for k, x in v.items()}
    return v


def clean(v):
    if isinstance(v, str):
        return v.replace(PAYLOAD, "").replace(RAW_C1, "").replace("\ufffd", "")
    if isinstance(v, list):
        return [clean(x) for x in v]
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    return v


def encode(v):
    return json.dumps(v).encode().replace(RAW_C1.encode(), b"\x9b")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, headers, data):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("X-Request-Note", HEADER_PAYLOAD)
        if EXTRA:
            self.send_header(EXTRA[0], EXTRA[1])
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def own(self):
        p = self.path
        if p.startswith("/hostile/redirect"):
            self.reply(302, [("Location", "https://x.example/" + HEADER_PAYLOAD)], b"")
        elif p.startswith("/hostile/401"):
            self.reply(401, [("WWW-Authenticate", 'Bearer realm="r%s", error="e%s"' % (HEADER_PAYLOAD, HEADER_PAYLOAD))],
                       b"")
        elif p.startswith("/hostile/html"):
            self.reply(500, [("Content-Type", "text/html")], ("<p>" + PAYLOAD + "</p>").encode())
        else:
            return False
        return True

    def forward(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else None
        if self.own():
            return
        path = urllib.parse.unquote(self.path)
        path = clean(path)
        path = urllib.parse.quote(path, safe="/?&=:%@,;+")
        if body:
            try:
                body = json.dumps(clean(json.loads(body))).encode()
            except ValueError:
                pass
        c = http.client.HTTPConnection(up.hostname, up.port, timeout=60)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("host", "connection", "content-length")}
        if body is not None:
            headers["Content-Length"] = str(len(body))
        c.request(self.command, path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        ctype = r.getheader("Content-Type") or ""
        if "json" in ctype:
            try:
                data = encode(poison(json.loads(data)))
            except ValueError:
                pass
        elif "event-stream" in ctype:
            out = []
            for line in data.decode(errors="replace").split("\n"):
                if line.startswith("data:"):
                    try:
                        line = "data: " + encode(poison(json.loads(line[5:]))).decode(errors="replace")
                    except ValueError:
                        pass
                out.append(line)
            data = "\n".join(out).encode()
        keep = [(k, v) for k, v in r.getheaders()
                if k.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server")]
        self.reply(r.status, keep, data)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = forward


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("http://127.0.0.1:%d" % server.server_address[1], flush=True)
server.serve_forever()
