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

from httpsink import JsonHandler, add_server_args, serve
from spool import Spool


def make_handler(store):
    class Handler(JsonHandler):
        server_version = "mimamori-webhook-sink"
        max_body = 256 * 1024

        def do_GET(self):
            self.answer(405, {"error": "POST only"})

        def do_POST(self):
            failing = self.path.startswith("/fail/")
            if not failing and not self.path.startswith("/hook/"):
                self.answer(404, {"error": "not found"})
                return
            data = self.read_body()
            if data is None:
                return
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

    return Handler


def main():
    p = argparse.ArgumentParser(description="Local chat webhook sink: stores each POST as DIR/<time>-<seq>.json")
    add_server_args(p)
    args = p.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    serve(args, make_handler(Spool(args.dir, ".json")), "webhook sink")


if __name__ == "__main__":
    main()
