"""Warm a freshly started app process up: run its first page once, as a visitor would.

    python -m tools.warm_up --port 8501 [--host 127.0.0.1] [--wait 60]

The first run of the app in a process imports pandas, Plotly, Polars, DuckDB and the export
libraries and opens the database: about 4 seconds on a 2-core server, which the first
visitor after a restart would otherwise wait through. deploy/dashboard@.service runs this
right after each start (ExecStartPost), so that visitor finds the process warm. It waits
for the port, opens one session over Streamlit's own websocket (loopback only), asks for a
run of the default page and waits until it has finished. Exit status 0 when the run
finished, 1 otherwise (with the reason, in Vietnamese, on stderr).
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
import time

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

STREAM_PATH = "/_stcore/stream"
FINISHED_SUCCESSFULLY = 0  # ForwardMsg.script_finished: the run ended without an exception

NO_SERVER = "Ứng dụng chưa mở cổng {host}:{port} sau {seconds} giây; bỏ qua bước khởi động sẵn."
RUN_FAILED = "Lượt chạy khởi động sẵn của ứng dụng không kết thúc bình thường: {reason}."
WARMED = "Ứng dụng ở cổng {port} đã sẵn sàng sau {seconds:.1f} giây."


def wait_for_port(host: str, port: int, seconds: float) -> bool:
    """True once `host:port` accepts a connection, False after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


async def run_first_page(host: str, port: int, seconds: float) -> int:
    """Open a session, run the default page once; the run's ScriptFinished status."""
    request = BackMsg()
    request.rerun_script.query_string = ""
    request.rerun_script.page_script_hash = ""
    url = f"ws://{host}:{port}{STREAM_PATH}"
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as stream:
        await stream.send(request.SerializeToString())
        async with asyncio.timeout(seconds):
            while True:
                message = ForwardMsg()
                message.ParseFromString(await stream.recv())
                if message.WhichOneof("type") == "script_finished":
                    return message.script_finished


def warm_up(host: str, port: int, seconds: float) -> str | None:
    """Run the app's first page once, within `seconds` in all (the wait for the port
    included: systemd's start timeout must cover it); None when it finished, else the
    reason (Vietnamese)."""
    deadline = time.monotonic() + seconds
    if not wait_for_port(host, port, seconds):
        return NO_SERVER.format(host=host, port=port, seconds=int(seconds))
    try:
        status = asyncio.run(run_first_page(host, port, max(deadline - time.monotonic(), 1)))
    except TimeoutError:
        return RUN_FAILED.format(reason=f"quá {int(seconds)} giây")
    except (OSError, websockets.WebSocketException) as exc:
        return RUN_FAILED.format(reason=f"mất kết nối ({type(exc).__name__})")
    if status != FINISHED_SUCCESSFULLY:
        return RUN_FAILED.format(reason=f"mã kết thúc {status}")
    return None


def main(argv: list[str] | None = None) -> int:
    """The command line: warm the app at --host:--port up; 0 when it is warm."""
    parser = argparse.ArgumentParser(description="Chạy sẵn trang đầu của ứng dụng vừa khởi động.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--wait", type=float, default=60.0, help="giây chờ tối đa, tất cả")
    args = parser.parse_args(argv)
    started = time.monotonic()
    problem = warm_up(args.host, args.port, args.wait)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    print(WARMED.format(port=args.port, seconds=time.monotonic() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
