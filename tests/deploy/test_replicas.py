"""The shipped reverse-proxy setup, run for real: Debian's nginx with deploy/nginx/dashboard.conf
(only its ports and paths changed) in front of two replicas of the app on one database.

The first test puts two small echo servers behind the proxy to read exactly what a replica
receives: the client's address overwriting a forged X-Forwarded-For, the trusted sign-in
headers cleared, the websocket's upgrade headers, each client address kept on one replica,
an upload as large as Streamlit accepts. The second runs two `streamlit run app.py` behind
it: a page opened in Debian's chromium through the proxy draws (its websocket goes through
nginx), a command-line load then shows on both replicas, with no restart."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import formats
from queries.indicators import INDICATORS_BY_KEY
from tests.conftest import SECOND_DATE
from tests.loaders.builders import build, valid_inventory_row
from tests.views.helpers import browser_tile, kpi_value
from tools.screenshot import CHROMIUM, CHROMIUM_FLAGS, free_port, serve, wait_for_app

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "deploy" / "nginx" / "dashboard.conf"
NGINX = Path("/usr/sbin/nginx")
OPENSSL = shutil.which("openssl")
pytestmark = [
    pytest.mark.skipif(not NGINX.exists(), reason="needs Debian's nginx at /usr/sbin/nginx"),
    pytest.mark.skipif(OPENSSL is None, reason="needs openssl to make a test certificate"),
]
REMAINING = INDICATORS_BY_KEY["servers_remaining"].label
MIB = 1024 * 1024
SITE = "dashboard.bacninh.gov.vn"  # the server_name of the shipped file
RESOLVE = f"MAP {SITE} 127.0.0.1"


def _render(ports: dict[str, int], folder: Path) -> str:
    """The shipped file with the test's ports and paths, each replaced where it stands."""
    certificate, key = _certificate(folder)
    changes = {
        "127.0.0.1:8501": f"127.0.0.1:{ports['first']}",
        "127.0.0.1:8502": f"127.0.0.1:{ports['second']}",
        "listen 443 ssl;": f"listen 127.0.0.1:{ports['https']} ssl;",
        "listen 80;": f"listen 127.0.0.1:{ports['http']};",
        "/etc/ssl/certs/dashboard.bacninh.gov.vn.crt": str(certificate),
        "/etc/ssl/private/dashboard.bacninh.gov.vn.key": str(key),
        "/var/log/nginx/dashboard.access.log": str(folder / "access.log"),
        "/var/log/nginx/dashboard.error.log": str(folder / "error.log"),
    }
    text = SHIPPED.read_text("utf-8")
    for shipped, ours in changes.items():
        assert shipped in text, f"{SHIPPED.name} no longer has {shipped!r}"
        text = text.replace(shipped, ours)
    return text


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, standing in for the province's."""
    certificate, key = folder / "dashboard.crt", folder / "dashboard.key"
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + [
            "-subj",
            "/CN=dashboard.bacninh.gov.vn",
            "-addext",
            f"subjectAltName=IP:127.0.0.1,DNS:{SITE}",
        ]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    return certificate, key


def _wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


@contextmanager
def _nginx(ports: dict[str, int], folder: Path) -> Iterator[Path]:
    """Debian's nginx in the foreground with the rendered site file, everything it writes in
    `folder`; yields the access log."""
    site = folder / "dashboard.conf"
    site.write_text(_render(ports, folder), "utf-8")
    # The main context Debian's /etc/nginx/nginx.conf would give, with temporary paths. As
    # root the workers would run as nobody, who cannot enter pytest's private folders.
    user = "user root;" if os.geteuid() == 0 else ""
    temp = " ".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    main = folder / "nginx.conf"
    main.write_text(
        f"daemon off;\n{user}\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} info;\nevents {{ worker_connections 512; }}\n"
        f"http {{ {temp} uwsgi_temp_path {folder / 'uwsgi'}; scgi_temp_path {folder / 'scgi'};\n"
        f"  access_log {folder / 'main-access.log'};\n  include {site};\n}}\n",
        "utf-8",
    )
    command = [str(NGINX), "-p", str(folder), "-c", str(main), "-e", str(folder / "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    try:
        _wait_for_port(ports["https"], process)
        yield folder / "access.log"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _log(access_log: Path) -> list[dict[str, str]]:
    """The access log's lines (the shipped `dashboard` format): client, request, status,
    replica."""
    pattern = re.compile(r'^(\S+) \[[^]]+\] "([^"]*)" (\d+) \d+ \S+ upstream=(\S+)$')
    lines = access_log.read_text("utf-8").splitlines() if access_log.exists() else []
    found = [pattern.match(line) for line in lines]
    return [{"client": m[1], "request": m[2], "status": m[3], "upstream": m[4]} for m in found if m]


class _Echo(BaseHTTPRequestHandler):
    """A stand-in replica: answers every request with what it received, as JSON."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        received = 0
        while received < length:
            received += len(self.rfile.read(min(MIB, length - received)))
        body = json.dumps(
            {
                "replica": self.server.server_address[1],
                "version": self.request_version,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body_bytes": received,
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:  # keep pytest's output clean
        pass


def _request(port: int, path: str, source: str = "127.0.0.1", **options) -> tuple[int, dict]:
    """One HTTPS request to the proxy from the loopback address `source`."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection(
        "127.0.0.1", port, source_address=(source, 0), context=context, timeout=60
    )
    try:
        connection.request(
            options.get("method", "GET"),
            path,
            body=options.get("body"),
            headers=options.get("headers", {}),
        )
        response = connection.getresponse()
        data = response.read()
        return response.status, json.loads(data) if data.startswith(b"{") else {}
    finally:
        connection.close()


def _shipped_body_limit_mib() -> int:
    found = re.search(r"^\s*client_max_body_size\s+(\d+)m;", SHIPPED.read_text("utf-8"), re.M)
    assert found, "client_max_body_size not set in MB"
    return int(found[1])


def test_the_proxy_hands_each_replica_what_the_app_needs(tmp_path):
    echoes = [ThreadingHTTPServer(("127.0.0.1", 0), _Echo) for _ in range(2)]
    for echo in echoes:
        threading.Thread(target=echo.serve_forever, daemon=True).start()
    replicas = {echo.server_address[1] for echo in echoes}
    ports = {
        "first": echoes[0].server_address[1],
        "second": echoes[1].server_address[1],
        "https": free_port(),
        "http": free_port(),
    }
    try:
        with _nginx(ports, tmp_path):
            # X-Forwarded-For is the client's own address, whatever the client sent; the
            # headers that sign a user in by the proxy never come from the client.
            status, seen = _request(
                ports["https"],
                "/tai-len",
                source="127.0.0.3",
                headers={
                    "X-Forwarded-For": "203.0.113.9",
                    "X-Forwarded-Email": "lanh.dao@bacninh.gov.vn",
                    "X-Forwarded-User": "lanh.dao",
                },
            )
            assert status == 200
            assert seen["headers"]["x-forwarded-for"] == "127.0.0.3"
            assert seen["headers"]["x-real-ip"] == "127.0.0.3"
            assert seen["headers"]["x-forwarded-proto"] == "https"
            assert seen["headers"]["host"] == f"127.0.0.1:{ports['https']}"
            assert "x-forwarded-email" not in seen["headers"]
            assert "x-forwarded-user" not in seen["headers"]
            assert seen["headers"]["connection"] == "close"

            # The websocket's handshake reaches the replica as an upgrade, over HTTP/1.1.
            status, seen = _request(
                ports["https"],
                "/_stcore/stream",
                headers={"Upgrade": "websocket", "Connection": "Upgrade"},
            )
            assert status == 200
            assert seen["version"] == "HTTP/1.1"
            assert seen["headers"]["upgrade"] == "websocket"
            assert seen["headers"]["connection"] == "upgrade"

            # Sticky: each client address always reaches the same replica, and the
            # addresses of one subnet spread over both (ip_hash would keep a /24 on one).
            chosen: dict[str, set[int]] = {}
            for n in range(1, 17):
                source = f"127.0.0.{n}"
                for _ in range(3):
                    status, seen = _request(ports["https"], "/_stcore/health", source=source)
                    assert status == 200
                    chosen.setdefault(source, set()).add(seen["replica"])
            assert all(len(picked) == 1 for picked in chosen.values()), chosen
            assert set().union(*chosen.values()) == replicas

            # An upload as large as Streamlit takes (server.maxUploadSize, in MB) plus its
            # multipart envelope passes the proxy whole.
            config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
            cap_mib = config["server"]["maxUploadSize"]
            assert _shipped_body_limit_mib() > cap_mib
            body = b"x" * (cap_mib * MIB + 64 * 1024)
            status, seen = _request(
                ports["https"], "/_stcore/upload_file/phien/tep", method="POST", body=body
            )
            assert status == 200
            assert seen["body_bytes"] == len(body)

            # Plain HTTP sends the browser to HTTPS.
            plain = http.client.HTTPConnection("127.0.0.1", ports["http"], timeout=10)
            plain.request("GET", "/tien-do")
            response = plain.getresponse()
            assert response.status == 301
            assert response.getheader("Location") == "https://127.0.0.1/tien-do"
            plain.close()
    finally:
        for echo in echoes:
            echo.shutdown()
            echo.server_close()


def _ingest(workbook: Path, db_path: Path) -> None:
    load = subprocess.run(
        [sys.executable, "-m", "loaders", "ingest", str(workbook), "--db", str(db_path)]
        + ["--as-of", SECOND_DATE.isoformat(), "--user", "dst.cli"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert load.returncode == 0, load.stdout + load.stderr


def test_two_replicas_behind_the_proxy_show_one_load(fixture_db, tmp_path, monkeypatch):
    from playwright.sync_api import sync_playwright

    live = tmp_path / "dashboard.duckdb"
    shutil.copy(fixture_db, live)
    before = kpi_value(live, "servers_remaining", SECOND_DATE)
    workbook = tmp_path / "them_may_chu.xlsx"
    rows = [valid_inventory_row(agency_code="SO-TC", asset_code=f"MOI-{n:02}") for n in range(7)]
    workbook.write_bytes(build("inventory", rows))
    proxy = tmp_path / "nginx"
    proxy.mkdir()

    monkeypatch.setenv("DASHBOARD_TRUST_FORWARDED_FOR", "1")  # as deploy/dashboard@.service
    ports = {name: free_port() for name in ("first", "second", "https", "http")}
    servers = [serve(live, ports["first"]), serve(live, ports["second"])]
    try:
        with _nginx(ports, proxy) as access_log, sync_playwright() as playwright:
            # The province's name for the dashboard, resolved to loopback: the websocket's
            # Origin then carries a name Streamlit does not allow by itself, as in production.
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, f"--host-resolver-rules={RESOLVE}"]
            )
            context = browser.new_context(
                ignore_https_errors=True, viewport={"width": 1440, "height": 1200}
            )
            through_proxy = context.new_page()
            sockets: list[str] = []
            through_proxy.on("websocket", lambda socket_: sockets.append(socket_.url))
            base = f"https://{SITE}:{ports['https']}"
            through_proxy.goto(base + "/")
            wait_for_app(through_proxy)  # the script ran: its websocket works through nginx
            assert f"wss://{SITE}:{ports['https']}/_stcore/stream" in sockets
            assert browser_tile(through_proxy, REMAINING) == formats.format_number(before)

            # Every request of this browser went to one replica; the other one is read
            # directly on its port, and has drawn the page from the old file first.
            served = {line["upstream"] for line in _log(access_log)}
            assert len(served) == 1, served
            sticky = int(served.pop().rsplit(":", 1)[1])
            other = ports["second"] if sticky == ports["first"] else ports["first"]
            assert sticky in (ports["first"], ports["second"])
            direct = context.new_page()
            direct.goto(f"http://127.0.0.1:{other}/")
            wait_for_app(direct)
            assert browser_tile(direct, REMAINING) == formats.format_number(before)

            _ingest(workbook, live)  # a load from the command line, while both serve
            after = kpi_value(live, "servers_remaining", SECOND_DATE)
            assert after > before  # SO-TC's snapshot now holds 7 more running servers

            for page, replica in ((through_proxy, sticky), (direct, other)):
                page.reload()
                wait_for_app(page)
                assert browser_tile(page, REMAINING) == formats.format_number(after), replica
                assert page.locator("[data-testid='stException']").count() == 0
            browser.close()

            # The websocket went through nginx: logged with 101 (Switching Protocols) once
            # closed, by the replica that served the rest of this browser's requests.
            deadline = time.monotonic() + 15
            upgraded: list[dict[str, str]] = []
            while not upgraded and time.monotonic() < deadline:
                upgraded = [
                    line
                    for line in _log(access_log)
                    if line["request"].startswith("GET /_stcore/stream") and line["status"] == "101"
                ]
                time.sleep(0.2)
            assert upgraded, _log(access_log)
            assert {line["upstream"] for line in upgraded} == {f"127.0.0.1:{sticky}"}
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
