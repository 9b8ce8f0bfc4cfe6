"""Reading an input file: plain text, Markdown or a saved HTML page, in whatever encoding.

HTML goes through trafilatura (main text only: navigation, ads and scripts dropped); other
files are decoded as UTF-8, or in the encoding charset-normalizer detects. The text is then
put in Unicode NFC with ``\\n`` line ends, as the annotation format requires; nothing else
changes.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import CharsetMatch, CharsetMatches, from_bytes

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", "")
_MAX_BYTES = 20 * 1024 * 1024


class InputError(Exception):
    """A file that cannot be added, with the reason in words a user can act on."""

    def __init__(self, path: Path, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass
class Source:
    """A document ready to draft: its text and what the file said about itself."""

    path: Path
    text: str
    format: str  # text | markdown | html
    page: dict[str, str] = field(default_factory=dict)  # HTML metadata: title, author, date...

    @property
    def sha256(self) -> str:
        """SHA-256 of the UTF-8 text as stored (what ``source_sha256`` records)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def read_source(path: Path) -> Source:
    """Read and decode ``path``; raise :class:`InputError` for what cannot be a document."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read: {error.strerror or error}") from None
    if len(raw) > _MAX_BYTES:
        raise InputError(path, f"is larger than {_MAX_BYTES // (1024 * 1024)} MB")
    if not raw.strip():
        raise InputError(path, "is empty")
    decoded = _decode(path, raw)
    is_html = path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(decoded)
    if is_html:
        return _from_html(path, decoded)
    text = _normalise(decoded)
    kind = "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"
    return Source(path, text, kind)


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "is a binary file, not a text or HTML document")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = _most_likely(from_bytes(raw))
        if best is None:
            raise InputError(
                path, "cannot be decoded: not UTF-8, and no text encoding could be detected"
            ) from None
        text = str(best)
    controls = sum(
        1 for c in text[:8192] if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f"
    )
    if controls > max(2, len(text[:8192]) // 100):
        raise InputError(path, "is a binary file, not a text or HTML document")
    return text


# Among encodings charset-normalizer finds equally plausible (same chaos and coherence, as
# Windows-1250, -1252 and -1257 are for most Western text), the commonest legacy one first.
_PREFERRED = ("utf_8", "cp1252", "latin_1", "iso8859_15", "cp1251", "cp1250")


def _most_likely(matches: CharsetMatches) -> CharsetMatch | None:
    best = matches.best()
    if best is None:
        return None
    ties = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    for encoding in _PREFERRED:
        for match in ties:
            if encoding in match.could_be_from_charset:
                return match
    return best


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _from_html(path: Path, html: str) -> Source:
    import trafilatura

    # No deduplicate=True: trafilatura's cache of seen segments spans calls, so a second page
    # sharing paragraphs with the first (or the same page in another project) lost its text.
    body = trafilatura.extract(
        html, output_format="txt", include_comments=False, include_tables=True
    )
    if not body or not body.strip():
        raise InputError(path, "is an HTML page with no main text that could be extracted")
    page: dict[str, str] = {}
    metadata = trafilatura.extract_metadata(html)
    if metadata is not None:
        for key in ("title", "author", "date", "sitename", "url"):
            value = getattr(metadata, key, None)
            if value:
                page[key] = unicodedata.normalize("NFC", str(value)).strip()
    text = _normalise(body).strip() + "\n"
    title = page.get("title")
    if title and not text.startswith(title):
        # The page's headline is part of what it says; keep it as the text's first line.
        text = f"{title}\n\n{text}"
    return Source(path, text, "html", page)
