#!/usr/bin/python3
"""Runs Debian 12's wapiti (3.0.4) with one fix: its exclusion patterns (-x)
put the regex flags at the end ('...\\Z(?ms)'), which Python 3.11 refuses
("global flags not at the start"), so any -x stopped the crawl. Arguments
are wapiti's."""
import re
import sys

from wapitiCore.net import crawler


def wildcard_translate(pattern):
    return re.compile('(?ms)' + ''.join('.*' if c == '*' else re.escape(c) for c in pattern) + r'\Z')


crawler.wildcard_translate = wildcard_translate

from wapitiCore.main.wapiti import wapiti_main  # noqa: E402 (after the fix)

sys.argv[0] = 'wapiti'
sys.exit(wapiti_main())
