#!/usr/bin/python3
"""SMTP sink of the development and test stacks.

A real SMTP server (aiosmtpd, Debian python3-aiosmtpd) on 127.0.0.1 that
accepts every message and stores it, as the raw bytes received, in its own
file DIR/<time>-<seq>.eml (written to a temporary name, then renamed, so a
reader never sees half a message). Nothing is relayed anywhere.

  smtp-sink.py --dir DIR [--port 0] [--port-file FILE] [--pid-file FILE] [--delay-ms N]

--port 0 lets the kernel pick a free port; the port actually used is written
to --port-file (atomically) once the server accepts connections, so a caller
waits for that file instead of sleeping. --delay-ms makes the sink a slow
relay: it answers MAIL FROM only after N ms (tests of interrupted deliveries).
SIGTERM / SIGINT stop it cleanly (exit 0).
"""

import argparse
import asyncio
import os
import signal
import sys

from aiosmtpd.smtp import SMTP

from spool import Spool, write_atomically


class Sink:
    def __init__(self, directory, delay_ms):
        self.spool = Spool(directory, ".eml")
        self.delay = delay_ms / 1000.0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.delay:
            await asyncio.sleep(self.delay)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content
        if data is None:
            data = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
        name = self.spool.put(data)
        print("stored %s (%d bytes, %d recipient(s))" % (name, len(data), len(envelope.rcpt_tos)), flush=True)
        return "250 OK queued as %s" % name


async def main(args):
    os.makedirs(args.dir, exist_ok=True)
    handler = Sink(args.dir, args.delay_ms)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="mimamori-smtp-sink", data_size_limit=32 * 1024 * 1024,
                     enable_SMTPUTF8=True),
        host=args.host, port=args.port)
    port = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if args.pid_file:
        write_atomically(args.pid_file, b"%d\n" % os.getpid())
    if args.port_file:
        write_atomically(args.port_file, b"%d\n" % port)
    print("smtp sink listening on %s:%d, storing in %s" % (args.host, port, args.dir), flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()
    if args.port_file:
        try:
            os.unlink(args.port_file)
        except FileNotFoundError:
            pass
    print("smtp sink stopped", flush=True)


def parse_args():
    p = argparse.ArgumentParser(description="Local SMTP sink: stores each message as DIR/<time>-<seq>.eml")
    p.add_argument("--dir", required=True, help="where messages are stored")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 = a free port chosen by the kernel")
    p.add_argument("--port-file", help="written with the port once the server is ready")
    p.add_argument("--pid-file", help="written with the process id (before the port file)")
    p.add_argument("--delay-ms", type=int, default=0, help="answer MAIL FROM after this delay")
    return p.parse_args()


if __name__ == "__main__":
    try:
        asyncio.run(main(parse_args()))
    except OSError as e:
        print("smtp-sink: %s" % e, file=sys.stderr)
        sys.exit(1)
