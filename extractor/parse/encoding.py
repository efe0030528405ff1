"""Bytes to text for HTML pages: the encoding from the BOM, the HTTP headers, `<meta charset>`, then detection.

Servers and pages lie about encodings in two common ways, and both are handled here:
- a page declared UTF-8 that is really windows-1252 (or UTF-8 with some windows-1252 bytes pasted in): the bytes
  that are not valid UTF-8 are read as windows-1252, so "caf\\xe9" becomes "café" instead of "caf\\ufffd";
- a page declared ISO-8859-1 (many servers' default) that is really UTF-8: valid multi-byte UTF-8 wins, since a
  single-byte codec decodes anything and so proves nothing.
Undeclared pages that are not UTF-8 go to charset-normalizer.

Example:
    >>> decode_html("<meta charset='utf-8'><p>caf\\xe9 \\x93hi\\x94".encode("latin-1")).text[-12:]
    '<p>café “hi”'
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Mapping, Optional

# WHATWG: labels for ISO-8859-1 and ASCII mean windows-1252 in HTML
_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
            "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252",
            "x-sjis": "shift_jis", "utf8": "utf-8", "unicode": "utf-8"}
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "cp1250", "cp1257", "cp775", "mac_latin2", "mac_roman", "cp850",
            "cp437", "iso8859_2", "ascii"}
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.I)
_HEADER = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SNIFF = 16384  # bytes searched for <meta charset>: it must come early in <head>


def _cp1252_fallback(err: UnicodeDecodeError):
    """Decode error handler: a byte that is not valid UTF-8 is read as windows-1252 (the usual mislabel)."""
    bad = bytes(err.object[err.start:err.start + 1])
    try:
        return bad.decode("cp1252"), err.start + 1
    except UnicodeDecodeError:  # the five bytes windows-1252 leaves undefined: C1 controls, as browsers do
        return bad.decode("latin-1"), err.start + 1


codecs.register_error("newsfacts-cp1252", _cp1252_fallback)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    source: str  # where the encoding came from: bom, header, meta, detected, utf-8, str


def normalize_label(label: Optional[str]) -> Optional[str]:
    """A Python codec name for an encoding label, or None when Python knows no such codec.

    >>> normalize_label("ISO-8859-1"), normalize_label("UTF8"), normalize_label("nonsense")
    ('cp1252', 'utf-8', None)
    """
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "utf-8" if name == "utf-8" else name


def header_charset(headers: Optional[Mapping[str, str]]) -> Optional[str]:
    """The charset of a Content-Type header, looked up case-insensitively.

    >>> header_charset({"content-type": "text/html; charset=Windows-1252"})
    'cp1252'
    """
    if not headers:
        return None
    for key, value in headers.items():
        if str(key).lower() == "content-type" and value:
            m = _HEADER.search(str(value))
            return normalize_label(m.group(1)) if m else None
    return None


def meta_charset(data: bytes) -> Optional[str]:
    """The charset a page declares in `<meta charset>` or `<meta http-equiv=Content-Type>`.

    >>> meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">')
    'euc_jp'
    """
    m = _META.search(data[:_SNIFF])
    return normalize_label(m.group(1).decode("ascii", "ignore")) if m else None


def _detect(data: bytes) -> Optional[str]:
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    return best.encoding if best is not None else None


def _utf8_or_mislabelled(data: bytes, source: str) -> Decoded:
    """UTF-8 was declared or is the default but the bytes are not valid UTF-8: find out what they are."""
    detected = _detect(data)
    if detected is None or detected in _WESTERN or detected.startswith("utf"):
        return Decoded(data.decode("utf-8", errors="newsfacts-cp1252"), "utf-8+cp1252", source)
    return Decoded(data.decode(detected, errors="replace"), detected, "detected")


def decode_html(data: bytes | str, headers: Optional[Mapping[str, str]] = None) -> Decoded:
    """Decode a page: BOM, then the HTTP header, then `<meta charset>`, then detection (see the module docstring).

    >>> decode_html(b"<p>\\xe2\\x82\\xac5</p>", {"Content-Type": "text/html; charset=iso-8859-1"}).text
    '<p>€5</p>'
    """
    if isinstance(data, str):
        return Decoded(data, "str", "str")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(codec, errors="replace"), codec, "bom")
    declared, source = header_charset(headers), "header"
    if declared is None:
        declared, source = meta_charset(data), "meta"
    if declared is None or declared == "utf-8":
        try:
            return Decoded(data.decode("utf-8"), "utf-8", source if declared else "utf-8")
        except UnicodeDecodeError:
            if declared:
                return _utf8_or_mislabelled(data, source)
            detected = _detect(data)
            if detected is None or detected in _WESTERN:
                return Decoded(data.decode("utf-8", errors="newsfacts-cp1252"), "utf-8+cp1252", "detected")
            return Decoded(data.decode(detected, errors="replace"), detected, "detected")
    if declared in {"cp1252", "iso8859-15", "iso8859_15"} and not data.isascii():
        # a single-byte label proves nothing: bytes that are valid, non-ASCII UTF-8 almost never happen by chance
        try:
            return Decoded(data.decode("utf-8"), "utf-8", "detected")
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode(declared), declared, source)
    except UnicodeDecodeError:
        detected = _detect(data) or declared
        return Decoded(data.decode(detected, errors="replace"), detected, "detected")
