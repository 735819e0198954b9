#!/usr/bin/python3
"""Chat webhook sink of the development and test stacks.

An HTTP server on 127.0.0.1 that takes what mimamori-notifier posts to a
chat linkage's webhook URL. A POST whose path starts with /hook/ is stored
as DIR/<time>-<seq>.json holding {"path": PATH, "body": <the JSON body
received>} and answered 200; a path starting with /fail/ is stored the same
way (with "answered": 500) and answered 500, so a failing workspace can be
played; anything else is 404. A body that is not a JSON object is 400.

  webhook-sink.py --dir DIR [--port 0] [--port-file FILE] [--pid-file FILE]

The port actually used is written to --port-file once the server accepts
connections. SIGTERM / SIGINT stop it cleanly (exit 0).
"""

import argparse
import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from spool import Spool, write_atomically

MAX_BODY = 256 * 1024


def make_handler(store):
    class Handler(BaseHTTPRequestHandler):
        server_version = "mimamori-webhook-sink"
        sys_version = ""

        def answer(self, code, obj):
            body = json.dumps(obj).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            self.answer(405, {"error": "POST only"})

        def do_POST(self):
            failing = self.path.startswith("/fail/")
            if not failing and not self.path.startswith("/hook/"):
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
            try:
                msg = json.loads(data.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                msg = None
            if not isinstance(msg, dict):
                self.answer(400, {"error": "expected a JSON object"})
                return
            record = {"path": self.path, "body": msg,
                      "content_type": self.headers.get("Content-Type", "")}
            if failing:
                record["answered"] = 500
            store.put(json.dumps(record, ensure_ascii=False).encode("utf-8"))
            if failing:
                self.answer(500, {"error": "failing on purpose"})
            else:
                self.answer(200, {"ok": True})

        def log_message(self, fmt, *args):
            sys.stdout.write("%s %s\n" % (self.address_string(), fmt % args))
            sys.stdout.flush()

    return Handler


def main():
    p = argparse.ArgumentParser(description="Local chat webhook sink: stores each POST as DIR/<time>-<seq>.json")
    p.add_argument("--dir", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 = a free port chosen by the kernel")
    p.add_argument("--port-file", help="written with the port once the server is ready")
    p.add_argument("--pid-file", help="written with the process id (before the port file)")
    args = p.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    server = ThreadingHTTPServer((args.host, args.port), make_handler(Spool(args.dir, ".json")))
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
    print("webhook sink listening on %s:%d, storing in %s" % (args.host, port, args.dir), flush=True)
    while not stop.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    if args.port_file:
        try:
            os.unlink(args.port_file)
        except FileNotFoundError:
            pass
    print("webhook sink stopped", flush=True)


if __name__ == "__main__":
    main()
