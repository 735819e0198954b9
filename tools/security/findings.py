#!/usr/bin/env python3
"""Reads the reports of tools/security/check.sh and decides.

sqlmap: one directory per target under OUT/sqlmap/ (NAME.target says which
route; sqlmap's own OUTPUT/HOST/log lists the injection points it found).
wapiti: OUT/wapiti/NAME.json (vulnerabilities and anomalies by category).

Every finding gets an id such as
    sqlmap POST /auth/login user_id
    wapiti anon: Content Security Policy Configuration GET /auth/login
and passes only when a pattern of the allowlist (docs/security.md, section
"Allowlist": lines "- `PATTERN` — reason", '*' matches anything) covers
it, matched against the id or "ID — INFO" (wapiti's text of the finding). The positive control must be found by both tools. Prints the counts per
tool and module (also to OUT/summary.md); exit 1 on an unexplained finding,
a control that was not found or a scan that did not run.
"""
import argparse
import fnmatch
import json
import pathlib
import re
import sys


def read_allowlist(path):
    text = pathlib.Path(path).read_text(encoding='utf-8')
    m = re.search(r'^## Allowlist\s*$(.*?)(?=^## |\Z)', text, re.S | re.M)
    if not m:
        raise SystemExit(f'{path}: no "## Allowlist" section')
    rules = []
    for line in m.group(1).splitlines():
        lm = re.match(r'^- `([^`]+)`\s*[—–-]+\s*(\S.*)$', line)
        if lm:
            rules.append((lm.group(1), lm.group(2)))
    return rules


def sqlmap_findings(out):
    """(findings, problems, counts) of the sqlmap runs."""
    findings, problems = [], []
    counts = {'targets': 0, 'clean': 0, 'found': 0, 'not scanned': 0}
    control = None
    # a target scanned again (--targets) counts with its newest report only
    newest = {}
    for target in (out / 'sqlmap').glob('*.target'):
        key = target.read_text().strip()
        if key not in newest or target.stat().st_mtime > newest[key].stat().st_mtime:
            newest[key] = target
    for target in sorted(newest.values()):
        name = target.stem
        method, path, role = (target.read_text().split() + ['', '', ''])[:3]
        d = out / 'sqlmap' / name
        logs = [p for p in d.glob('*/log') if p.stat().st_size > 0] if d.is_dir() else []
        params = []
        for log in logs:
            params += re.findall(r'^Parameter: (.+?) \((?:[^()]*)\)$', log.read_text(errors='replace'), re.M)
        run = (d / 'run.log').read_text(errors='replace') if (d / 'run.log').exists() else ''
        if name == 'control':
            control = bool(params)
            continue
        counts['targets'] += 1
        if params:
            counts['found'] += 1
            for p in sorted(set(params)):
                findings.append((f'sqlmap {method} {path} {p}', f'{role}: see {d}/run.log'))
        elif 'do not appear to be injectable' in run or 'does not seem to be injectable' in run:
            counts['clean'] += 1
        else:
            counts['not scanned'] += 1
            crit = re.findall(r'\[CRITICAL\] (.*)', run)
            problems.append(f'sqlmap {method} {path} ({role}) not scanned: '
                            f'{crit[-1] if crit else "no verdict, see " + str(d / "run.log")}')
    for err in sorted((out / 'sqlmap').glob('*.error')):
        problems.append(f'sqlmap target {err.stem}: {err.read_text().strip()}')
    return findings, problems, counts, control


def wapiti_findings(out):
    findings, problems = [], []
    per_module = {}
    control = None
    for report in sorted((out / 'wapiti').glob('*.json')):
        name = report.stem
        if name.endswith('.cookies'):
            continue
        try:
            data = json.loads(report.read_text(encoding='utf-8'))
        except (OSError, ValueError) as e:
            problems.append(f'wapiti {name}: unreadable report ({e})')
            continue
        if name == 'control':
            control = any('Cross Site Scripting' in cat and entries
                          for cat, entries in data.get('vulnerabilities', {}).items())
            continue
        for kind in ('vulnerabilities', 'anomalies'):
            for cat, entries in data.get(kind, {}).items():
                per_module.setdefault(cat, 0)
                for e in entries:
                    per_module[cat] += 1
                    param = e.get('parameter') or ''
                    fid = f"wapiti {name}: {cat} {e.get('method', '')} {e.get('path', '')}"
                    if param:
                        fid += f' {param}'
                    findings.append((fid, (e.get('info') or '').replace('\n', ' ')[:200]))
    for rc in sorted((out / 'wapiti').glob('*.rc')):
        code = rc.read_text().strip()
        if rc.stem != 'control' and not (out / 'wapiti' / f'{rc.stem}.json').exists():
            problems.append(f'wapiti {rc.stem}: no report (exit {code}, see {out}/wapiti/{rc.stem}.log)')
    for err in sorted((out / 'wapiti').glob('*.error')):
        problems.append(f'wapiti {err.stem}: {err.read_text().strip()}')
    return findings, problems, per_module, control


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--allowlist', required=True)
    ap.add_argument('--elapsed', type=int, default=0)
    ap.add_argument('--only', default='control,sqlmap,wapiti')
    ap.add_argument('--partial', action='store_true', help='only some sqlmap targets ran')
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    only = set(args.only.split(','))
    rules = read_allowlist(args.allowlist)

    s_find, s_prob, s_counts, s_control = sqlmap_findings(out)
    w_find, w_prob, w_modules, w_control = wapiti_findings(out)
    problems = s_prob + w_prob
    if 'control' in only:
        if s_control is not True:
            problems.append('positive control: sqlmap did not find the planted injection '
                            f'(see {out}/sqlmap/control/run.log)')
        if w_control is not True:
            problems.append('positive control: wapiti did not find the planted reflected XSS '
                            f'(see {out}/wapiti/control.log)')

    unexplained, explained = [], []
    for fid, info in s_find + w_find:
        rule = next((r for r in rules if fnmatch.fnmatchcase(fid, r[0])
                     or fnmatch.fnmatchcase(f'{fid} — {info}', r[0])), None)
        (explained if rule else unexplained).append((fid, info, rule))

    lines = [f'Scan of {out} ({args.elapsed} s)', '']
    if 'control' in only:
        lines.append(f'- positive control: sqlmap {"found the injection" if s_control else "FOUND NOTHING"}, '
                     f'wapiti {"found the XSS" if w_control else "FOUND NOTHING"}')
    if 'sqlmap' in only:
        lines.append(f"- sqlmap: {s_counts['targets']} targets, {s_counts['clean']} with no injectable "
                     f"parameter, {s_counts['found']} with findings, {s_counts['not scanned']} not scanned")
    if 'wapiti' in only:
        scans = sorted(p.stem for p in (out / 'wapiti').glob('*.json')
                       if p.stem != 'control' and not p.stem.endswith('.cookies'))
        lines.append(f"- wapiti ({', '.join(scans) or 'no scan'}): "
                     + (', '.join(f'{k} {v}' for k, v in sorted(w_modules.items())) or 'no module ran'))
    lines.append(f'- findings: {len(explained)} explained by the allowlist, {len(unexplained)} unexplained')
    for fid, info, rule in explained:
        lines.append(f'  - explained: {fid} ({rule[0]})')
    for fid, info in [(f, i) for f, i, _ in unexplained]:
        lines.append(f'  - UNEXPLAINED: {fid}: {info}')
    for p in problems:
        lines.append(f'  - PROBLEM: {p}')
    text = '\n'.join(lines) + '\n'
    (out / 'summary.md').write_text(text, encoding='utf-8')
    sys.stdout.write(text)
    ok = not unexplained and not problems
    print(f'{1 if ok else 0} passed, {0 if ok else 1} failed')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
