"""Bytes to text: byte-order marks, declarations, UTF-8, guesses, and refusing binary data."""

from __future__ import annotations

import codecs
import os
import random

import pytest

from desktop.ingest.extract import Refused, extract, read_bytes
from desktop.ingest.extract.decode import declared_charset, decode, decode_text

FRENCH = (
    "Le café de la gare est fermé depuis l'été dernier. Les habitués regrettent déjà leurs "
    "crêpes, leur thé à la menthe et les éclairs du pâtissier. « Ça ne sera plus jamais pareil », "
    "soupire une cliente âgée."
)


def test_utf8_bom(write) -> None:
    data = codecs.BOM_UTF8 + "Réunion du conseil\n\nÀ l'ordre du jour".encode()
    document = extract("note.txt", read_bytes(write("note.txt", data)))
    assert document.text == "Réunion du conseil\n\nÀ l'ordre du jour"
    assert document.title == "Réunion du conseil"
    assert document.notes == ()


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    data = "Zürich – 東京 – Zażółć".encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert extract("cities.txt", data).text == "Zürich – 東京 – Zażółć"


def test_utf16_without_bom() -> None:
    data = "Plain English text saved as UTF-16 without its mark.".encode("utf-16-le")
    assert extract("memo.txt", data).text.startswith("Plain English text")


@pytest.mark.parametrize("label", ["windows-1252", "iso-8859-1", "ISO-8859-1", "latin1"])
def test_declared_single_byte_page(label: str) -> None:
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={label}">'
        f"<title>Le café</title></head><body><article><h1>Le café ferme</h1>"
        f"<p>{FRENCH}</p><p>{FRENCH}</p></article></body></html>"
    )
    document = extract("cafe.html", page.encode("cp1252"))
    assert "Le café de la gare est fermé" in document.text
    assert "«\u00a0Ça" not in document.text and "« Ça ne sera" in document.text
    assert "\ufffd" not in document.text


def test_meta_charset_and_xml_declaration_are_found() -> None:
    assert declared_charset(b'<html><head><meta charset="windows-1251">') == "windows-1251"
    assert declared_charset(b"<?xml version='1.0' encoding='ISO-8859-2'?><html>") == "ISO-8859-2"
    assert declared_charset(b"<html><head><title>x</title>") is None


def test_declared_cyrillic_page() -> None:
    text = "Министерство сообщило о задержке танкера в порту. " * 6
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{text}</p></body></html>'
    assert "Министерство сообщило" in extract("ru.html", page.encode("cp1251")).text


@pytest.mark.parametrize("label", ["no-such-charset", "rot13", "unicode_escape", "utf-7", "zlib"])
def test_unknown_or_unsafe_declarations_are_ignored(label: str) -> None:
    text, _ = decode("Ünïcode in UTF-8 \\u0041".encode(), declared=label)
    assert text == "Ünïcode in UTF-8 \\u0041"


def test_undeclared_latin1_text() -> None:
    document = extract("cafe.txt", FRENCH.encode("latin-1"))
    assert document.text == FRENCH
    assert any("guessed" in note and "windows-1252" in note for note in document.notes)


def test_undeclared_cyrillic_text() -> None:
    text = "Привет, это тестовый текст на русском языке о работе порта и судов."
    assert extract("ru.txt", text.encode("cp1251")).text == text


def test_invalid_utf8_bytes_are_replaced_with_a_note() -> None:
    data = "Café – naïve résumé\n".encode() + b"broken \xff\xfe here and \xc3( there\n"
    document = extract("damaged.txt", data)
    assert document.text.startswith("Café – naïve résumé")  # still UTF-8, no mojibake
    assert "broken \ufffd\ufffd here" in document.text
    assert "3 undecodable bytes replaced with \ufffd" in document.notes


def test_decode_never_raises_on_any_bytes() -> None:
    samples = [random.Random(n).randbytes(n) for n in (1, 2, 3, 7, 64, 1000, 5000)]
    samples += [bytes(range(256)), b"\xff\xfe\x00", b"\xef\xbb", b"\x00" * 10, b"\x80" * 99]
    for data in samples:
        for declared in (None, "utf-8", "shift_jis", "utf-16", "nonsense"):
            text, notes = decode(data, declared)
            assert isinstance(text, str) and isinstance(notes, list)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + os.urandom(2000),
        b"PK\x03\x04\x14\x00\x06\x00" + os.urandom(3000),  # a .docx renamed to .txt
        bytes(range(1, 32)) * 50,  # control characters, no zero byte
        random.Random(4096).randbytes(4096),
    ],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(Refused, match="looks like a binary file, not text"):
        decode_text(data)


@pytest.mark.parametrize(("data", "reason"), [(b"", "is empty"), (b" \n\t\r\n ", "has no text")])
def test_empty_and_blank(data: bytes, reason: str) -> None:
    with pytest.raises(Refused, match=reason):
        extract("blank.txt", data)
