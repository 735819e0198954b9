#!/usr/bin/env python3
"""Every event code the programs record has a name in the login history.

    tools/eventcheck.py [--root DIR]     check DIR (default: the tree it is in)

Collects the codes passed to mm_event() and mm_event_after() in fcgi/ (string
literals, both sides of a ?: of literals, the literals handed to the
functions that pass their argument on, and the signup question operations
behind "signup.question_%s"), then checks that each one

  - has a name history.ev.<code> in templates/lang/ja.hdf and en.hdf (the
    history page and its CSV, Excel and PDF exports show that name), and
  - is offered by the event filter of the history page (known_events in
    fcgi/history/history_page.c), unless only provider staff cause it
    (STAFF_ONLY), and the filter offers nothing that is never recorded.

An mm_event() call whose code is none of these forms is a finding too, so a
new way of passing codes is added here rather than missed. Prints one line
per finding and exits 1 when there is any, 0 otherwise.
"""
import os
import re
import sys

CODE = r'[a-z_]+(?:\.[a-z_]+)*'
LIT = re.compile(r'"(' + CODE + r')"')
# functions that pass codes among their arguments on to mm_event: every
# argument of theirs that is a code literal counts
FORWARDERS = ('auth_locked_out', 'auth_stepup_prove', 'admin_event')
# identifiers holding a code received from a forwarder's caller
FORWARDED_VARS = {'event', 'fail_event', 'actor_event'}
# events only provider staff cause (no tenant's history holds them): named,
# but not offered by the customers' filter
STAFF_ONLY = ('signup.', 'device.')


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), text, flags=re.S)
    return re.sub(r'//[^\n]*', '', text)


def call_args(text, start):
    """The text between the parenthesis at start and its match."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c in '"\'':
            j = i + 1
            while text[j] != c:
                j += 2 if text[j] == '\\' else 1
            i = j + 1
            continue
        if c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
        i += 1
    return text[start + 1:]


def split_args(args):
    out, depth, cur, i = [], 0, '', 0
    while i < len(args):
        c = args[i]
        if c == '"':
            j = i + 1
            while args[j] != '"':
                j += 2 if args[j] == '\\' else 1
            cur += args[i:j + 1]
            i = j + 1
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
        if c == ',' and depth == 0:
            out.append(cur.strip())
            cur = ''
        else:
            cur += c
        i += 1
    out.append(cur.strip())
    return out


def collect_codes(root):
    codes, findings = {}, []
    fcgi = os.path.join(root, 'fcgi')
    for dirpath, _, files in os.walk(fcgi):
        for name in sorted(files):
            if not name.endswith('.c'):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            text = strip_comments(open(path, encoding='utf-8').read())
            question_ops = []
            m = re.search(r'"add",\s*"up",[^}]*', text)
            if m:
                question_ops = re.findall(r'"([a-z]+)"', m.group(0))
            for m in re.finditer(r'\b(mm_event|mm_event_after|' + '|'.join(FORWARDERS) + r')\s*\(', text):
                func = m.group(1)
                line = text.count('\n', 0, m.start()) + 1
                args = split_args(call_args(text, m.end() - 1))
                if func == 'mm_event' and rel == 'fcgi/core/mm_event.c':
                    continue
                if re.match(r'^(int|void|static)\b', text[text.rfind('\n', 0, m.start()) + 1:m.start()].strip()):
                    continue    # the definition
                where = f'{rel}:{line}'
                if func in FORWARDERS:
                    for a in args:
                        if re.fullmatch(r'(?:[^"?:]*\?\s*)?"' + CODE + r'"(?:\s*:\s*"' + CODE + r'")?', a):
                            for c in LIT.findall(a):
                                codes.setdefault(c, where)
                    continue
                arg = args[1]
                lits = LIT.findall(arg)
                if lits and re.fullmatch(r'(?:[^"?:]*\?\s*)?"' + CODE + r'"(?:\s*:\s*"' + CODE + r'")?', arg):
                    for c in lits:
                        codes.setdefault(c, where)
                elif arg == 'event' and question_ops and 'signup.question_%s' in text:
                    for op in question_ops:
                        codes.setdefault('signup.question_' + op, where)
                elif arg in FORWARDED_VARS:
                    pass        # the callers' literals are collected at the forwarder's calls
                else:
                    findings.append(f'{where}: event code "{arg}" is not a literal this check can follow')
    return codes, findings


def hdf_keys(path):
    keys, stack = set(), []
    for raw in open(path, encoding='utf-8'):
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        if line.endswith('{'):
            stack.append(line[:-1].strip())
        elif line == '}':
            stack.pop()
        elif '=' in line:
            keys.add('.'.join(stack + [line.split('=', 1)[0].strip()]))
    # the programs look names up under L (mm_t)
    return {k[2:] for k in keys if k.startswith('L.')}


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(argv) == 3 and argv[1] == '--root':
        root = argv[2]
    elif len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    codes, findings = collect_codes(root)
    if len(codes) < 10:
        findings.append(f'only {len(codes)} event codes found: the collection is broken')
    for lang in ('ja', 'en'):
        hdf = os.path.join(root, 'templates', 'lang', f'{lang}.hdf')
        keys = hdf_keys(hdf)
        for code, where in sorted(codes.items()):
            if f'history.ev.{code}' not in keys:
                findings.append(f'{where}: event "{code}" has no name history.ev.{code} in templates/lang/{lang}.hdf')
    page = open(os.path.join(root, 'fcgi', 'history', 'history_page.c'), encoding='utf-8').read()
    m = re.search(r'known_events\[\]\s*=\s*\{(.*?)\};', page, flags=re.S)
    offered = set(LIT.findall(m.group(1))) if m else set()
    for code, where in sorted(codes.items()):
        if code not in offered and not code.startswith(STAFF_ONLY):
            findings.append(f'{where}: event "{code}" is not in the filter list (known_events, fcgi/history/history_page.c)')
    for code in sorted(offered - set(codes)):
        findings.append(f'fcgi/history/history_page.c: the filter offers "{code}", which nothing records')
    for f in findings:
        print(f)
    return 1 if findings else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
