#!/usr/bin/python3
"""SMS gateway sink of the development and test stacks.

An HTTP server on 127.0.0.1 that takes what mimamori-notifier sends to the
SMS gateway: POST PATH with "Authorization: Bearer TOKEN" and a JSON body
{"to": "...", "text": "..."}. Each accepted body is stored, as the raw bytes
received, in its own file DIR/<time>-<seq>.json (temporary name, then
rename). Answers 202 when stored, 401 without the right token, 400 for a
body that is not such a JSON object, 404 for another path.

  sms-sink.py --dir DIR (--token-file FILE | --token TOKEN) [--port 0]
              [--port-file FILE] [--pid-file FILE] [--path /sms]

The port actually used is written to --port-file once the server accepts
connections. SIGTERM / SIGINT stop it cleanly (exit 0).
"""

import argparse
import hmac
import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from spool import Spool, write_atomically

MAX_BODY = 64 * 1024


def make_handler(store, token, path):
    expected = ("Bearer " + token).encode()

    class Handler(BaseHTTPRequestHandler):
        server_version = "mimamori-sms-sink"
        sys_version = ""

        def answer(self, code, obj, extra=()):
            body = json.dumps(obj).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for k, v in extra:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            self.answer(405, {"error": "POST only"}, [("Allow", "POST")])

        def do_POST(self):
            if self.path != path:
                self.answer(404, {"error": "not found"})
                return
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                self.answer(411, {"error": "Content-Length required"})
                return
            if length < 0 or length > MAX_BODY:
                self.answer(413, {"error": "body too large"})
                return
            data = self.rfile.read(length)
            auth = (self.headers.get("Authorization") or "").encode()
            if not hmac.compare_digest(auth, expected):
                self.answer(401, {"error": "bad token"}, [("WWW-Authenticate", "Bearer")])
                return
            try:
                msg = json.loads(data.decode("utf-8"))
                ok = isinstance(msg, dict) and isinstance(msg.get("to"), str) and isinstance(msg.get("text"), str)
            except (UnicodeDecodeError, ValueError):
                ok = False
            if not ok:
                self.answer(400, {"error": "expected {\"to\": string, \"text\": string}"})
                return
            name = store.put(data)
            self.answer(202, {"status": "accepted", "id": name})

        def log_message(self, fmt, *args):
            sys.stdout.write("%s %s\n" % (self.address_string(), fmt % args))
            sys.stdout.flush()

    return Handler


def main():
    p = argparse.ArgumentParser(description="Local SMS gateway sink: stores each message as DIR/<time>-<seq>.json")
    p.add_argument("--dir", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 = a free port chosen by the kernel")
    p.add_argument("--port-file", help="written with the port once the server is ready")
    p.add_argument("--pid-file", help="written with the process id (before the port file)")
    p.add_argument("--path", default="/sms")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--token-file", help="file holding the bearer token")
    g.add_argument("--token", help="the bearer token (visible in ps: prefer --token-file)")
    args = p.parse_args()

    token = args.token
    if args.token_file:
        with open(args.token_file, encoding="ascii") as f:
            token = f.read().strip()
    if not token:
        print("sms-sink: empty token", file=sys.stderr)
        sys.exit(2)
    os.makedirs(args.dir, exist_ok=True)
    server = ThreadingHTTPServer((args.host, args.port), make_handler(Spool(args.dir, ".json"), token, args.path))
    server.daemon_threads = True
    port = server.server_address[1]

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    if args.pid_file:
        write_atomically(args.pid_file, b"%d\n" % os.getpid())
    if args.port_file:
        write_atomically(args.port_file, b"%d\n" % port)
    print("sms sink listening on %s:%d%s, storing in %s" % (args.host, port, args.path, args.dir), flush=True)
    while not stop.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    if args.port_file:
        try:
            os.unlink(args.port_file)
        except FileNotFoundError:
            pass
    print("sms sink stopped", flush=True)


if __name__ == "__main__":
    main()
