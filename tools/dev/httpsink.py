"""What the local HTTP sinks (SMS gateway, chat webhooks) share: JSON
answers, a bounded request body, the request log on stdout, and the life
of the server (port and pid files, a clean stop on SIGTERM / SIGINT)."""
import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from spool import write_atomically


class JsonHandler(BaseHTTPRequestHandler):
    sys_version = ""
    max_body = 64 * 1024

    def answer(self, code, obj, extra=()):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def read_body(self):
        """The request body, or None once a 411 / 413 has been answered."""
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self.answer(411, {"error": "Content-Length required"})
            return None
        if length < 0 or length > self.max_body:
            self.answer(413, {"error": "body too large"})
            return None
        return self.rfile.read(length)

    def log_message(self, fmt, *args):
        sys.stdout.write("%s %s\n" % (self.address_string(), fmt % args))
        sys.stdout.flush()


def add_server_args(p):
    p.add_argument("--dir", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 = a free port chosen by the kernel")
    p.add_argument("--port-file", help="written with the port once the server is ready")
    p.add_argument("--pid-file", help="written with the process id (before the port file)")


def serve(args, handler, name, where=""):
    """Runs handler on args.host:args.port until SIGTERM / SIGINT; the pid
    file, then the port file, are written once connections are accepted."""
    server = ThreadingHTTPServer((args.host, args.port), handler)
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
    print("%s listening on %s:%d%s, storing in %s" % (name, args.host, port, where, args.dir), flush=True)
    while not stop.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    if args.port_file:
        try:
            os.unlink(args.port_file)
        except FileNotFoundError:
            pass
    print("%s stopped" % name, flush=True)
