#!/usr/bin/env python3
"""Checks the demo knowledge content against the loader's file format.

Run from anywhere: python3 tools/demo/knowledge/check.py
Exit status 0 when everything holds, 1 with one line per problem otherwise.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FILES_DIR = os.path.join(HERE, "files")
ARTICLES_DIR = os.path.join(HERE, "articles")
MAX_FILE_BYTES = 300 * 1024

KNOWN_KEYS = {
    "key", "lang", "translation_of", "base", "category", "title", "author",
    "published_days_ago", "announcement", "display_from_days",
    "display_until_days", "documents",
}
REQUIRED_KEYS = {"key", "lang", "base", "category", "title", "author",
                 "published_days_ago", "announcement"}
AUTHORS = {"ヘルプデスク", "SOC チーム"}
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
INT_RE = re.compile(r"^-?[0-9]+$")
# Markdown link targets: [text](target) and <autolink>.
LINK_RE = re.compile(r"\]\(([^)\s]+)\)")
ANGLE_RE = re.compile(r"<([^>\s]*)>")

problems = []


def problem(where, text):
    problems.append(f"{where}: {text}")


def read_structure():
    bases, categories, downloads = {}, {}, []
    path = os.path.join(HERE, "structure.tsv")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            where = f"structure.tsv:{n}"
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            kind = cols[0]
            if any(c.strip() == "" or c != c.strip() for c in cols):
                problem(where, "empty field or surrounding blanks")
            if kind == "base":
                if len(cols) != 5:
                    problem(where, "base needs 5 columns")
                    continue
                _, code, _, _, pos = cols
                if not CODE_RE.match(code):
                    problem(where, f"bad base code {code!r}")
                if code in bases:
                    problem(where, f"duplicate base {code}")
                if not INT_RE.match(pos):
                    problem(where, "position is not an integer")
                bases[code] = cols
            elif kind == "category":
                if len(cols) != 6:
                    problem(where, "category needs 6 columns")
                    continue
                _, base, code, _, _, pos = cols
                if base not in bases:
                    problem(where, f"unknown base {base}")
                if not CODE_RE.match(code):
                    problem(where, f"bad category code {code!r}")
                if code in categories:
                    problem(where, f"duplicate category {code}")
                if not INT_RE.match(pos):
                    problem(where, "position is not an integer")
                categories[code] = base
            elif kind == "download":
                if len(cols) != 7:
                    problem(where, "download needs 7 columns")
                    continue
                _, base, name = cols[:3]
                if base not in bases:
                    problem(where, f"unknown base {base}")
                if name in downloads:
                    problem(where, f"duplicate download {name}")
                check_file(where, name)
                downloads.append(name)
            else:
                problem(where, f"unknown line kind {kind!r}")
    return bases, categories, downloads


def check_file(where, name):
    if "/" in name or name.startswith("."):
        problem(where, f"file name {name!r} must be a plain name in files/")
        return
    path = os.path.join(FILES_DIR, name)
    if not os.path.isfile(path):
        problem(where, f"missing file files/{name}")
    elif os.path.getsize(path) >= MAX_FILE_BYTES:
        problem(where, f"files/{name} is not below 300 KB")
    elif name.endswith(".pdf"):
        with open(path, "rb") as f:
            if f.read(5) != b"%PDF-":
                problem(where, f"files/{name} is not a PDF")


def parse_article(path):
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    if not lines or lines[0] != "---":
        problem(name, "does not start with a --- line")
        return None, ""
    try:
        end = lines.index("---", 1)
    except ValueError:
        problem(name, "front matter has no closing --- line")
        return None, ""
    meta = {}
    for n, line in enumerate(lines[1:end], 2):
        m = re.match(r"^([a-z_]+): (.+)$", line)
        if not m:
            problem(f"{name}:{n}", f"not a 'key: value' line: {line!r}")
            continue
        k, v = m.group(1), m.group(2)
        if v != v.strip():
            problem(f"{name}:{n}", "value has surrounding blanks")
        if k not in KNOWN_KEYS:
            problem(f"{name}:{n}", f"unknown key {k}")
        if k in meta:
            problem(f"{name}:{n}", f"key {k} given twice")
        meta[k] = v
    body = "\n".join(lines[end + 1:])
    return meta, body


def check_body(name, meta, body):
    if not body.strip():
        problem(name, "empty body")
    for target in LINK_RE.findall(body):
        if not re.match(r"^(https?://|mailto:)", target):
            problem(name, f"link target {target!r} is not http, https or mailto")
    for inner in ANGLE_RE.findall(body):
        problem(name, f"angle brackets <{inner}> (raw HTML or autolink)")
    if "~" in body:
        problem(name, "'~' may turn into strikethrough; use 〜")


def main():
    bases, categories, downloads = read_structure()
    articles = {}
    for entry in sorted(os.listdir(ARTICLES_DIR)):
        if not entry.endswith(".md"):
            continue
        meta, body = parse_article(os.path.join(ARTICLES_DIR, entry))
        if meta is None:
            continue
        missing = REQUIRED_KEYS - meta.keys()
        if missing:
            problem(entry, "missing " + ", ".join(sorted(missing)))
            continue
        key = meta["key"]
        if not CODE_RE.match(key):
            problem(entry, f"bad key {key!r}")
        if entry != key + ".md":
            problem(entry, f"file name should be {key}.md")
        if key in articles:
            problem(entry, f"duplicate key {key}")
        if meta["lang"] not in ("ja", "en"):
            problem(entry, "lang must be ja or en")
        if meta["base"] not in bases:
            problem(entry, f"unknown base {meta['base']}")
        if categories.get(meta["category"]) != meta["base"]:
            problem(entry, f"category {meta['category']} is not in base {meta['base']}")
        if meta["author"] not in AUTHORS:
            problem(entry, f"unexpected author {meta['author']}")
        if not INT_RE.match(meta["published_days_ago"]) or int(meta["published_days_ago"]) < 0:
            problem(entry, "published_days_ago must be an integer >= 0")
        if meta["announcement"] not in ("yes", "no"):
            problem(entry, "announcement must be yes or no")
        window = [k for k in ("display_from_days", "display_until_days") if k in meta]
        for k in window:
            if not INT_RE.match(meta[k]):
                problem(entry, f"{k} must be an integer")
        if window and meta["announcement"] != "yes":
            problem(entry, "a display window needs announcement: yes")
        if len(window) == 2 and all(INT_RE.match(meta[k]) for k in window):
            if int(meta["display_from_days"]) > int(meta["display_until_days"]):
                problem(entry, "display window ends before it starts")
        for doc in filter(None, (d.strip() for d in meta.get("documents", "").split(","))):
            check_file(entry, doc)
        check_body(entry, meta, body)
        articles[key] = meta
    for key, meta in articles.items():
        orig = meta.get("translation_of")
        if orig is None:
            continue
        if orig not in articles:
            problem(key, f"translation_of {orig} does not exist")
        elif articles[orig]["lang"] == meta["lang"]:
            problem(key, f"translation_of {orig} has the same language")
        elif "translation_of" in articles[orig]:
            problem(key, f"translation_of {orig} is itself a translation")
    for code in bases:
        if not any(m["base"] == code for m in articles.values()):
            problem("structure.tsv", f"base {code} has no article")
    for code, base in categories.items():
        if not any(m["category"] == code for m in articles.values()):
            problem("structure.tsv", f"category {code} has no article")
    for p in problems:
        print(p)
    ja = sum(1 for m in articles.values() if m["lang"] == "ja")
    print(f"{len(articles)} articles ({ja} ja, {len(articles) - ja} en), "
          f"{len(bases)} bases, {len(categories)} categories, "
          f"{len(downloads)} downloads: "
          + ("OK" if not problems else f"{len(problems)} problem(s)"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
