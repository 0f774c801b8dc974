#!/usr/bin/env python3
"""A scripted HTTP/1.1 server for the transport and retry tests (standard library only).

Binds 127.0.0.1 on an ephemeral port and prints the port as the first line of stdout. With --tls-cert and
--tls-key it speaks HTTPS instead. Exits when its stdin closes
(the test process ended or stopped it) or after --timeout seconds, whichever comes first, so it never outlives the
tests. Connections are kept alive, so a client that reuses its connection shows the same client port every time.
scripts/fake-aws-server.py reuses its connection handling (`QuietHandler`) and its lifetime rules (`serve`).

Routes (any method; the request body is always read in full first):
  /echo                      200, JSON: method, path, query, headers ([name, value] pairs in order, duplicates
                             kept), body (UTF-8 text), bodyBase64, clientPort
  /status/<code>             that status; query: body=<text>, header=<Name>:<value> (repeatable)
  /slow?seconds=<s>          waits, then 200 "slow"
  /close                     closes the connection without sending anything (the client reads an empty reply)
  /reset                     resets the connection (RST) without sending anything
  /malformed-xml             200 text/xml that is not well-formed
  /bytes?count=<n>           200 with n bytes of "x"
  /script/<name>             the next step of the script <name>; after the last step, the last step again
  POST /control/script/<name>  body: a JSON array of steps; resets the script's counter
  GET /control/script/<name>   {"served": <requests served from the script>}

A script step is {"status": 503, "headers": [["Name", "value"], ...], "body": "text", "sleep": seconds} (every key
optional; status 200 by default) or {"action": "close"} or {"action": "reset"}.
"""

import argparse
import base64
import json
import os
import socket
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCRIPTS = {}
SCRIPTS_LOCK = threading.Lock()


class QuietHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive, no request log, and the means to answer or drop a connection; subclasses route
    requests in `handle_one` (scripts/fake-aws-server.py builds on it too)."""

    protocol_version = "HTTP/1.1"
    server_version = "iamgate-test-server"
    sys_version = ""

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle and delayed ACKs add 40 ms per response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def respond(self, status, headers, body):
        try:
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def drop(self, reset):
        """Closes the connection without a byte of response; with `reset`, abortively (RST instead of FIN)."""
        self.close_connection = True
        if reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.wfile.close()
        self.rfile.close()
        self.connection.close()

    def handle(self):
        # After drop() the base class still flushes the closed stream; the connection is gone either way.
        try:
            super().handle()
        except (OSError, ValueError):
            pass

    def finish(self):
        try:
            super().finish()
        except (OSError, ValueError):
            pass

    def dispatch(self):
        """Every method goes to the subclass's `handle_one`."""
        self.handle_one()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = dispatch


class Handler(QuietHandler):
    """The routes listed at the top of this file."""

    def handle_one(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        path = url.path

        if path == "/echo":
            payload = {
                "method": self.command,
                "path": path,
                "query": url.query,
                "headers": [[name, value] for name, value in self.headers.items()],
                "body": body.decode("utf-8", "replace"),
                "bodyBase64": base64.b64encode(body).decode("ascii"),
                "clientPort": self.client_address[1],
            }
            self.respond(200, [("Content-Type", "application/json")], json.dumps(payload).encode())
        elif path.startswith("/status/"):
            headers = []
            for item in query.get("header", []):
                name, _, value = item.partition(":")
                headers.append((name, value))
            self.respond(int(path[len("/status/"):]), headers, query.get("body", [""])[0].encode())
        elif path == "/slow":
            time.sleep(float(query.get("seconds", ["5"])[0]))
            self.respond(200, [("Content-Type", "text/plain")], b"slow")
        elif path == "/close":
            self.drop(reset=False)
        elif path == "/reset":
            self.drop(reset=True)
        elif path == "/malformed-xml":
            self.respond(200, [("Content-Type", "text/xml")], b"<ErrorResponse><Error><Code>X</Error></ErrorResponse>")
        elif path == "/bytes":
            self.respond(200, [("Content-Type", "application/octet-stream")], b"x" * int(query["count"][0]))
        elif path.startswith("/control/script/"):
            name = path[len("/control/script/"):]
            with SCRIPTS_LOCK:
                if self.command == "POST":
                    SCRIPTS[name] = {"steps": json.loads(body), "served": 0}
                    self.respond(204, [], b"")
                else:
                    served = SCRIPTS.get(name, {"served": 0})["served"]
                    self.respond(200, [("Content-Type", "application/json")], json.dumps({"served": served}).encode())
        elif path.startswith("/script/"):
            name = path[len("/script/"):]
            with SCRIPTS_LOCK:
                script = SCRIPTS.get(name)
                if script is None or not script["steps"]:
                    step = {"status": 404, "body": "no script " + name}
                else:
                    steps = script["steps"]
                    step = steps[min(script["served"], len(steps) - 1)]
                    script["served"] += 1
            self.play(step)
        else:
            self.respond(404, [("Content-Type", "text/plain")], b"unknown test route " + path.encode())

    def play(self, step):
        action = step.get("action")
        if action in ("close", "reset"):
            self.drop(reset=action == "reset")
            return
        if step.get("sleep"):
            time.sleep(float(step["sleep"]))
        headers = [tuple(pair) for pair in step.get("headers", [])]
        self.respond(int(step.get("status", 200)), headers, step.get("body", "").encode())


def serve(handler, timeout, tls_cert=None, tls_key=None):
    """Serves `handler` on an ephemeral port of 127.0.0.1 (HTTPS with `tls_cert`), printing the port as the first line
    of stdout, until stdin closes or `timeout` seconds pass; never returns."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if tls_cert:
        import ssl

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls_cert, tls_key)
        # A client that rejects the certificate makes accept() fail; serve_forever ignores that and goes on.
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)

    def exit_when_stdin_closes():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        finally:
            os._exit(0)

    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    deadline = threading.Timer(timeout, os._exit, args=(0,))
    deadline.daemon = True
    deadline.start()
    server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description="Scripted HTTP server for iamgate's transport tests.")
    parser.add_argument("--timeout", type=float, default=300.0, help="exit after this many seconds (default 300)")
    parser.add_argument("--tls-cert", help="PEM certificate: serve HTTPS")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")
    arguments = parser.parse_args()
    serve(Handler, arguments.timeout, arguments.tls_cert, arguments.tls_key)


if __name__ == "__main__":
    main()
