#!/usr/bin/env python3
"""Checks a login-history CSV export offline (HIST-3).

    python3 tools/verify-history-csv.py export.csv

Every row carries its place in its tenant's hash chain (columns chain, seq,
prev_hash, row_hash) and the fields the hash covers (utc, event_code,
user_no and the user ID, IP address and user agent columns). The script
recomputes each row's hash (docs/history-chain.md) and, for rows whose
neighbours in the chain are also in the file, that they link up. It prints
the newest row of each chain (compare it with `mimamori-admin
verify-history` or a copy kept elsewhere) and exits 1 naming the first row
that does not fit, 0 when all do. Only the standard library is used.
"""
import csv
import hashlib
import sys


def unneutralise(cell):
    # the export puts one ' before free text starting with = + - @ TAB CR or '
    return cell[1:] if cell.startswith("'") else cell


def netstring(text):
    b = text.encode("utf-8")
    return str(len(b)).encode() + b":" + b + b","


def row_hash(prev_hex, chain, seq, utc, user_no, login_id, event, ip, ua):
    msg = bytes.fromhex(prev_hex)
    for field in (chain, seq, utc, user_no, login_id, event, ip, ua):
        msg += netstring(field)
    return hashlib.sha256(msg).hexdigest()


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    with open(argv[1], newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    if not rows:
        print("empty file", file=sys.stderr)
        return 1
    head = rows[0]
    try:
        col = {name: head.index(name) for name in
               ("utc", "event_code", "chain", "seq", "user_no", "prev_hash", "row_hash")}
    except ValueError as e:
        print("not a login-history export: %s" % e, file=sys.stderr)
        return 1
    by_seq = {}
    checked = unchained = 0
    for line, r in enumerate(rows[1:], start=2):
        if len(r) != len(head):
            print("line %d: %d cells, expected %d" % (line, len(r), len(head)))
            return 1
        if not r[col["seq"]]:
            unchained += 1
            continue
        chain, seq = r[col["chain"]], r[col["seq"]]
        # the user ID, IP address and user agent are the 3rd to 5th columns
        want = row_hash(r[col["prev_hash"]], chain, seq, r[col["utc"]], r[col["user_no"]],
                        unneutralise(r[2]), unneutralise(r[col["event_code"]]),
                        unneutralise(r[3]), unneutralise(r[4]))
        if want != r[col["row_hash"]]:
            print("line %d (chain %s seq %s): row hash does not match its fields" % (line, chain, seq))
            return 1
        by_seq[(chain, int(seq))] = (line, r[col["prev_hash"]], r[col["row_hash"]])
        checked += 1
    links = 0
    for (chain, seq), (line, prev, _) in sorted(by_seq.items()):
        before = by_seq.get((chain, seq - 1))
        if before:
            if before[2] != prev:
                print("line %d (chain %s seq %d): prev_hash is not the row_hash of seq %d (line %d)"
                      % (line, chain, seq, seq - 1, before[0]))
                return 1
            links += 1
    newest = {}
    for (chain, seq), (_, _, h) in by_seq.items():
        if chain not in newest or seq > newest[chain][0]:
            newest[chain] = (seq, h)
    for chain, (seq, h) in sorted(newest.items()):
        print("chain %s: newest row seq %d, row_hash %s" % (chain, seq, h))
    print("%d rows verified, %d links checked, %d rows without chain" % (checked, links, unchained))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
