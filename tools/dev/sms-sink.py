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
import sys

from httpsink import JsonHandler, add_server_args, serve
from spool import Spool


def make_handler(store, token, path):
    expected = ("Bearer " + token).encode()

    class Handler(JsonHandler):
        server_version = "mimamori-sms-sink"
        max_body = 64 * 1024

        def do_GET(self):
            self.answer(405, {"error": "POST only"}, [("Allow", "POST")])

        def do_POST(self):
            if self.path != path:
                self.answer(404, {"error": "not found"})
                return
            data = self.read_body()
            if data is None:
                return
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

    return Handler


def main():
    p = argparse.ArgumentParser(description="Local SMS gateway sink: stores each message as DIR/<time>-<seq>.json")
    add_server_args(p)
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
    serve(args, make_handler(Spool(args.dir, ".json"), token, args.path), "sms sink", args.path)


if __name__ == "__main__":
    main()
