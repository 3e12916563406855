"""The one XSS corpus: the sanitiser, the pages and the browser are all tested with it.

Two sources, one list: the script-injection section of the Big List of Naughty
Strings (tests/data/xss_payloads.txt, see tests/data/README.md) and our own
payloads below, aimed at the Markdown path and the sanitiser's allowlist. Each
payload that calls alert() or a foreign host also comes as a variant that
calls a marker host instead, so that a browser notices a payload that ran.

Every payload falls in one class of CLASSES. SLICE holds a few payloads of
each class (from both sources, with their marker variants): `make test` puts
it through every page and the browser; `make test-all` (marker ``full``) puts
the whole CORPUS through them. The sanitiser sees the whole corpus either way.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

BLNS = [
    line
    for line in (Path(__file__).parent / "data" / "xss_payloads.txt")
    .read_text(encoding="utf-8")
    .split("\n")
    if line.strip()
]

OURS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt >alert(1)</sCrIpT >",
    "<script\n>alert(1)</script\n>",
    "<script\tsrc=//evil.example/x.js></script>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)>",
    '<IMG SRC="javascript:alert(1)">',
    '<img src=x onerror="&#97;&#108;&#101;&#114;&#116;(1)">',
    "<img src=x onerror=alert(1)",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<a href="javascript:alert(1)">x</a>',
    "<a href='javascript:alert(\"1\")'>nested quotes</a>",
    '<a href="&#106;avascript:alert(1)">entity-encoded scheme</a>',
    '<a href="jav&#x0A;ascript:alert(1)">newline in scheme</a>',
    '<a href="java\tscript:alert(1)">tab in scheme</a>',
    '<a href=" javascript:alert(1)">leading space</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](  javascript:alert(1)  )",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "[x]: javascript:alert(1)\n\n[link][x]",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<p onclick=alert(1)>event handler on an allowed tag</p>",
    '<a href="https://ok.example" onmouseover="alert(1)">allowed link, bad handler</a>',
    "<table><tr><td onmouseover=alert(1)>x</td></tr></table>",
    "<a title='x\" onmouseover=\"alert(1)'>quote break-out</a>",
    '<img """><script>alert(1)</script>">',
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "```\n<script>alert(1)</script>\n```",
    "**<script>alert(1)</script>**",
]

# A host that exists nowhere (.test is reserved): the browser test fails on any request to it.
MARKER_HOST = "xss-marker.test"
MARKER_URL = f"http://{MARKER_HOST}/hit"
_CALL = re.compile(r"\b(?:alert|prompt|confirm)\s*\([^()]*\)")
_FOREIGN_HOST = re.compile(r"ha\.ckers\.org")


def with_marker(payload):
    """The payload with its alert()/prompt() calls and foreign hosts aimed at the marker."""
    marked = _CALL.sub(f"fetch(`{MARKER_URL}`)", payload)
    return _FOREIGN_HOST.sub(MARKER_HOST, marked)


PAYLOADS = list(dict.fromkeys(OURS + BLNS))
MARKED = [marked for payload in PAYLOADS if (marked := with_marker(payload)) != payload]
CORPUS = PAYLOADS + MARKED

# What a payload relies on; the first class that matches is its class.
CLASSES = {
    "markdown syntax": re.compile(r"\]\(|\]:|```|\*\*"),
    "style or expression": re.compile(r"style|expression", re.IGNORECASE),
    "comment or conditional comment": re.compile(r"<!--|-->"),
    "foreign element": re.compile(
        r"<\s*/?\s*(?:svg|math|iframe|object|embed|form|base|meta|link|details|body|title|"
        r"plaintext|noscript)\b",
        re.IGNORECASE,
    ),
    "escaped or encoded": re.compile(r"&#|&[a-z]+;|\\x|\\0|%[0-9a-f]{2}", re.IGNORECASE),
    "script element": re.compile(r"(?<![a-z])script|\uff1cscript", re.IGNORECASE),
    "event handler": re.compile(r"\bon[a-z]+[^\s>=]*\s*=", re.IGNORECASE),
    "script address": re.compile(r"j\W*a\W*v\W*a\W*s|vbscript|data:", re.IGNORECASE),
    "attribute or string break-out": re.compile(""),
}
PER_CLASS = 1  # from each source


def payload_class(payload):
    return next(name for name, pattern in CLASSES.items() if pattern.search(payload))


def _slice():
    chosen = []
    for name in CLASSES:
        for source in (OURS, BLNS):
            chosen += [p for p in source if payload_class(p) == name][:PER_CLASS]
    chosen = list(dict.fromkeys(chosen))
    return chosen, [marked for p in chosen if (marked := with_marker(p)) != p]


SLICE_PAYLOADS, SLICE_MARKED = _slice()
SLICE = SLICE_PAYLOADS + SLICE_MARKED


def chunks(items, size):
    return [items[start : start + size] for start in range(0, len(items), size)]


class Elements(HTMLParser):
    """(tag, attrs) of every element a browser would build from the HTML, and script texts."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.scripts = []
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def url_scheme(url):
    """The scheme a browser sees: it ignores tabs and newlines and trims control characters."""
    cleaned = "".join(ch for ch in url if ch not in "\t\n\r").strip("\x00- ")
    return urlsplit(cleaned).scheme.lower()
