#!/usr/bin/python3
"""Reads a login-history workbook written by tests/unit/test_history_export
and checks what Excel will show: sheet name, frozen header, widths, typed
date cells, text kept as text. Usage: check_xlsx.py FILE ROWS SHEET.
Prints one line per problem; exit 1 when there is any."""
import datetime
import sys

import openpyxl

path, rows, sheet = sys.argv[1], int(sys.argv[2]), sys.argv[3]
problems = []


def expect(cond, what):
    if not cond:
        problems.append(what)


wb = openpyxl.load_workbook(path)  # not read-only: panes and widths load
expect(wb.sheetnames == [sheet], f"sheets {wb.sheetnames!r}")
ws = wb[wb.sheetnames[0]]
expect(ws.freeze_panes == "A2", f"freeze_panes {ws.freeze_panes!r}")
expect(ws.max_row == rows + 1, f"max_row {ws.max_row} for {rows} rows")
expect(ws.max_column == 5, f"max_column {ws.max_column}")
head = [c.value for c in ws[1]]
expect(head == ["日時", "イベント", "ユーザーID", "IPアドレス", "ユーザーエージェント"],
       f"header {head!r}")
expect(ws[1][0].font.b, "header not bold")
for col, least in zip("ABCDE", (15, 15, 25, 30, 60)):
    width = ws.column_dimensions[col].width
    expect(width and width >= least, f"column {col} width {width}")
expect(wb.properties.title == "ログイン履歴", f"title {wb.properties.title!r}")

base = datetime.datetime(2026, 11, 1, 0, 0, 0)
for i, row in enumerate(ws.iter_rows(min_row=2, values_only=False)):
    at, event, login, ip, ua = row
    want = base + datetime.timedelta(seconds=61 * i)
    expect(at.is_date and at.number_format == "yyyy-mm-dd hh:mm:ss",
           f"row {i}: A is {at.data_type} {at.number_format!r}")
    expect(isinstance(at.value, datetime.datetime)
           and abs((at.value - want).total_seconds()) < 1,
           f"row {i}: time {at.value!r} != {want}")
    expect(event.value == ("ログイン" if i % 2 == 0 else "ログアウト"), f"row {i}: event {event.value!r}")
    expect(login.data_type == "s", f"row {i}: login type {login.data_type}")
    expect(login.value == ("=HYPERLINK(\"x\")" if i == 3 else f"日電太郎{i}@例え.jp"),
           f"row {i}: login {login.value!r}")
    expect(ip.value == f"2001:db8::{i:x}", f"row {i}: ip {ip.value!r}")
    expect(ua.value == f"Mozilla/5.0 髙橋 ① 𠮷野家 \ufffd x {i}", f"row {i}: ua {ua.value!r}")
    if len(problems) > 20:
        break

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
