"""Fetch http(s) URLs without letting a URL turn the server against its own network.

This is the only module of strikemap that opens network connections. A URL typed into
the dashboard or the command line is fetched by the machine strikemap runs on, so a URL
naming that machine (``http://127.0.0.1:8501/_stcore/health``), its intranet
(``http://10.0.0.5/``) or a cloud metadata service (``http://169.254.169.254/``) would let
any user read what only the server can reach. Unless private addresses are allowed
explicitly (:func:`allow_private_urls`), every fetch here:

* accepts only ``http`` and ``https``;
* resolves the host once (``socket.getaddrinfo``, which also accepts the old numeric
  spellings ``2130706433``, ``0x7f.1``, ``0177.0.0.1``, ``127.1``), parses such a literal
  itself as well, and refuses the host when *any* address found is not a public one:
  loopback, private, carrier-grade NAT, link-local, multicast, reserved, unspecified,
  other special-purpose ranges, an address of this machine, and IPv6 forms embedding such
  an IPv4 address (IPv4-mapped, IPv4-compatible, 6to4, NAT64, Teredo); ``localhost`` and
  ``*.localhost`` are refused by name;
* connects to the address it checked (the ``Host`` header, TLS SNI and certificate check
  keep the name), so a second DNS answer cannot swap in another address;
* follows at most :data:`MAX_REDIRECTS` redirects itself, checking every hop the same way.

Proxy settings (``http_proxy``) are not used: a proxy would resolve the name itself.

Errors are :class:`FetchError` subclasses whose message is one line starting with the URL
asked for; callers turn them into their own error types.
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import re
import socket
import ssl
import string
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

__all__ = [
    "ALLOW_PRIVATE_ENV",
    "MAX_REDIRECTS",
    "AddressRefusedError",
    "FetchError",
    "FetchTimeoutError",
    "HTTPStatusError",
    "IPAddress",
    "Resolver",
    "Response",
    "ResponseTooLargeError",
    "URLRefusedError",
    "VettedURL",
    "address_refusal",
    "allow_private_urls",
    "copy_url",
    "fetch_bytes",
    "open_url",
    "vet_host",
    "vet_url",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[IPAddress]]
"""``(host, port) -> addresses to connect to``; raises :class:`AddressRefusedError` or OSError."""

ALLOW_PRIVATE_ENV = "STRIKEMAP_ALLOW_PRIVATE_URLS"
"""Environment variable that, set to ``1``, lets URLs reach private addresses."""

MAX_REDIRECTS = 5
"""Redirects followed per fetch; one more is refused."""

USER_AGENT = "strikemap/0 (+offline reader)"

_SCHEMES = {"http": 80, "https": 443}
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HINT = "use --allow-private-urls or STRIKEMAP_ALLOW_PRIVATE_URLS=1 for intranet sources"
_CHUNK = 1 << 20


def allow_private_urls() -> bool:
    """Return whether ``STRIKEMAP_ALLOW_PRIVATE_URLS`` allows fetching private addresses.

    ``1``, ``true``, ``yes`` and ``on`` (any case) allow them; anything else, or the
    variable unset, does not. Read at each call, never cached.
    """
    value = os.environ.get(ALLOW_PRIVATE_ENV, "")
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _allowed(allow_private: bool | None) -> bool:
    return allow_private_urls() if allow_private is None else allow_private


# --------------------------------------------------------------------------- errors


def _one_line(text: str) -> str:
    return " ".join(text.split())


class FetchError(Exception):
    """A URL could not be fetched; the message is one line starting with the URL.

    Attributes
    ----------
    url
        The URL asked for (not a redirect hop).
    reason
        Why, without the URL.
    """

    def __init__(self, url: str, reason: str, message: str | None = None) -> None:
        self.url = url
        self.reason = _one_line(reason)
        super().__init__(_one_line(message or f"{url}: cannot fetch ({self.reason})"))


class URLRefusedError(FetchError):
    """The URL, or a redirect hop, is not fetched: wrong scheme or non-public address."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason, f"{url}: refused: {reason}")


class HTTPStatusError(FetchError):
    """The server answered with an error status (or a redirect without a target)."""

    def __init__(self, url: str, status: int, phrase: str) -> None:
        self.status = status
        reason = f"HTTP {status} {phrase}".strip()
        super().__init__(url, reason, f"{url}: {reason}")


class FetchTimeoutError(FetchError):
    """Connecting or a read took longer than the timeout."""

    def __init__(self, url: str, timeout: float) -> None:
        reason = f"timed out after {timeout:g} s"
        super().__init__(url, reason, f"{url}: {reason}")


class ResponseTooLargeError(FetchError):
    """The body is over the caller's byte cap."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason, f"{url}: {reason}")


class AddressRefusedError(Exception):
    """A host resolves to an address that may not be fetched; ``reason`` says which."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


# --------------------------------------------------------------------------- addresses

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network
_THIS_NETWORK = _V4("0.0.0.0/8")
_CGNAT = _V4("100.64.0.0/10")
_PRIVATE_V4 = (_V4("10.0.0.0/8"), _V4("172.16.0.0/12"), _V4("192.168.0.0/16"))
_BROADCAST = ipaddress.IPv4Address("255.255.255.255")
# IANA special-purpose blocks this Python's ``is_global`` does not know (all of
# 192.0.0.0/24 is IETF protocol assignments; 3fff::/20 documentation, 5f00::/16 SRv6).
_SPECIAL = (
    _V4("192.0.0.0/24"),
    ipaddress.IPv6Network("3fff::/20"),
    ipaddress.IPv6Network("5f00::/16"),
)
_UNIQUE_LOCAL = _V6("fc00::/7")
_SITE_LOCAL = _V6("fec0::/10")
_NAT64 = _V6("64:ff9b::/96")
_NAT64_LOCAL = _V6("64:ff9b:1::/48")
_IPV4_COMPATIBLE = _V6("::/96")


def _class_v4(ip: ipaddress.IPv4Address) -> str | None:
    if ip.is_unspecified:
        return "an unspecified address"
    if ip in _THIS_NETWORK:
        return "a 'this network' (0.0.0.0/8) address"
    if ip.is_loopback:
        return "a loopback address"
    if ip in _CGNAT:
        return "a carrier-grade NAT (100.64.0.0/10) address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip == _BROADCAST:
        return "a broadcast address"
    if any(ip in net for net in _PRIVATE_V4):
        return "a private address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private or not ip.is_global or any(ip in net for net in _SPECIAL):
        return "a special-purpose (non-public) address"
    return None


def _class_v6(ip: ipaddress.IPv6Address) -> str | None:
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip in _SITE_LOCAL:
        return "a site-local address"
    if ip in _UNIQUE_LOCAL:
        return "a unique local (private) address"
    if ip.is_multicast:
        return "a multicast address"
    if ip in _NAT64_LOCAL:
        return "a local-use NAT64 address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private or not ip.is_global or any(ip in net for net in _SPECIAL):
        return "a special-purpose (non-public) address"
    return None


def _embedded_v4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, str] | None:
    """Return the IPv4 address an IPv6 address carries, and how, or ``None``."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped, "IPv4-mapped"
    if ip.sixtofour is not None:
        return ip.sixtofour, "6to4"
    if ip.teredo is not None:
        return ip.teredo[1], "Teredo"
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF), "NAT64"
    if ip in _IPV4_COMPATIBLE and int(ip) > 1:
        return ipaddress.IPv4Address(int(ip)), "IPv4-compatible"
    return None


def _is_this_host(ip: IPAddress) -> bool:
    """Return whether ``ip`` is assigned to this machine (it can be bound to)."""
    family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.bind((str(ip), 0))
    except OSError:
        return False
    return True


def address_refusal(ip: IPAddress) -> str | None:
    """Say why ``ip`` may not be fetched, or return ``None`` for a public address.

    Parameters
    ----------
    ip
        An IPv4 or IPv6 address.

    Returns
    -------
    str or None
        E.g. ``"127.0.0.1 is a loopback address"`` or ``"::ffff:a00:1 is a private
        address (IPv4-mapped 10.0.0.1)"``; ``None`` when the address is public and not
        one of this machine's own.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_v4(ip)
        if embedded is not None:
            v4, how = embedded
            klass = _class_v4(v4)
            if klass is not None:
                return f"{ip} is {klass} ({how} {v4})"
            if how == "IPv4-mapped":  # the connection goes to the IPv4 address
                return f"{ip} is an address of this machine" if _is_this_host(v4) else None
        klass = _class_v6(ip)
    else:
        klass = _class_v4(ip)
    if klass is None and _is_this_host(ip):
        klass = "an address of this machine"
    return f"{ip} is {klass}" if klass else None


_INET_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")


def _parse_inet_aton(host: str) -> ipaddress.IPv4Address | None:
    """Parse the numeric IPv4 spellings ``inet_aton`` accepts (``127.1``, ``0x7f.0.0.1``).

    One to four dot-separated parts, each decimal, octal (leading ``0``) or hex
    (``0x``); the last part fills the remaining bytes. ``None`` when ``host`` is not one.
    """
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values: list[int] = []
    for part in parts:
        if not part or not _INET_PART.fullmatch(part):
            return None
        if part[:2].lower() == "0x":
            values.append(int(part[2:] or "0", 16))
        elif part.startswith("0"):
            values.append(int(part, 8))
        else:
            values.append(int(part))
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        return None
    number = 0
    for v in head:
        number = number << 8 | v
    return ipaddress.IPv4Address(number << 8 * (4 - len(head)) | last)


def _literal(host: str) -> IPAddress | None:
    """Return the address a numeric host spells (any inet_aton form, IPv6), else ``None``."""
    bare = host.rstrip(".") if ":" not in host else host
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        return _parse_inet_aton(bare)


def vet_host(host: str, port: int, *, allow_private: bool) -> list[IPAddress]:
    """Resolve ``host`` and return the addresses to connect to, all of them checked.

    Parameters
    ----------
    host
        A name or address literal, as in a URL (without brackets).
    port
        The port to connect to (passed to ``getaddrinfo``).
    allow_private
        Skip the address checks (still resolves).

    Returns
    -------
    list of IPv4Address or IPv6Address
        Every address found, the parsed literal first; never empty.

    Raises
    ------
    AddressRefusedError
        When ``host`` is ``localhost`` (or ``*.localhost``) or any address found is not
        public (see :func:`address_refusal`).
    OSError
        When the name cannot be resolved.
    """
    name = host.lower().rstrip(".")
    lookup = host
    if name == "localhost" or name.endswith(".localhost"):  # loopback names (RFC 6761)
        if not allow_private:
            raise AddressRefusedError(f"{host} is a loopback name ({_HINT})")
        lookup = "localhost"
    found: list[IPAddress] = []
    literal = _literal(host)
    if literal is not None:
        found.append(literal)
    try:
        infos = socket.getaddrinfo(lookup, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        if literal is None:
            raise
        infos = []
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]))
        if addr not in found:
            found.append(addr)
    if not found:
        raise OSError(f"no address for {host}")
    if not allow_private:
        for addr in found:
            why = address_refusal(addr)
            if why is not None:
                raise AddressRefusedError(f"{why} ({_HINT})")
    return found


@dataclass(frozen=True, slots=True)
class VettedURL:
    """A URL whose scheme and addresses passed the checks, ready to be connected to."""

    url: str
    scheme: str
    host: str
    port: int
    target: str
    """Path and query, as sent in the request line."""
    addresses: tuple[IPAddress, ...]


def vet_url(
    url: str, *, allow_private: bool | None = None, resolve: Resolver | None = None
) -> VettedURL:
    """Check one URL: scheme ``http``/``https`` and only public addresses.

    Parameters
    ----------
    url
        The URL to check.
    allow_private
        Let private addresses through; ``None`` reads :func:`allow_private_urls`.
    resolve
        Replacement for :func:`vet_host`, for tests.

    Returns
    -------
    VettedURL

    Raises
    ------
    URLRefusedError
        Another scheme, or a non-public address (the message names its class).
    FetchError
        A malformed URL or a name that does not resolve.
    """
    allowed = _allowed(allow_private)
    try:
        parts = urllib.parse.urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in _SCHEMES:
            raise URLRefusedError(url, f"only http and https URLs are fetched, not {scheme!r}")
        host = parts.hostname
        if not host:
            raise FetchError(url, "no host in the URL")
        port = parts.port or _SCHEMES[scheme]
    except ValueError as exc:  # "Invalid IPv6 URL", a port out of range
        raise FetchError(url, f"{type(exc).__name__}: {exc}") from exc
    try:
        if resolve is not None:
            addresses = list(resolve(host, port))
        else:
            addresses = vet_host(host, port, allow_private=allowed)
    except AddressRefusedError as exc:
        raise URLRefusedError(url, exc.reason) from exc
    except (OSError, UnicodeError, ValueError) as exc:
        raise FetchError(url, str(exc) or type(exc).__name__) from exc
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    # Spaces and non-ASCII characters are quoted, as urllib does for redirects.
    target = urllib.parse.quote(target, safe=string.punctuation)
    return VettedURL(url, scheme, host, port, target, tuple(addresses))


# --------------------------------------------------------------------------- connections


def _connect(addresses: Sequence[IPAddress], port: int, timeout: float | None) -> socket.socket:
    """Open a TCP connection to the first of ``addresses`` that answers."""
    error: OSError | None = None
    for addr in addresses:
        try:
            return socket.create_connection((str(addr), port), timeout=timeout)
        except OSError as exc:
            error = exc
    raise error or OSError("no address to connect to")


class _VettedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to checked addresses; ``Host`` stays the URL's name."""

    def __init__(self, vetted: VettedURL, timeout: float) -> None:
        super().__init__(vetted.host, vetted.port, timeout=timeout)
        self._addresses = vetted.addresses

    def connect(self) -> None:
        """Connect to a checked address, never resolving the name again."""
        self.sock = _connect(self._addresses, self.port, self.timeout)


def _tls_context() -> ssl.SSLContext:
    """Return the TLS settings of a fetch: system CAs, certificate and host name checked."""
    return ssl.create_default_context()


class _VettedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to checked addresses; SNI and certificate use the URL's name."""

    def __init__(self, vetted: VettedURL, timeout: float) -> None:
        self._tls = _tls_context()
        super().__init__(vetted.host, vetted.port, timeout=timeout, context=self._tls)
        self._addresses = vetted.addresses

    def connect(self) -> None:
        """Connect to a checked address and start TLS for the URL's host name."""
        sock = _connect(self._addresses, self.port, self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


class Response:
    """An open response: status 2xx, after any redirects."""

    def __init__(self, url: str, final_url: str, raw: http.client.HTTPResponse, timeout: float):
        self.url = url
        self.final_url = final_url
        self.headers = raw.headers
        self._raw = raw
        self._timeout = timeout

    def read(self, amt: int) -> bytes:
        """Read at most ``amt`` bytes of the body; errors become :class:`FetchError`."""
        try:
            return self._raw.read(amt)
        except TimeoutError as exc:
            raise FetchTimeoutError(self.url, self._timeout) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(self.url, f"{type(exc).__name__}: {exc}") from exc


def _request(vetted: VettedURL, timeout: float) -> http.client.HTTPConnection:
    conn: http.client.HTTPConnection
    if vetted.scheme == "https":
        conn = _VettedHTTPSConnection(vetted, timeout)
    else:
        conn = _VettedHTTPConnection(vetted, timeout)
    conn.request(
        "GET",
        vetted.target,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity", "Connection": "close"},
    )
    return conn


def _open(
    url: str, timeout: float, allowed: bool, resolve: Resolver | None
) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse, str]:
    """Send the GET request, following redirects; return the connection, 2xx response, URL."""
    current = url
    conn: http.client.HTTPConnection | None = None
    try:
        for hop in range(MAX_REDIRECTS + 1):
            try:
                vetted = vet_url(current, allow_private=allowed, resolve=resolve)
            except URLRefusedError as exc:
                if hop == 0:
                    raise
                raise URLRefusedError(url, f"redirect to {current}: {exc.reason}") from exc
            except FetchError as exc:
                raise FetchError(url, exc.reason) from exc
            conn = _request(vetted, timeout)
            raw = conn.getresponse()
            location = raw.getheader("Location")
            if raw.status in _REDIRECTS and location:
                conn.close()
                conn = None
                current = urllib.parse.urljoin(current, location.strip())
                continue
            if not 200 <= raw.status < 300:
                raise HTTPStatusError(url, raw.status, raw.reason)
            return conn, raw, current
        raise URLRefusedError(url, f"more than {MAX_REDIRECTS} redirects (last to {current})")
    except BaseException as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, TimeoutError):
            raise FetchTimeoutError(url, timeout) from exc
        if isinstance(exc, OSError):  # refused connections, TLS failures
            raise FetchError(url, str(exc) or type(exc).__name__) from exc
        if isinstance(exc, http.client.HTTPException | ValueError):
            raise FetchError(url, f"{type(exc).__name__}: {exc}") from exc
        raise


@contextmanager
def open_url(
    url: str,
    *,
    timeout: float,
    allow_private: bool | None = None,
    resolve: Resolver | None = None,
) -> Iterator[Response]:
    """Open ``url`` with a GET request, following and checking up to 5 redirects.

    Parameters
    ----------
    url
        An ``http``/``https`` URL.
    timeout
        Seconds allowed for connecting and for each read.
    allow_private
        Let the URL and its redirects reach private addresses; ``None`` reads
        :func:`allow_private_urls`.
    resolve
        Replacement for :func:`vet_host` (name -> checked addresses), for tests.

    Yields
    ------
    Response
        The final response (status 2xx); closed on leaving the block.

    Raises
    ------
    URLRefusedError
        The URL or a redirect hop has another scheme or a non-public address, or there
        are more than :data:`MAX_REDIRECTS` redirects.
    HTTPStatusError, FetchTimeoutError, FetchError
        Error status, timeout, connection or protocol failure.
    """
    conn, raw, final = _open(url, timeout, _allowed(allow_private), resolve)
    try:
        yield Response(url, final, raw, timeout)
    finally:
        conn.close()


def fetch_bytes(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    allow_private: bool | None = None,
    resolve: Resolver | None = None,
) -> tuple[bytes, str, str]:
    """Download ``url`` into memory, at most ``max_bytes`` bytes.

    Parameters
    ----------
    url, timeout, allow_private, resolve
        As for :func:`open_url`.
    max_bytes
        The body cap; a ``Content-Length`` over it is refused before reading.

    Returns
    -------
    tuple of (bytes, str, str)
        The body, the ``Content-Type`` header and the final URL (after redirects).

    Raises
    ------
    ResponseTooLargeError
        When the body is over ``max_bytes``.
    FetchError
        Everything :func:`open_url` raises.
    """
    with open_url(url, timeout=timeout, allow_private=allow_private, resolve=resolve) as resp:
        ctype = resp.headers.get("Content-Type", "")
        length = resp.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise ResponseTooLargeError(url, f"{length} bytes exceeds the {max_bytes}-byte cap")
        body = resp.read(max_bytes + 1)
        final = resp.final_url
    if len(body) > max_bytes:
        raise ResponseTooLargeError(url, f"more than the {max_bytes}-byte cap")
    return body, ctype, final


def copy_url(
    url: str,
    out: BinaryIO,
    *,
    timeout: float,
    allow_private: bool | None = None,
    resolve: Resolver | None = None,
) -> int:
    """Stream the body of ``url`` into ``out`` in 1 MB chunks; return the bytes written.

    Parameters
    ----------
    url, timeout, allow_private, resolve
        As for :func:`open_url`.
    out
        A binary file open for writing.

    Raises
    ------
    FetchError
        Everything :func:`open_url` raises; ``out`` may hold part of the body then.
    """
    written = 0
    with open_url(url, timeout=timeout, allow_private=allow_private, resolve=resolve) as resp:
        while chunk := resp.read(_CHUNK):
            out.write(chunk)
            written += len(chunk)
    return written
