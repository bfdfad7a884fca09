"""Bytes to str: byte-order marks, declared charsets, UTF-8, then a guess; binary refused."""

from __future__ import annotations

import codecs
import re
from contextvars import ContextVar

import charset_normalizer

from .document import Refused

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels that mean windows-1252 on the web (the WHATWG Encoding Standard maps them so).
_WINDOWS_1252 = {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1"}
# Codecs Python has that no real page is written in, or that rewrite the text (escapes, IDNA).
_NOT_CHARSETS = {"unicode_escape", "raw_unicode_escape", "idna", "punycode", "utf_7", "undefined"}
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([a-z0-9_:.\-]{1,40})", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([a-z0-9_.\-]{1,40})", re.I)
# Where to look for a declaration (the HTML standard says 1024 bytes; pages are sloppier).
_SNIFF_BYTES = 4096
# A guess within this much "chaos" of the best is as good: then prefer the common Western one.
_CHAOS_TOLERANCE = 0.05
_SAMPLE_CHARS = 65536
_MAX_SUSPICIOUS_SHARE = 0.10
_SUSPICIOUS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")

_replaced: ContextVar[list[int]] = ContextVar("_replaced")


def _replace_and_count(error: UnicodeError) -> tuple[str, int]:
    """Like errors="replace", but adds up the bytes replaced for this decode() call."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _replaced.get()[0] += error.end - error.start
    return "\ufffd", error.end


codecs.register_error("casefile.count-replace", _replace_and_count)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in <meta> or an XML declaration, as written; None if none."""
    head = data[:_SNIFF_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def decode(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Text and notes from any bytes; never raises. Undecodable bytes become U+FFFD."""
    counter = [0]
    token = _replaced.set(counter)
    try:
        text, notes = _decode(data, declared)
    finally:
        _replaced.reset(token)
    if counter[0]:
        plural = "s" if counter[0] != 1 else ""
        notes.append(f"{counter[0]:,} undecodable byte{plural} replaced with \ufffd")
    return text, notes


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """decode(), refusing binary data and files with nothing but blank space in them."""
    if not data:
        raise Refused("is empty")
    text, notes = decode(data, declared)
    if _looks_binary(text):
        raise Refused("looks like a binary file, not text")
    if not text.strip():
        raise Refused("has no text (only blank space)")
    return text, notes


def _decode(data: bytes, declared: str | None) -> tuple[str, list[str]]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "casefile.count-replace"), []
    codec = _usable_charset(declared)
    if codec is None or codec == "utf_8":
        # A page declared UTF-8 but saved as Latin-1 is common: UTF-8 is checked, not trusted.
        return _undeclared(data)
    # Any other declaration is trusted (as browsers do): bytes it does not cover are replaced.
    return data.decode(codec, "casefile.count-replace"), []


def _undeclared(data: bytes) -> tuple[str, list[str]]:
    utf16 = _utf16_without_bom(data)  # first: its zero bytes are valid UTF-8
    if utf16 is not None:
        return data.decode(utf16, "casefile.count-replace"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    codec = _mostly_utf8(data) or _guess(data)
    text = data.decode(codec, "casefile.count-replace")
    if codec == "utf-8":
        return text, []
    return text, [f"the text encoding was guessed: {_display(codec)}"]


def _usable_charset(label: str | None) -> str | None:
    """The Python codec for a declared label, or None for unknown or unsafe labels."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        name = codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None
    # A UTF-16/32 declaration without a byte-order mark was read in ASCII, so it is wrong.
    if name in _NOT_CHARSETS or name.startswith(("utf_16", "utf_32")):
        return None
    try:
        b"x".decode(name)
    except LookupError:  # a codec that is no text encoding (zlib, rot13, base64...)
        return None
    except UnicodeDecodeError:  # a text encoding that needs more than one byte
        pass
    return name


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: mostly-Latin text has every other byte zero."""
    sample = data[:_SNIFF_BYTES]
    half = len(sample) // 2
    if half < 2 or 0 not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.4 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.4 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes (a damaged or concatenated file) stays UTF-8.

    Otherwise every accented letter would turn to mojibake to save a handful of bytes.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return "utf-8" if good >= bad > 0 else None


def _guess(data: bytes) -> str:
    """charset_normalizer's best guess (windows-1252 if as good); windows-1252 if it has none."""
    matches = [
        match
        for match in charset_normalizer.from_bytes(data)
        # UTF-16/32 without a byte-order mark or zero bytes is a misreading of 8-bit text.
        if not match.encoding.startswith(("utf_16", "utf_32"))
    ]
    if not matches:
        return "cp1252"
    best = min(match.chaos for match in matches)
    for match in matches:
        if match.chaos <= best + _CHAOS_TOLERANCE and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return matches[0].encoding


def _display(codec: str) -> str:
    name = codecs.lookup(codec).name
    return f"windows-{name[2:]}" if re.fullmatch(r"cp125\d", name) else name


def _looks_binary(text: str) -> bool:
    """Zero bytes near the start, or many control or undecodable characters."""
    sample = text[:_SAMPLE_CHARS]
    if "\x00" in sample[:8192]:
        return True
    suspicious = len(_SUSPICIOUS.findall(sample))
    return suspicious > _MAX_SUSPICIOUS_SHARE * max(len(sample), 1)
