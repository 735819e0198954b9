#!/usr/bin/env python3
"""The routes of the FastCGI programs, read from their route tables.

Prints one line per route: METHOD PATH FLAGS PARAM,PARAM... (the declared
inputs). With --check TARGETS, fails (exit 1) when a route of the tables is
neither scanned nor excluded with a reason in TARGETS, or when TARGETS names
a route that no table has: a new route cannot be left out of the scans.
"""
import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]

ROUTE_RE = re.compile(
    r'\{\s*"(GET|POST)"\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*([^,{}]+?)\s*,\s*(\w+)(?:\s*\+\s*(\d+))?\s*\}')
INPUTS_RE = re.compile(
    r'struct\s+mm_input\s+(\w+)\s*\[\s*\w*\s*\]\s*=\s*\{(.*?)\n\};', re.S)
INPUT_NAME_RE = re.compile(r'\{\s*"([^"]+)"\s*,')


def strip_comments(text):
    """C comments out, string literals kept ("/cases/*/..." is no comment)."""
    token = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|/\*.*?\*/|//[^\n]*', re.S)
    return token.sub(lambda m: m.group(0) if m.group(0)[0] in '"\'' else ' ', text)


def read_routes(root=ROOT):
    sources = sorted((root / 'fcgi').rglob('*.c'))
    texts = {p: strip_comments(p.read_text(encoding='utf-8', errors='replace')) for p in sources}
    inputs = {}
    for text in texts.values():
        for m in INPUTS_RE.finditer(text):
            inputs.setdefault(m.group(1), INPUT_NAME_RE.findall(m.group(2)))
    routes = []
    for p, text in texts.items():
        for m in ROUTE_RE.finditer(text):
            method, path, _handler, flags, ins, skip = m.groups()
            params = inputs.get(ins, []) if ins != 'NULL' else []
            params = params[int(skip or 0):]
            routes.append({
                'method': method, 'path': path,
                'flags': re.sub(r'\s+', '', flags),
                'params': params,
                'file': str(p.relative_to(root)),
            })
    return routes


def read_targets(path):
    """TARGETS lines: METHOD PATH KIND ... (see tools/security/targets)."""
    seen = {}
    for n, line in enumerate(pathlib.Path(path).read_text(encoding='utf-8').splitlines(), 1):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        fields = line.split(None, 3)
        if len(fields) < 3:
            raise SystemExit(f'{path}:{n}: needs METHOD PATH KIND')
        seen.setdefault((fields[0], fields[1]), []).append((n, fields[2], line))
    return seen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--check', metavar='TARGETS')
    args = ap.parse_args()
    routes = read_routes()
    if not args.check:
        for r in routes:
            print(r['method'], r['path'], r['flags'], ','.join(r['params']) or '-')
        return 0
    targets = read_targets(args.check)
    bad = 0
    keys = {(r['method'], r['path']) for r in routes}
    for r in routes:
        if (r['method'], r['path']) not in targets:
            print(f"not in {args.check}: {r['method']} {r['path']} ({r['file']}, inputs: "
                  f"{','.join(r['params']) or '-'})", file=sys.stderr)
            bad += 1
    for key, lines in targets.items():
        if key not in keys:
            for n, kind, _line in lines:
                print(f'{args.check}:{n}: {key[0]} {key[1]} is in no route table', file=sys.stderr)
                bad += 1
    print(f'{len(routes)} routes, {len(targets)} listed, {bad} problems')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
