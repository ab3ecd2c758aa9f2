"""Make a Pagefind bundle byte-reproducible: the same pages give the same files.

Pagefind (1.5) writes each filter's values, and the list of filters in its metadata file, in
the order of a Rust hash map, which changes from one run to the next; the file names are
digests of the contents, so they change too.  This module rewrites those files with values and
filters sorted, names them after a digest of the sorted contents, and points the metadata and
`pagefind-entry.json` at the new names.  Search results are unchanged: Pagefind's JavaScript
reads filters as maps, whatever their order.

The files are gzip-compressed CBOR after a `pagefind_dcd` signature; `_decode` and `_encode`
handle the part of CBOR Pagefind writes (integers, strings, arrays, maps, simple values), and a
file that does not read back byte for byte is left alone.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
ENTRY_FILE = "pagefind-entry.json"
FILTER_HASH_LENGTH = 7  # as Pagefind names them: en_1a2b3c4.pf_filter
META_HASH_LENGTH = 10  # pagefind.en_1a2b3c4d5e.pf_meta


class _UndecodableError(ValueError):
    """A file in a form this module does not know: it is left as Pagefind wrote it."""


def stabilise(bundle: Path) -> None:
    """Rewrite one Pagefind bundle (a folder with `pagefind-entry.json`) in a stable order."""
    entry_path = bundle / ENTRY_FILE
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    entry_text = entry_path.read_text(encoding="utf-8")
    for language, facts in sorted(entry.get("languages", {}).items()):
        old_hash = facts["hash"]
        meta_path = bundle / f"pagefind.{old_hash}.pf_meta"
        try:
            new_hash = _stabilise_language(bundle, meta_path, language)
        except (_UndecodableError, OSError, KeyError, IndexError):
            continue
        if new_hash != old_hash:
            entry_text = entry_text.replace(f'"{old_hash}"', f'"{new_hash}"')
    entry_path.write_text(entry_text, encoding="utf-8")


def _stabilise_language(bundle: Path, meta_path: Path, language: str) -> str:
    """Sort one language's filters and their values; return the new metadata hash."""
    meta = _read(meta_path)
    filters = _filters_of(meta)
    renamed = []
    for name, old in filters:
        path = bundle / "filter" / f"{old}.pf_filter"
        values = _read(path)
        values[1] = sorted(values[1], key=lambda item: _sort_key(item[0]))
        data = _encode(values)
        new = f"{language}_{_digest(data)[:FILTER_HASH_LENGTH]}"
        path.unlink()
        _write(bundle / "filter" / f"{new}.pf_filter", data)
        renamed.append([name, new])
    _set_filters(meta, sorted(renamed, key=lambda pair: _sort_key(pair[0])))
    data = _encode(meta)
    new_hash = f"{language}_{_digest(data)[:META_HASH_LENGTH]}"
    meta_path.unlink()
    _write(bundle / f"pagefind.{new_hash}.pf_meta", data)
    return new_hash


FILTERS_POSITION = 3  # in the metadata: version, index chunks, (unused), filters, sorts, ...


def _filters_of(meta: list[Any]) -> list[list[str]]:
    """The metadata's [filter name, file hash] pairs."""
    filters = meta[FILTERS_POSITION]
    if not isinstance(filters, list) or not all(
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
            for pair in filters):
        raise _UndecodableError("no filter list where Pagefind 1.5 keeps it")
    return filters


def _set_filters(meta: list[Any], filters: list[list[str]]) -> None:
    meta[FILTERS_POSITION] = filters


def _sort_key(value: Any) -> tuple[str, str]:
    """Order strings (and anything else) the same way every time."""
    return (type(value).__name__, str(value))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(path: Path) -> Any:
    """A Pagefind file's CBOR value; _UndecodableError unless it reads back byte for byte."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise _UndecodableError(f"{path} has no Pagefind signature")
    body = data[len(SIGNATURE):]
    value, end = _decode(body, 0)
    if end != len(body) or _encode(value) != data:
        raise _UndecodableError(f"{path} does not read back as it was written")
    return value


def _write(path: Path, data: bytes) -> None:
    """Compress with a fixed header (no time stamp), so equal contents give equal bytes."""
    path.write_bytes(gzip.compress(data, compresslevel=6, mtime=0))


def _encode(value: Any) -> bytes:
    """Pagefind's signature followed by `value` in CBOR."""
    out = bytearray(SIGNATURE)
    _put(out, value)
    return bytes(out)


def _head(out: bytearray, major: int, number: int) -> None:
    """A CBOR head in its shortest form."""
    if number < 24:
        out.append(major << 5 | number)
    elif number < 1 << 8:
        out += bytes((major << 5 | 24, number))
    elif number < 1 << 16:
        out += bytes((major << 5 | 25,)) + number.to_bytes(2, "big")
    elif number < 1 << 32:
        out += bytes((major << 5 | 26,)) + number.to_bytes(4, "big")
    else:
        out += bytes((major << 5 | 27,)) + number.to_bytes(8, "big")


_SIMPLE = {False: 20, True: 21, None: 22}


def _put(out: bytearray, value: Any) -> None:
    if value is None or isinstance(value, bool):
        out.append(0xE0 | _SIMPLE[value])
    elif isinstance(value, int):
        _head(out, 0, value) if value >= 0 else _head(out, 1, -1 - value)
    elif isinstance(value, bytes):
        _head(out, 2, len(value))
        out += value
    elif isinstance(value, str):
        encoded = value.encode("utf-8")
        _head(out, 3, len(encoded))
        out += encoded
    elif isinstance(value, list):
        _head(out, 4, len(value))
        for item in value:
            _put(out, item)
    elif isinstance(value, tuple):  # a map, kept as (key, value) pairs in its order
        _head(out, 5, len(value))
        for key, item in value:
            _put(out, key)
            _put(out, item)
    elif isinstance(value, float):
        out.append(0xFB)
        out += struct.pack(">d", value)
    else:
        raise _UndecodableError(f"cannot encode {type(value).__name__}")


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    """One CBOR value starting at `at`, and where the next one starts."""
    major, number, at = _decode_head(data, at)
    if major == 7:
        return number, at  # a simple value or a float, already read
    if major in (0, 1):
        return (number if major == 0 else -1 - number), at
    if major in (2, 3):
        chunk = data[at:at + number]
        return (bytes(chunk) if major == 2 else chunk.decode("utf-8")), at + number
    items = []
    for _ in range(number * (2 if major == 5 else 1)):
        item, at = _decode(data, at)
        items.append(item)
    if major == 5:
        return tuple(zip(items[::2], items[1::2], strict=True)), at
    return items, at


_SIMPLE_VALUES = {20: False, 21: True, 22: None}
_DOUBLE = 27


def _decode_head(data: bytes, at: int) -> tuple[int, Any, int]:
    """A CBOR head: major type, its number (or a simple value, a float), the next offset."""
    initial = data[at]
    major, info = initial >> 5, initial & 0x1F
    at += 1
    if major == 7:
        if info in _SIMPLE_VALUES:
            return major, _SIMPLE_VALUES[info], at
        if info == _DOUBLE:
            return major, struct.unpack(">d", data[at:at + 8])[0], at + 8
        raise _UndecodableError(f"CBOR simple value {info}")
    if major == 6 or info > _DOUBLE:
        raise _UndecodableError("a CBOR tag or indefinite length")
    if info < 24:
        return major, info, at
    size = 1 << (info - 24)
    return major, int.from_bytes(data[at:at + size], "big"), at + size
