"""URLs cannot turn strikemap against its own host or network (SSRF guard).

Every spelling of a loopback, private, link-local, CGNAT, multicast, reserved or other
non-public address is refused unless the user opts in; redirects are checked hop by hop;
the connection goes to the address that was checked. The address table is checked on the
guard itself (most of those addresses cannot be connected to here); the local server on
127.0.0.1 (tests/local_http.py) checks real fetches, redirects and the CLI.
"""

from __future__ import annotations

import http.server
import io
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from factories import table_counts
from local_http import serving
from strikemap import safe_fetch
from strikemap.cli import main
from strikemap.cli.gazetteer_cmds import gazetteer
from strikemap.gazetteer.importers import GazetteerImportError, download_geonames
from strikemap.read import ReadError, read_url
from strikemap.safe_fetch import (
    ALLOW_PRIVATE_ENV,
    FetchError,
    IPAddress,
    URLRefusedError,
    address_refusal,
    fetch_bytes,
    vet_host,
    vet_url,
)

ARTICLE = (
    b"<html><head><title>Strikes</title></head><body><article><p>Russian warplanes struck "
    b"bases in Jisr al-Shughur on Thursday, a source said.</p></article></body></html>"
)

# Names answered by the fake resolver below (no DNS is asked in these tests).
FAKE_DNS: dict[str, list[str]] = {
    "intranet.test": ["10.0.0.5"],
    "metadata.test": ["169.254.169.254"],
    "router.test": ["192.168.1.1"],
    "ula.test": ["fd12:3456::1"],
    "mixed.test": ["93.184.216.34", "127.0.0.1"],  # one bad answer among good ones
    "localhost.": ["127.0.0.1"],  # as resolvers that know the root-qualified name answer
    "public.test": ["93.184.216.34"],
}

# (URL, what the refusal names). At least 30 forms; every one must be refused.
ADDRESS_FORMS: list[tuple[str, str]] = [
    # IPv4 loopback, in every spelling inet_aton and getaddrinfo accept
    ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://127.0.0.1:8501/_stcore/health", "127.0.0.1 is a loopback address"),
    ("http://127.8.9.10/", "127.8.9.10 is a loopback address"),
    ("http://2130706433/", "127.0.0.1 is a loopback address"),
    ("http://0x7f000001/", "127.0.0.1 is a loopback address"),
    ("http://0x7f.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://0x7f.1/", "127.0.0.1 is a loopback address"),
    ("http://0177.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://017700000001/", "127.0.0.1 is a loopback address"),
    ("http://127.1/", "127.0.0.1 is a loopback address"),
    ("http://127.0.1/", "127.0.0.1 is a loopback address"),
    ("http://127.0.0.1./", "127.0.0.1 is a loopback address"),
    ("http://user:pw@127.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://example.org@127.0.0.1/", "127.0.0.1 is a loopback address"),
    ("HTTP://127.0.0.1/", "127.0.0.1 is a loopback address"),
    # loopback by name
    ("http://localhost/", "localhost is a loopback name"),
    ("http://localhost./", "localhost. is a loopback name"),
    ("http://LOCALHOST:8501/", "localhost is a loopback name"),
    ("http://app.localhost/", "app.localhost is a loopback name"),
    # unspecified / this network
    ("http://0.0.0.0/", "0.0.0.0 is an unspecified address"),
    ("http://0/", "0.0.0.0 is an unspecified address"),
    ("http://0.1.2.3/", "0.1.2.3 is a 'this network'"),
    # private, CGNAT, link-local, multicast, broadcast, reserved, special-purpose
    ("http://10.0.0.1/", "10.0.0.1 is a private address"),
    ("http://10.1/", "10.0.0.1 is a private address"),
    ("http://172.16.5.4/", "172.16.5.4 is a private address"),
    ("http://192.168.0.1/", "192.168.0.1 is a private address"),
    ("http://0xc0a80001/", "192.168.0.1 is a private address"),
    ("http://100.64.0.1/", "100.64.0.1 is a carrier-grade NAT"),
    ("http://100.127.255.254/", "100.127.255.254 is a carrier-grade NAT"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
    ("http://255.255.255.255/", "255.255.255.255 is a broadcast address"),
    ("http://240.0.0.1/", "240.0.0.1 is a reserved address"),
    ("http://192.0.0.8/", "192.0.0.8 is a special-purpose"),
    ("http://198.18.0.1/", "198.18.0.1 is a special-purpose"),
    ("http://192.0.2.1/", "192.0.2.1 is a special-purpose"),
    # IPv6
    ("http://[::1]/", "::1 is a loopback address"),
    ("http://[0:0:0:0:0:0:0:1]:8080/", "::1 is a loopback address"),
    ("http://[::]/", ":: is an unspecified address"),
    ("http://[fe80::1]/", "fe80::1 is a link-local address"),
    ("http://[fe80::1%25eth0]/", "is a link-local address"),
    ("http://[fc00::1]/", "fc00::1 is a unique local (private) address"),
    ("http://[fd00:ec2::254]/", "fd00:ec2::254 is a unique local (private) address"),
    ("http://[fec0::1]/", "fec0::1 is a site-local address"),
    ("http://[ff02::1]/", "ff02::1 is a multicast address"),
    ("http://[2001:db8::1]/", "2001:db8::1 is a special-purpose"),
    ("http://[64:ff9b:1::a00:1]/", "is a local-use NAT64 address"),
    # IPv6 forms embedding a non-public IPv4 address
    ("http://[::ffff:127.0.0.1]/", "loopback address (IPv4-mapped 127.0.0.1)"),
    ("http://[::ffff:7f00:1]/", "loopback address (IPv4-mapped 127.0.0.1)"),
    ("http://[::ffff:10.0.0.1]/", "private address (IPv4-mapped 10.0.0.1)"),
    ("http://[::ffff:a9fe:a9fe]/", "link-local address (IPv4-mapped 169.254.169.254)"),
    ("http://[::127.0.0.1]/", "loopback address (IPv4-compatible 127.0.0.1)"),
    ("http://[2002:7f00:1::]/", "loopback address (6to4 127.0.0.1)"),
    ("http://[2002:c0a8:101::1]/", "private address (6to4 192.168.1.1)"),
    ("http://[64:ff9b::10.0.0.1]/", "private address (NAT64 10.0.0.1)"),
    ("http://[64:ff9b::7f00:1]/", "loopback address (NAT64 127.0.0.1)"),
    ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "(Teredo 127.0.0.1)"),
    # names resolving to non-public addresses
    ("http://intranet.test/", "10.0.0.5 is a private address"),
    ("http://metadata.test/latest/", "169.254.169.254 is a link-local address"),
    ("https://router.test/", "192.168.1.1 is a private address"),
    ("http://ula.test/", "fd12:3456::1 is a unique local (private) address"),
    ("http://mixed.test/", "127.0.0.1 is a loopback address"),
]

PUBLIC_FORMS = [
    "http://93.184.216.34/",
    "https://public.test/a?b=c",
    "http://[2606:4700:4700::1111]/",
    "http://[::ffff:93.184.216.34]/",
    "http://[2002:5db8:d822::1]/",  # 6to4 of a public address
    "http://1.1.1.1:8080/x",
]


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answer FAKE_DNS names locally; numeric hosts and /etc/hosts go to the real call."""
    real = socket.getaddrinfo
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if isinstance(host, str) and host.lower() in FAKE_DNS:
            out: list[Any] = []
            for addr in FAKE_DNS[host.lower()]:
                if ":" in addr:
                    out.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (addr, port, 0, 0)))
                else:
                    out.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (addr, port)))
            return out
        if isinstance(host, str) and host.endswith(".test"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


# --------------------------------------------------------------------------- the table


def test_the_table_has_at_least_30_address_forms() -> None:
    assert len(ADDRESS_FORMS) >= 30
    assert len({url for url, _ in ADDRESS_FORMS}) == len(ADDRESS_FORMS)


@pytest.mark.parametrize("url, names", ADDRESS_FORMS, ids=[u for u, _ in ADDRESS_FORMS])
def test_every_address_form_is_refused_without_the_opt_in(url: str, names: str) -> None:
    with pytest.raises(URLRefusedError) as info:
        vet_url(url, allow_private=False)
    message = str(info.value)
    assert names in message, message
    assert message.startswith(f"{url}: refused: ")
    assert "\n" not in message and "--allow-private-urls" in message


@pytest.mark.parametrize("url, names", ADDRESS_FORMS, ids=[u for u, _ in ADDRESS_FORMS])
def test_every_address_form_passes_the_guard_with_the_opt_in(url: str, names: str) -> None:
    vetted = vet_url(url, allow_private=True)
    assert vetted.addresses and vetted.scheme in {"http", "https"}


def test_refusal_rate_is_all_without_and_none_with_the_opt_in() -> None:
    def refused(url: str, allow: bool) -> bool:
        try:
            vet_url(url, allow_private=allow)
        except URLRefusedError:
            return True
        return False

    urls = [url for url, _ in ADDRESS_FORMS]
    assert sum(refused(u, False) for u in urls) == len(urls)
    assert sum(refused(u, True) for u in urls) == 0


@pytest.mark.parametrize("url", PUBLIC_FORMS)
def test_public_addresses_pass_without_the_opt_in(url: str) -> None:
    assert vet_url(url, allow_private=False).addresses


@pytest.mark.parametrize(
    "value, refused", [(None, True), ("", True), ("0", True), ("1", False), ("true", False)]
)
def test_the_environment_setting_is_the_default_opt_in(
    monkeypatch: pytest.MonkeyPatch, value: str | None, refused: bool
) -> None:
    if value is not None:
        monkeypatch.setenv(ALLOW_PRIVATE_ENV, value)
    assert safe_fetch.allow_private_urls() is not refused
    if refused:
        with pytest.raises(URLRefusedError):
            vet_url("http://127.0.0.1/")
    else:
        assert vet_url("http://127.0.0.1/").addresses
    # An explicit argument wins over the setting either way.
    with pytest.raises(URLRefusedError):
        vet_url("http://127.0.0.1/", allow_private=False)


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://127.0.0.1:70/", "dict://x/"]
)
def test_other_schemes_are_refused_even_with_the_opt_in(url: str) -> None:
    for allow in (False, True):
        with pytest.raises(URLRefusedError, match="only http and https URLs are fetched"):
            vet_url(url, allow_private=allow)


def test_every_address_a_name_resolves_to_is_checked() -> None:
    # glibc's getaddrinfo turns "0x7f.1" into 127.0.0.1 and may return several answers:
    # the guard checks each, not only a parse of the literal.
    assert vet_host("public.test", 80, allow_private=False) == [
        ipaddress.ip_address("93.184.216.34")
    ]
    with pytest.raises(safe_fetch.AddressRefusedError, match=r"127\.0\.0\.1 is a loopback"):
        vet_host("mixed.test", 80, allow_private=False)


def test_addresses_of_this_machine_are_recognised() -> None:
    # A public address bound on this host would be named the same way; here only
    # loopback can be bound, and it is named by its own class first.
    assert safe_fetch._is_this_host(ipaddress.ip_address("127.0.0.1"))
    assert not safe_fetch._is_this_host(ipaddress.ip_address("192.0.2.1"))
    assert address_refusal(ipaddress.ip_address("93.184.216.34")) is None


def test_unresolvable_and_malformed_urls_are_fetch_errors_not_refusals() -> None:
    with pytest.raises(FetchError, match="cannot fetch") as info:
        vet_url("http://nowhere.test/", allow_private=False)
    assert not isinstance(info.value, URLRefusedError)
    with pytest.raises(FetchError, match="Invalid IPv6 URL"):
        vet_url("http://[::1/x", allow_private=False)


# --------------------------------------------------------------------------- real fetches


class _Recorder:
    """Requests seen by the local server: (path, Host header)."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    @property
    def paths(self) -> list[str]:
        return [path for path, _ in self.seen]


def _handler(
    recorder: _Recorder, redirects: dict[str, str]
) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            recorder.seen.append((self.path, self.headers.get("Host", "")))
            if self.path in redirects:
                self.send_response(302)
                self.send_header("Location", redirects[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path.startswith("/chain/"):
                n = int(self.path.rsplit("/", 1)[1])
                self.send_response(302)
                self.send_header("Location", f"/chain/{n - 1}" if n else "/article")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path in {"/article", "/secret"}:
                body = ARTICLE if self.path == "/article" else b"top secret"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture()
def recorder() -> _Recorder:
    return _Recorder()


@pytest.fixture()
def server(recorder: _Recorder) -> Iterator[str]:
    redirects: dict[str, str] = {}
    with serving(_handler(recorder, redirects)) as url:
        port = url.rsplit(":", 1)[1]
        redirects.update(
            {
                "/to-loopback": f"{url}/secret",
                "/to-decimal": f"http://2130706433:{port}/secret",
                "/to-localhost": f"http://localhost:{port}/secret",
                "/to-mapped": f"http://[::ffff:127.0.0.1]:{port}/secret",
                "/to-relative": "article",
                "/to-file": "file:///etc/passwd",
                "/to-ftp": f"ftp://127.0.0.1:{port}/secret",
            }
        )
        yield url


def _public_alias(alias: str, real: str) -> Callable[[str, int], Sequence[IPAddress]]:
    """A resolver where ``alias`` stands for a public host served by the local server.

    Only ``alias`` skips the checks (as a public name would pass them); every other host,
    redirect targets included, goes through the real guard without the opt-in.
    """

    def resolve(host: str, port: int) -> Sequence[IPAddress]:
        if host == alias:
            return [ipaddress.ip_address(real)]
        return vet_host(host, port, allow_private=False)

    return resolve


def test_local_server_is_refused_by_default_and_read_with_the_opt_in(
    server: str, recorder: _Recorder
) -> None:
    with pytest.raises(ReadError, match=r"refused: 127\.0\.0\.1 is a loopback address") as info:
        read_url(server + "/article")
    assert str(info.value).startswith(f"{server}/article: refused: ")
    assert recorder.seen == []  # nothing was sent
    report = read_url(server + "/article", allow_private=True)
    assert "Jisr al-Shughur" in report.text
    assert recorder.paths == ["/article"]


def test_the_environment_setting_lets_read_url_reach_the_local_server(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")
    assert "Jisr al-Shughur" in read_url(server + "/article").text
    with pytest.raises(ReadError, match="refused"):
        read_url(server + "/article", allow_private=False)


@pytest.mark.parametrize(
    "path, target, names",
    [
        ("/to-loopback", "/secret", r"127\.0\.0\.1 is a loopback address"),
        ("/to-decimal", "/secret", r"127\.0\.0\.1 is a loopback address"),
        ("/to-localhost", "/secret", "localhost is a loopback name"),
        ("/to-mapped", "/secret", r"IPv4-mapped 127\.0\.0\.1"),
    ],
)
def test_redirect_from_an_allowed_host_to_loopback_is_refused_at_the_hop(
    server: str, recorder: _Recorder, path: str, target: str, names: str
) -> None:
    port = int(server.rsplit(":", 1)[1])
    start = f"http://news.test:{port}{path}"
    with pytest.raises(URLRefusedError, match=names) as info:
        fetch_bytes(
            start, timeout=5, max_bytes=10_000, resolve=_public_alias("news.test", "127.0.0.1")
        )
    message = str(info.value)
    assert message.startswith(f"{start}: refused: redirect to http") and target in message
    assert "\n" not in message
    assert recorder.paths == [path]  # the first hop was fetched, the target never


def test_relative_redirects_are_followed_against_the_current_url(
    server: str, recorder: _Recorder
) -> None:
    body, ctype, final = fetch_bytes(
        server + "/to-relative", timeout=5, max_bytes=10_000, allow_private=True
    )
    assert body == ARTICLE and ctype.startswith("text/html")
    assert final == server + "/article"


def test_five_redirects_are_followed_and_a_sixth_is_refused(
    server: str, recorder: _Recorder
) -> None:
    body, _, final = fetch_bytes(
        server + "/chain/4", timeout=5, max_bytes=10_000, allow_private=True
    )  # /chain/4 -> 3 -> 2 -> 1 -> 0 -> /article: five redirects
    assert body == ARTICLE and final == server + "/article"
    recorder.seen.clear()
    with pytest.raises(URLRefusedError, match="more than 5 redirects"):
        fetch_bytes(server + "/chain/5", timeout=5, max_bytes=10_000, allow_private=True)
    assert "/article" not in recorder.paths and len(recorder.paths) == 6


@pytest.mark.parametrize("path", ["/to-file", "/to-ftp"])
def test_redirects_to_file_and_ftp_are_refused_even_with_the_opt_in(
    server: str, recorder: _Recorder, path: str
) -> None:
    with pytest.raises(URLRefusedError, match="only http and https URLs are fetched"):
        fetch_bytes(server + path, timeout=5, max_bytes=10_000, allow_private=True)
    assert recorder.paths == [path]


def test_connects_to_the_checked_address_and_keeps_the_host_name(
    server: str, recorder: _Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rebinding resolver: the first answer is the server, later ones a closed loopback
    # address. The name is resolved once and the connection goes to that answer.
    port = int(server.rsplit(":", 1)[1])
    answers = iter(["127.0.0.1"])
    calls: list[str] = []
    real = socket.getaddrinfo

    def rebinding(host: Any, p: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host == "rebind.test":
            calls.append(host)
            addr = next(answers, "127.0.0.2")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (addr, p))]
        return real(host, p, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    body, _, _ = fetch_bytes(
        f"http://rebind.test:{port}/article", timeout=5, max_bytes=10_000, allow_private=True
    )
    assert body == ARTICLE
    assert calls == ["rebind.test"]
    assert recorder.seen == [("/article", f"rebind.test:{port}")]


@pytest.fixture()
def tls_server(tmp_path: Path) -> Iterator[tuple[int, Path, list[str]]]:
    """An HTTPS server on 127.0.0.1 with a self-signed certificate for ``news.test``.

    Yields its port, the certificate (to trust) and the SNI names it was sent.
    """
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=news.test",
         "-addext", "subjectAltName=DNS:news.test"],
        check=True, capture_output=True,
    )  # fmt: skip

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = f"host={self.headers.get('Host')}".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    names: list[str] = []
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)

    def remember(_sock: ssl.SSLObject, name: str | None, _ctx: ssl.SSLContext) -> None:
        names.append(str(name))

    ctx.sni_callback = remember
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], cert, names
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_https_checks_the_certificate_against_the_host_name_not_the_address(
    tls_server: tuple[int, Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, cert, names = tls_server
    # Both names stand for public hosts served by the local server.
    resolve = _public_alias("news.test", "127.0.0.1")

    def fetch(host: str) -> bytes:
        url = f"https://{host}:{port}/"
        return fetch_bytes(url, timeout=5, max_bytes=1000, resolve=resolve)[0]

    with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
        fetch("news.test")  # self-signed: not trusted by default
    monkeypatch.setattr(
        safe_fetch, "_tls_context", lambda: ssl.create_default_context(cafile=str(cert))
    )
    assert fetch("news.test") == f"host=news.test:{port}".encode()
    assert names == ["news.test", "news.test"]
    resolve = _public_alias("other.test", "127.0.0.1")
    with pytest.raises(FetchError, match=r"not valid for 'other\.test'"):
        fetch("other.test")  # the certificate is checked against the URL's name


def test_read_errors_keep_their_messages(server: str) -> None:
    with pytest.raises(ReadError, match=r"/missing: HTTP 404 Not Found$"):
        read_url(server + "/missing", allow_private=True)
    with pytest.raises(ReadError, match="bytes exceeds the 10-byte cap"):
        read_url(server + "/article", allow_private=True, max_bytes=10)


def test_transport_replaces_the_network_and_its_checks() -> None:
    def transport(url: str, timeout: float, max_bytes: int) -> tuple[bytes, str, str]:
        return ARTICLE, "text/html", url

    report = read_url("http://127.0.0.1/article", transport=transport)
    assert "Jisr al-Shughur" in report.text


def test_download_geonames_is_refused_by_default(server: str, tmp_path: Path) -> None:
    with pytest.raises(GazetteerImportError, match=r"refused: 127\.0\.0\.1 is a loopback"):
        download_geonames(["SY"], base_url=server + "/", timeout=5, dest=tmp_path)
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- CLI


def test_cli_ingest_of_a_loopback_url_exits_1_with_one_line_and_stores_nothing(
    runner: CliRunner, server: str, recorder: _Recorder, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    good = tmp_path / "good.txt"
    good.write_text("Russian warplanes struck bases in Homs on Thursday, a source said.\n")
    assert runner.invoke(main, ["ingest", str(good), "--db", db]).exit_code == 0
    before = table_counts(db)
    result = runner.invoke(main, ["ingest", server + "/article", "--db", db])
    assert result.exit_code == 1, result.output
    errors = [ln for ln in result.output.splitlines() if "error" in ln.lower()]
    assert errors == [
        f"error: {server}/article: refused: 127.0.0.1 is a loopback address (use "
        "--allow-private-urls or STRIKEMAP_ALLOW_PRIVATE_URLS=1 for intranet sources)"
    ]
    assert "Traceback" not in result.output
    assert table_counts(db) == before and recorder.seen == []

    allowed = runner.invoke(main, ["ingest", server + "/article", "--allow-private-urls",
                                   "--published", "2015-10-01", "--db", db])  # fmt: skip
    assert allowed.exit_code == 0, allowed.output
    assert table_counts(db)[0] == before[0] + 1


def _geonames_zip() -> bytes:
    row = [
        "2", "Kafr Uwayd", "Kafr Uwayd", "", "35.66", "36.48", "P", "PPL", "SY", "", "12",
        "", "", "", "0", "", "100", "Asia/Damascus", "2020-01-01",
    ]  # fmt: skip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("SY.txt", "\t".join(row) + "\n")
    return buf.getvalue()


def test_cli_gazetteer_download_is_refused_by_default_and_works_with_the_flag(
    tmp_path: Path,
) -> None:
    from strikemap.gazetteer._store import write_index
    from strikemap.gazetteer.build import read_curated

    places, _ = read_curated(Path(__file__).parent / "fixtures" / "gazetteer" / "places.csv")
    write_index(tmp_path / "index.sqlite", places, {"kind": "test"})
    data = _geonames_zip()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/SY.zip":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    args = ["download", "SY", "--gazetteer-dir", str(tmp_path), "--timeout", "5"]
    with serving(Handler) as url:
        refused = CliRunner().invoke(gazetteer, [*args, "--base-url", url + "/"])
        assert refused.exit_code == 1, refused.output
        assert refused.output.strip().splitlines() == [
            f"Error: {url}/SY.zip: refused: 127.0.0.1 is a loopback address (use "
            "--allow-private-urls or STRIKEMAP_ALLOW_PRIVATE_URLS=1 for intranet sources)"
        ]
        assert not list((tmp_path / "downloads").glob("*.zip"))
        allowed = CliRunner().invoke(
            gazetteer, [*args, "--base-url", url + "/", "--allow-private-urls"]
        )
    assert allowed.exit_code == 0, allowed.output
    assert "1 places imported" in allowed.output
