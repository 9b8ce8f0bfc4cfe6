"""The shared frame of the server's HTML pages (escaped by construction: callers pass text)."""

from __future__ import annotations

from html import escape

_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#222}
header{background:#24364b;color:#fff;padding:.6em 1.2em}
header a{color:#fff;margin-right:1.2em;text-decoration:none}
main{max-width:70em;margin:1em auto;padding:0 1.2em}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em .5em;
text-align:left;vertical-align:top}blockquote{border-left:4px solid #24364b;margin:1em 0;
padding:.4em 1em;background:#f4f6f8;white-space:pre-wrap}.muted{color:#666;font-size:.9em}
code{background:#f4f4f4;padding:0 .2em}
"""


def page(title: str, body: str, *, full_width: bool = False, head: str = "") -> str:
    """A complete HTML document: the site header, then ``body`` (already HTML)."""
    main_style = ' style="max-width:none"' if full_width else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)} · provkb</title><style>{_STYLE}</style>{head}</head><body>"
        '<header><a href="/"><b>provkb</b></a><a href="/">Query</a>'
        '<a href="/queries">Canned queries</a><a href="/dumps/">Dumps</a>'
        '<a href="/.well-known/void">VoID</a><a href="/docs">API</a></header>'
        f"<main{main_style}>{body}</main></body></html>\n"
    )
