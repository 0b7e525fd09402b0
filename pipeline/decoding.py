"""Turn a page body of unknown encoding into text, or say why it is not text."""
from __future__ import annotations

from bs4.dammit import UnicodeDammit

from .errors import UndecodableBody

__all__ = ["decode_body", "decode_page"]

#: C0 controls other than tab/newline/carriage return: binary files are full of them.  Counted
#: as bytes of the UTF-8 text, where each is a byte of its own (those of longer characters are
#: 0x80 and up): bytes.translate counts them at a fifth of the cost of a regex over the text.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
#: More than this share of control characters means binary, not text.
_MAX_CONTROL_SHARE = 0.01
_SNIFF_CHARS = 65_536
#: The binary check looks at the head only, as git and file(1) do: a binary body shows it early,
#: and scanning all 64 KiB cost a tenth of the whole cleaning time of a typical page.
_BINARY_SNIFF_CHARS = 8_192


def decode_body(body: str | bytes, *, declared_charset: str | None = None) -> str:
    """Decode ``body``: UTF-8 first, then the declared charset, then BeautifulSoup's guess.

    Legacy pages (windows-1252, ISO-8859-1) decode; binary garbage raises UndecodableBody.
    """
    text = body if isinstance(body, str) else _decode_bytes(body, declared_charset)[0]
    _refuse_binary(text)
    # find, not replace alone: on pages beyond Latin-1 replace scans several times slower
    return text.replace("\x00", "") if text.find("\x00") >= 0 else text


def decode_page(body: str | bytes, *, declared_charset: str | None = None) -> tuple[str, bytes]:
    """``decode_body``'s text and the same text in UTF-8, which the HTML parser reads.

    The page is encoded once, here, and its NUL characters are looked for in the UTF-8 (one
    memchr) rather than in the text, which Python searches a character at a time once the page
    holds a character beyond Latin-1 (a fifth of the encoding's cost).  A NUL is the byte 0 in
    UTF-8 and no other character holds that byte, so both lose the same characters.  A body
    that is valid UTF-8 is its own encoding.
    """
    if isinstance(body, str):
        text, data = body, body.encode("utf-8", "replace")
    else:
        text, utf8 = _decode_bytes(body, declared_charset)
        data = utf8 if utf8 is not None else text.encode("utf-8", "replace")
    _refuse_binary(text)
    if data.find(b"\x00") >= 0:
        return text.replace("\x00", ""), data.replace(b"\x00", b"")
    return text, data


def _refuse_binary(text: str) -> None:
    sample = text[:_BINARY_SNIFF_CHARS]
    if sample and _control_count(sample) > _MAX_CONTROL_SHARE * len(sample):
        raise UndecodableBody("body looks binary: too many control characters for text")


def _control_count(text: str) -> int:
    encoded = text.encode("utf-8", "surrogatepass")  # lone surrogates: 3 bytes, none a control
    return len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))


def _decode_bytes(body: bytes, declared_charset: str | None) -> tuple[str, bytes | None]:
    """The text, and ``body`` itself (less a BOM) when that is its UTF-8, else None."""
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    try:
        return body.decode("utf-8"), body
    except UnicodeDecodeError:
        pass
    candidates = [declared_charset] if declared_charset else []
    dammit = UnicodeDammit(body[:_SNIFF_CHARS], known_definite_encodings=candidates,
                           is_html=True, exclude_encodings=["utf-8"])
    encoding = dammit.original_encoding
    if encoding is None:
        raise UndecodableBody("could not tell the character set of the body")
    try:
        return body.decode(encoding), None
    except (UnicodeDecodeError, LookupError) as exc:
        raise UndecodableBody(f"body is not valid {encoding}: {exc}") from exc
