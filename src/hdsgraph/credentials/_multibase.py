"""base58btc multibase (prefix ``z``) and unsigned-varint multicodec prefixes, as did:key and Multikey use them."""

from __future__ import annotations

__all__ = ["decode_base58btc", "encode_base58btc", "read_varint", "varint"]

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {char: value for value, char in enumerate(_ALPHABET)}


def encode_base58btc(data: bytes) -> str:
    """``data`` in Bitcoin's base58 alphabet, leading zero bytes as ``1``.

    >>> encode_base58btc(b"\\x00\\x01")
    '12'
    """
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_ALPHABET[remainder])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(digits))


def decode_base58btc(text: str) -> bytes:
    """The bytes of base58btc ``text``; ``ValueError`` naming the first character outside the alphabet."""
    number = 0
    for char in text:
        if char not in _INDEX:
            raise ValueError(f"{char!r} is not a base58btc character (0, O, I and l are excluded)")
        number = number * 58 + _INDEX[char]
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def varint(value: int) -> bytes:
    """The unsigned varint of ``value`` (seven bits a byte, least significant first).

    >>> varint(0xED).hex(), varint(0x1200).hex()
    ('ed01', '8024')
    """
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def read_varint(data: bytes) -> tuple[int, bytes]:
    """The varint at the start of ``data`` and the bytes after it; ``ValueError`` when it does not end."""
    value = 0
    for position, byte in enumerate(data[:9]):
        value |= (byte & 0x7F) << (7 * position)
        if not byte & 0x80:
            return value, data[position + 1 :]
    raise ValueError("the multicodec prefix is not a complete varint")
