"""tools/warm_up.py against a real app process: it runs the first page to its end, and says
so when no app answers. (How much it saves is a benchmark's figure: benchmarks/run_all.py.)"""

from __future__ import annotations

from pathlib import Path

from tools import warm_up
from tools.screenshot import free_port, serve
from ui.preload import PROCESS_SETTINGS


def test_warm_up_runs_the_first_page_of_a_started_app(fixture_db, monkeypatch):
    for name in PROCESS_SETTINGS:  # a value of the shell's would be kept (setdefault)
        monkeypatch.delenv(name, raising=False)
    port = free_port()
    server = serve(fixture_db, port)
    try:
        assert warm_up.warm_up("127.0.0.1", port, 120) is None
        assert warm_up.main(["--port", str(port)]) == 0  # and again, as a command
        # started as the unit starts it: glibc reads these at the process's start
        environment = Path(f"/proc/{server.pid}/environ").read_bytes().split(b"\0")
        for name, value in PROCESS_SETTINGS.items():
            assert f"{name}={value}".encode() in environment
    finally:
        server.terminate()
        server.wait(timeout=15)


def test_warm_up_says_when_no_app_answers():
    port = free_port()
    problem = warm_up.warm_up("127.0.0.1", port, 0.5)
    assert problem == warm_up.NO_SERVER.format(host="127.0.0.1", port=port, seconds=0)
    assert warm_up.main(["--port", str(port), "--wait", "0.3"]) == 1
