"""The peer client's HTTP/1.1 transport against a real server on loopback: keep-alive, closed connections, chunks."""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from hdsgraph.federation._transport import StreamTransport

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _request_head(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lengths = [line.split(b":", 1)[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")]
    return int(lengths[0]) if lengths else 0


def _answer(body: bytes, *extra: bytes) -> bytes:
    head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n" % len(body)
    return head + b"".join(extra) + b"\r\n" + body


async def _serve(handler: Handler, exchange: Callable[[str], Awaitable[list[bytes]]]) -> tuple[list[bytes], int]:
    """Run ``exchange(url)`` against a server answering with ``handler``; its result and the connections opened."""
    opened = [0]

    async def counted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        opened[0] += 1
        try:
            await handler(reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(counted, "127.0.0.1", 0)
    try:
        return await exchange(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/graphql"), opened[0]
    finally:
        server.close()


async def _posts(url: str, count: int, pause: float = 0.0) -> list[bytes]:
    async with httpx.AsyncClient(transport=StreamTransport()) as client:
        bodies = []
        for _ in range(count):
            async with client.stream("POST", url, content=b'{"query": "{ a }"}') as response:
                assert response.status_code == 200
                bodies.append(await response.aread())
            await asyncio.sleep(pause)
        return bodies


def test_requests_share_one_kept_connection() -> None:
    async def keep_answering(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            await reader.readexactly(await _request_head(reader))
            writer.write(_answer(b'{"data": {"a": 1}}'))

    bodies, opened = asyncio.run(_serve(keep_answering, lambda url: _posts(url, 3)))
    assert bodies == [b'{"data": {"a": 1}}'] * 3 and opened == 1


def test_a_connection_the_server_closed_is_replaced() -> None:
    async def one_answer_each(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readexactly(await _request_head(reader))
        writer.write(_answer(b'{"data": {"a": 2}}'))
        await writer.drain()  # then closes, as a server does with an idle connection

    bodies, opened = asyncio.run(_serve(one_answer_each, lambda url: _posts(url, 2, pause=0.05)))
    assert bodies == [b'{"data": {"a": 2}}'] * 2 and opened == 2


def test_a_chunked_answer_is_read_whole() -> None:
    async def chunked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readexactly(await _request_head(reader))
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
        for piece in (b'{"data": ', b'{"a": 3}}'):
            writer.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        writer.write(b"0\r\n\r\n")
        await writer.drain()

    bodies, _ = asyncio.run(_serve(chunked, lambda url: _posts(url, 1)))
    assert bodies == [b'{"data": {"a": 3}}']


@pytest.mark.parametrize("said", [b"", b"HTTP/1.1 200 OK\r\ncontent-length: 50\r\n\r\n{partial", b"not http\r\n\r\n"])
def test_a_server_that_breaks_off_is_an_httpx_error(said: bytes) -> None:
    async def broken(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readexactly(await _request_head(reader))
        writer.write(said)
        await writer.drain()

    with pytest.raises(httpx.TransportError):
        asyncio.run(_serve(broken, lambda url: _posts(url, 1)))


def test_nothing_listening_is_a_connect_error() -> None:
    async def refused() -> None:
        async with httpx.AsyncClient(transport=StreamTransport()) as client:
            await client.post("http://127.0.0.1:9/graphql", content=b"{}")

    with pytest.raises(httpx.ConnectError, match=r"cannot connect to 127\.0\.0\.1:9"):
        asyncio.run(refused())


def _self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 signed by its own key, as PEM files: (certificate, key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "peer.pem", directory / "peer.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


def test_https_is_spoken_and_an_untrusted_certificate_refused(tmp_path: Path) -> None:
    cert_file, key_file = _self_signed(tmp_path)
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.load_cert_chain(cert_file, key_file)
    trusting = ssl.create_default_context(cafile=str(cert_file))

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readexactly(await _request_head(reader))
        writer.write(_answer(b'{"data": {"a": 4}}'))
        await writer.drain()

    async def exchange(context: ssl.SSLContext | None) -> bytes:
        server = await asyncio.start_server(answer, "127.0.0.1", 0, ssl=served)
        url = f"https://127.0.0.1:{server.sockets[0].getsockname()[1]}/graphql"
        try:
            async with httpx.AsyncClient(transport=StreamTransport(ssl_context=context)) as client:
                return (await client.post(url, content=b"{}")).content
        finally:
            server.close()

    assert asyncio.run(exchange(trusting)) == b'{"data": {"a": 4}}'
    with pytest.raises(httpx.ConnectError, match="cannot connect"):
        asyncio.run(exchange(None))  # the system's trust store does not know this certificate
