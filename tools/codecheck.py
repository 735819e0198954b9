#!/usr/bin/env python3
"""Static checks of the source tree that the compiler does not make.

    tools/codecheck.py [--root DIR]      check DIR (default: the tree it is in)

Prints one line per finding, "path:line: rule: message", and exits 1 when
there is any (0 when the tree is clean, 2 on a usage error). The rules
(docs/codecheck.md says why):

  sql-format     a string of SQL text holds a printf conversion (%s, %d...)
  sql-printf     a printf-family call has SQL text among its arguments
  sql-argument   the SQL argument of an mm_db_* call is not a string literal
                 or a constant of literal text (static const char X[] = "...")
  sql-layer      SQL text in an area program outside its *_db.c files
  cs-name        a template applies name: (or name()) to anything but the
                 loop variable of an each: over a server-made node
  cs-uvar        a template uses uvar: (unescaped output)
  cs-escape      an escape: "none" block of a template prints anything but
                 a variable listed in UNESCAPED_VARS for that template
  tracked-build  git tracks a generated file (__pycache__, *.pyc, *.o)

C is read as tokens, not parsed: string literals next to each other, and
macros whose body is only string literals, join into one string.
"""
import os
import re
import subprocess
import sys

# --- what counts as SQL ---------------------------------------------------
# Upper-case keywords (the house style for SQL); prose and log messages are
# written in lower case.
SQL_RE = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b|"
    r"\bDELETE\s+FROM\b|\bREPLACE\s+INTO\b|\b(CREATE|ALTER|DROP)\s+TABLE\b|"
    r"\bWHERE\b|\bORDER\s+BY\b|\bGROUP\s+BY\b|\bVALUES\s*\(|\bLIMIT\s+[?%\d]|"
    r"\bJOIN\s+\w+")
CONVERSION_RE = re.compile(
    r"%[-+ #0']*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|j|z|t|L|q)?[diouxXeEfFgGaAcspn]")

PRINTF_FAMILY = {
    "printf", "fprintf", "sprintf", "snprintf", "vprintf", "vfprintf",
    "vsprintf", "vsnprintf", "dprintf", "vdprintf", "asprintf", "vasprintf",
    "syslog", "vsyslog", "FCGX_FPrintF", "FCGX_VFPrintF", "mm_buf_printf",
    "mm_setf", "mm_log_error", "mm_log_warn", "mm_log_info", "mm_log_debug",
}
# mm_db_* functions and the index of their SQL argument.
DB_CALLS = {"mm_db_exec": 0, "mm_db_query": 1, "mm_db_get_int": 1, "mm_db_query_stream": 1}
# The database layer itself passes the caller's SQL on.
DB_IMPLEMENTATION = {"fcgi/core/mm_db.c"}

# Area program files that still hold SQL outside a *_db.c file; each entry
# names why. The check fails once a listed file no longer needs it, so the
# list only shrinks.
SQL_LAYER_EXCEPTIONS = {
}

# mm_db_* calls whose SQL argument is not literal text at the call, by file
# and argument; each entry names why the text is still only literal text.
# The other rules still hold there: every SQL fragment is a literal checked
# by sql-format, and no printf-family call may take SQL text (sql-printf).
SQL_ARGUMENT_EXCEPTIONS = {
    ("fcgi/cases/cases_db.c", "sql"):
        "list and count variants joined with mm_buf_puts from literal fragments, once per process",
    ("tools/purge_db.c", "p -> sql"): "a table of literal statements",
    ("fcgi/history/history_db.c", "sql"): "one of a table of literal statements, by sort",
    ("tests/unit/test_db.c", "texts [ i ]"):
        "the statement cache test needs more distinct statements than the cache holds",
}

# Template nodes whose children the programs name (numbered rows, language
# keys, input names): name: may print those names.
SERVER_MADE_ROOTS = {"L", "Signup", "Apps", "Questions", "Dests", "Users",
                     "Answers", "Errors"}

# The only values a template may print unescaped (escape: "none"), by
# template and variable, each with why its text is HTML of our own making.
UNESCAPED_VARS = {
    ("templates/knowledge/body.cs", "html"):
        "an article body rendered by libcmark-gfm without raw HTML (kb_body)",
    ("templates/dashboard/report_body.cs", "svg"):
        "a chart of svg_chart.c, every text in it escaped (report_svg on Charts.*)",
    ("templates/dashboard/report.cs", "Report.Body"):
        "report_body.cs rendered by report.c (escaped values), kept per fingerprint",
    ("templates/layout_head.cs", "Menu.Html"):
        "menu_links.cs rendered by mm_render (language texts), kept per language, kind of user and entry",
    ("templates/dashboard/notices.cs", "Banner.Html"):
        "knowledge/banner.cs rendered by dashboard_notices.c (escaped values), kept per list and language",
    ("templates/dashboard/notices.cs", "Notices.Html"):
        "notices_panel.cs rendered by dashboard_notices.c (escaped values), kept per list",
    ("templates/cases/list.cs", "List.HeadHtml"):
        "cases/list_head.cs rendered by cases_list.c (escaped values), kept per language and values read",
    ("templates/cases/list.cs", "List.FilterHtml"):
        "cases/list_filter.cs rendered by cases_list.c (escaped values), kept per language, values read and categories",
}

# --- C tokens -------------------------------------------------------------
TOKEN_RE = re.compile(r"""
    (?P<ws>[ \t\r\f\v]+|\\\n)
  | (?P<nl>\n)
  | (?P<comment>//[^\n]*|/\*[\s\S]*?\*/)
  | (?P<pp>\#[ \t]*[a-z]+)
  | (?P<str>(?:u8|u|U|L)?"(?:[^"\\\n]|\\.)*")
  | (?P<chr>(?:u8|u|U|L)?'(?:[^'\\\n]|\\.)*')
  | (?P<id>[A-Za-z_]\w*)
  | (?P<num>\.?\d(?:[\w.]|[eEpP][+-])*)
  | (?P<op>->|\+\+|--|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^!~<>=?:;,.(){}\[\]])
  | (?P<other>.)
""", re.X)


class Tok:
    __slots__ = ("kind", "text", "line", "value")

    def __init__(self, kind, text, line, value=None):
        self.kind, self.text, self.line, self.value = kind, text, line, value


def unescape(lit):
    body = lit[lit.index('"') + 1:-1]
    return re.sub(r"\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)", lambda m: {
        "n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), " "), body)


def tokenize(text):
    """Tokens of C source; preprocessor lines become one ('pp', name, line)
    token followed by their own tokens and an ('eol') token."""
    toks, line, in_pp = [], 1, False
    for m in TOKEN_RE.finditer(text):
        kind, s = m.lastgroup, m.group()
        if kind == "nl":
            if in_pp:
                toks.append(Tok("eol", "", line))
                in_pp = False
        elif kind == "pp":
            in_pp = True
            toks.append(Tok("pp", s.lstrip("#").strip(), line))
        elif kind == "str":
            toks.append(Tok("str", s, line, unescape(s)))
        elif kind not in ("ws", "comment"):
            toks.append(Tok(kind, s, line))
        line += s.count("\n")
    if in_pp:
        toks.append(Tok("eol", "", line))
    return toks


def literal_text(toks, macros):
    """The joined text when toks are only string literals and literal
    macros, else None."""
    parts = []
    for t in toks:
        if t.kind == "str":
            parts.append(t.value)
        elif t.kind == "id" and t.text in macros:
            parts.append(macros[t.text])
        elif t.kind == "op" and t.text in "()":
            continue
        else:
            return None
    return "".join(parts) if parts else None


def collect_macros(toks, macros):
    """#define NAME "..." ...: macros whose body is literal text."""
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "pp" and t.text == "define" and i + 1 < len(toks) and toks[i + 1].kind == "id":
            j = i + 2
            body = []
            while j < len(toks) and toks[j].kind != "eol":
                body.append(toks[j])
                j += 1
            # a function-like macro: "NAME(" with no space is not literal text
            text = literal_text(body, macros)
            if text is not None and body and body[0].kind == "str":
                macros[toks[i + 1].text] = text
            i = j
        i += 1


def code_tokens(toks):
    """Tokens outside preprocessor lines."""
    out, in_pp = [], False
    for t in toks:
        if t.kind == "pp":
            in_pp = True
        elif t.kind == "eol":
            in_pp = False
        elif not in_pp:
            out.append(t)
    return out


def collect_constants(toks, macros, consts):
    """static const char NAME[] = literal text;"""
    for i, t in enumerate(toks):
        if t.kind == "id" and i + 3 < len(toks) and toks[i + 1].text == "[" \
                and toks[i + 2].text == "]" and toks[i + 3].text == "=" \
                and i >= 2 and toks[i - 1].text == "char" and toks[i - 2].text == "const":
            j = i + 4
            while j < len(toks) and toks[j].text != ";":
                j += 1
            text = literal_text(toks[i + 4:j], macros)
            if text is not None:
                consts[t.text] = text


def string_runs(toks, macros):
    """Runs of adjacent literals (and literal macros): (line, text)."""
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "str" or (t.kind == "id" and t.text in macros and
                               i + 1 < len(toks) and toks[i + 1].kind == "str"):
            j = i
            while j < len(toks) and (toks[j].kind == "str" or
                                     (toks[j].kind == "id" and toks[j].text in macros)):
                j += 1
            yield t.line, literal_text(toks[i:j], macros)
            i = j
        else:
            i += 1


def call_args(toks, i):
    """Arguments (token lists) of the call whose name is toks[i]."""
    if i + 1 >= len(toks) or toks[i + 1].text != "(":
        return None
    args, cur, depth = [], [], 0
    for t in toks[i + 2:]:
        if t.text in "([{":
            depth += 1
        elif t.text in ")]}":
            if depth == 0:
                args.append(cur)
                return args
            depth -= 1
        elif t.text == "," and depth == 0:
            args.append(cur)
            cur = []
            continue
        cur.append(t)
    return None


def split_ternary(arg):
    """cond ? a : b at depth 0 -> [a, b] (each maybe a ternary itself)."""
    depth = 0
    for k, t in enumerate(arg):
        if t.text in "([{":
            depth += 1
        elif t.text in ")]}":
            depth -= 1
        elif t.text == "?" and depth == 0:
            nest = 0
            for m in range(k + 1, len(arg)):
                u = arg[m]
                if u.text in "([{":
                    depth += 1
                elif u.text in ")]}":
                    depth -= 1
                elif u.text == "?" and depth == 0:
                    nest += 1
                elif u.text == ":" and depth == 0:
                    if nest == 0:
                        return [arg[k + 1:m], arg[m + 1:]]
                    nest -= 1
            return None
    return None


def sql_text_of(arg, macros, consts):
    """The literal SQL text an argument stands for, or None."""
    if len(arg) == 1 and arg[0].kind == "id" and arg[0].text in consts:
        return consts[arg[0].text]
    return literal_text(arg, macros)


def literal_sql_argument(arg, macros, consts):
    parts = split_ternary(arg)
    if parts:
        return all(literal_sql_argument(p, macros, consts) for p in parts)
    return sql_text_of(arg, macros, consts) is not None


def is_area_file(rel):
    parts = rel.split("/")
    return len(parts) == 3 and parts[0] == "fcgi" and parts[1] != "core"


def check_c(rel, text, macros, findings, layer_hits):
    toks = code_tokens(tokenize(text))
    consts = {}
    collect_constants(toks, macros, consts)
    for line, s in string_runs(toks, macros):
        if s is None or not SQL_RE.search(s):
            continue
        conv = CONVERSION_RE.search(s)
        if conv:
            findings.append((rel, line, "sql-format",
                             "SQL text holds the conversion %r: bind a parameter instead" % conv.group()))
        if is_area_file(rel) and not rel.endswith("_db.c"):
            layer_hits.setdefault(rel, line)
    for i, t in enumerate(toks):
        if t.kind != "id" or (i > 0 and toks[i - 1].text in (".", "->")):
            continue
        if t.text in PRINTF_FAMILY:
            args = call_args(toks, i) or []
            for a in args:
                s = sql_text_of(a, macros, consts)
                if s is not None and SQL_RE.search(s):
                    findings.append((rel, t.line, "sql-printf",
                                     "%s() with SQL text: SQL is never formatted" % t.text))
                    break
        elif t.text in DB_CALLS and rel not in DB_IMPLEMENTATION:
            if i > 0 and toks[i - 1].kind == "id" and toks[i - 1].text not in ("return", "else"):
                continue	# a declaration, not a call
            args = call_args(toks, i)
            n = DB_CALLS[t.text]
            if args is None or len(args) <= n:
                continue
            what = " ".join(x.text for x in args[n])
            if (rel, what) in SQL_ARGUMENT_EXCEPTIONS:
                continue
            if not literal_sql_argument(args[n], macros, consts):
                findings.append((rel, t.line, "sql-argument",
                                 "%s() with SQL %r: use a string literal or a static const "
                                 "char[] of literal text" % (t.text, what)))


CS_TAG_RE = re.compile(r"<\?cs([\s\S]*?)\?>")
ESCAPE_NONE_RE = re.compile(r"<\?cs\s*escape:\s*\"none\"\s*\?>([\s\S]*?)(<\?cs\s*/escape\s*\?>|$)")
VAR_TAG_RE = re.compile(r"^<\?cs\s*var:\s*([\w.]+)\s*\?>$")
EACH_RE = re.compile(r"\beach:\s*(\w+)\s*=\s*([\w.]+)")
NAME_RE = re.compile(r"(?<![\w.])name(?::\s*|\s*\(\s*)([^\s)?]+)")


def check_escape_none(rel, text, findings):
    """An escape: "none" block holds exactly one var: of a listed variable."""
    for m in ESCAPE_NONE_RE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        inner = m.group(1).strip()
        v = VAR_TAG_RE.match(inner)
        if not m.group(2):
            findings.append((rel, line, "cs-escape", 'escape: "none" without its /escape'))
        elif not v:
            findings.append((rel, line, "cs-escape",
                             'an escape: "none" block holds more than one var: %r' % inner[:60]))
        elif (rel, v.group(1)) not in UNESCAPED_VARS:
            findings.append((rel, line, "cs-escape",
                             "var:%s printed unescaped: not listed in UNESCAPED_VARS" % v.group(1)))


def check_cs(rel, text, findings):
    check_escape_none(rel, text, findings)
    loops = {}
    for m in CS_TAG_RE.finditer(text):
        for e in EACH_RE.finditer(m.group(1)):
            loops.setdefault(e.group(1), []).append(e.group(2))
    for m in CS_TAG_RE.finditer(text):
        body = m.group(1)
        line = text.count("\n", 0, m.start()) + 1
        if re.search(r"(?<![\w.])uvar:", body):
            findings.append((rel, line, "cs-uvar",
                             "uvar: prints unescaped: use var: (escaped)"))
        for n in NAME_RE.finditer(body):
            var = n.group(1)
            sources = loops.get(var)
            if not sources:
                findings.append((rel, line, "cs-name",
                                 "name:%s is not the variable of an each: loop" % var))
            else:
                bad = [s for s in sources if s.split(".")[0] not in SERVER_MADE_ROOTS]
                if bad:
                    findings.append((rel, line, "cs-name",
                                     "name:%s walks %s, not a server-made node (%s)" %
                                     (var, bad[0], ", ".join(sorted(SERVER_MADE_ROOTS)))))


def check_hdf(rel, text, findings):
    """Sections of a language file close where they open: a lost "}" does not
    fail ClearSilver's parser, it silently nests every later section (all
    their texts then print as empty strings)."""
    depth = 0
    for line, raw in enumerate(text.split("\n"), 1):
        s = raw.strip()
        if not s or s.startswith("#"):
            continue
        if s.endswith("{"):
            if depth == 0 and s != "L {":
                findings.append((rel, line, "hdf-nesting", "top-level section other than L"))
            depth += 1
        elif s == "}":
            depth -= 1
            if depth < 0:
                findings.append((rel, line, "hdf-nesting", "} without a section to close"))
                depth = 0
    if depth:
        findings.append((rel, line, "hdf-nesting", "%d section(s) left open at the end" % depth))


def tracked_build_files(root, findings):
    try:
        out = subprocess.run(["git", "-C", root, "ls-files"], capture_output=True,
                             text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return
    if out.returncode != 0:
        return	# not a checkout (a release tarball)
    for f in out.stdout.splitlines():
        if "__pycache__/" in f or f.endswith((".pyc", ".o", ".a")):
            findings.append((f, 1, "tracked-build", "generated file under version control"))


def source_files(root):
    for top in ("fcgi", "tools", "templates", "tests/unit"):
        base = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d not in ("node_modules", "build"))
            for f in sorted(filenames):
                if f.endswith((".c", ".h", ".cs", ".hdf")) and (
                        not f.endswith(".hdf") or os.path.basename(dirpath) == "lang"):
                    path = os.path.join(dirpath, f)
                    yield os.path.relpath(path, root), path


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    args = argv[1:]
    while args:
        if args[0] == "--root" and len(args) >= 2:
            root = args[1]
            args = args[2:]
        else:
            sys.stderr.write(__doc__)
            return 2
    files = []
    for rel, path in source_files(root):
        with open(path, encoding="utf-8", errors="replace") as f:
            files.append((rel, f.read()))
    if not files:
        sys.stderr.write("codecheck: no sources under %s\n" % root)
        return 2
    macros = {}
    for rel, text in files:
        if rel.endswith((".c", ".h")):
            collect_macros(tokenize(text), macros)
    findings, layer_hits = [], {}
    for rel, text in files:
        if rel.endswith((".c", ".h")):
            check_c(rel, text, macros, findings, layer_hits)
        elif rel.endswith(".hdf"):
            check_hdf(rel, text, findings)
        else:
            check_cs(rel, text, findings)
    for rel, line in sorted(layer_hits.items()):
        if rel not in SQL_LAYER_EXCEPTIONS:
            findings.append((rel, line, "sql-layer",
                             "SQL outside a *_db.c file: move the query into the area's *_db.c"))
    for rel, why in sorted(SQL_LAYER_EXCEPTIONS.items()):
        if os.path.exists(os.path.join(root, rel)) and rel not in layer_hits:
            findings.append((rel, 1, "sql-layer",
                             "listed as an exception (%s) but holds no SQL: drop it from "
                             "SQL_LAYER_EXCEPTIONS" % why))
    tracked_build_files(root, findings)
    for rel, line, rule, msg in findings:
        print("%s:%d: %s: %s" % (rel, line, rule, msg))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
