#!/usr/bin/python3
"""Reads an archive written by history_zip.c (tests/unit/test_history_export)
with python's zipfile and checks it member by member against the files the
test wrote beside it. Usage: check_zip.py ARCHIVE DIR NAME... (NAME is a
member; DIR/NAME with "/" turned into "_" holds what it must contain).
Prints one line per problem and one "crc NAME HEX" line per member; exit 1
when there is any problem."""
import os
import struct
import sys
import zipfile
import zlib

path, plain, names = sys.argv[1], sys.argv[2], sys.argv[3:]
problems = []
with zipfile.ZipFile(path) as z:
    bad = z.testzip()  # reads every member, checks its CRC-32
    if bad is not None:
        problems.append(f"testzip: CRC of {bad}")
    infos = z.infolist()
    if [i.filename for i in infos] != names:
        problems.append(f"members {[i.filename for i in infos]!r}")
    for info in infos:
        data = z.read(info)
        with open(os.path.join(plain, info.filename.replace("/", "_")), "rb") as f:
            want = f.read()
        if data != want:
            problems.append(f"{info.filename}: {len(data)} bytes differ from {len(want)}")
        if info.CRC != zlib.crc32(want):
            problems.append(f"{info.filename}: CRC {info.CRC:08x} != {zlib.crc32(want):08x}")
        if info.compress_type != zipfile.ZIP_DEFLATED or not info.flag_bits & 0x08:
            problems.append(f"{info.filename}: type {info.compress_type} flags {info.flag_bits:#x}")
        print(f"crc {info.filename} {info.CRC:08x}")
# the data descriptor after each member, as a streaming reader meets it
with open(path, "rb") as f:
    raw = f.read()
for info in infos:
    off = info.header_offset
    sig, _, flags = struct.unpack_from("<IHH", raw, off)
    nlen, xlen = struct.unpack_from("<HH", raw, off + 26)
    end = off + 30 + nlen + xlen + info.compress_size
    dsig, crc, csize, usize = struct.unpack_from("<IIII", raw, end)
    if sig != 0x04034B50 or dsig != 0x08074B50 or (crc, csize, usize) != (
            info.CRC, info.compress_size, info.file_size):
        problems.append(f"{info.filename}: local header or descriptor wrong")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
