"""Storing what the local sinks receive: one file per message, written under
a dot-name and linked into place, so a listed file is always complete and
names sort in arrival order."""
import itertools
import os
import threading
import time


def write_atomically(path, data):
    tmp = os.path.join(os.path.dirname(path) or ".", ".%s.tmp%d" % (os.path.basename(path), os.getpid()))
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class Spool:
    def __init__(self, directory, suffix):
        self.dir = directory
        self.suffix = suffix
        self.seq = itertools.count(1)
        self.lock = threading.Lock()

    def put(self, data):
        """Stores data as DIR/<time>-<seq><suffix>; returns the file name."""
        with self.lock:
            ns = time.time_ns()  # one reading, so names sort in arrival order
            stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(ns // 1_000_000_000)) + "%06dZ" % (ns // 1000 % 1_000_000)
            while True:
                name = "%s-%06d%s" % (stamp, next(self.seq), self.suffix)
                final = os.path.join(self.dir, name)
                tmp = os.path.join(self.dir, ".%s.tmp" % name)
                with open(tmp, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
                try:
                    os.link(tmp, final)  # never replaces an existing file
                except FileExistsError:
                    os.unlink(tmp)
                    continue
                os.unlink(tmp)
                return name
