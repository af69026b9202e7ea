"""The heavy libraries, imported once per server process before any page uses them.

Streamlit runs each session's script in a thread of its own, so on a freshly started server
a crowd's first scripts import pandas, plotly and the rest at the same moment. Plotly looks
pandas up in `sys.modules` without importing it, and there it can find the module another
thread is still initialising: "partially initialized module 'pandas' has no attribute
'Series'" in an error box. Taking these imports under one lock, before app.py imports
anything of the project, makes every later script find them whole.

Before them, the allocators of DuckDB and Polars (each its own jemalloc) are told to give
freed memory back to the system at once. By default they keep it for seconds, to reuse it:
a process serving the pages at 100× then held about 40 MiB it no longer used (peak 441 MiB
against 396, benchmarks/run_all.py --only memory), for a difference in query time within
the machine's noise. Each library reads its setting when it loads, so it must be set before
the first import of it; a value already in the environment (the deployment's) is kept.
"""

from __future__ import annotations

import ctypes
import os
import threading

# jemalloc's options, one variable per library (each reads its own, by its prefix). DuckDB's
# built-in options already have muzzy_decay_ms:0. Polars writes its own (dirty 500 ms, muzzy
# 1000 ms) before this variable's value, which jemalloc reads last, so ours win: the override
# Polars documents.
ALLOCATOR_SETTINGS = {
    "DUCKDB_JE_MALLOC_CONF": "dirty_decay_ms:0",
    "_RJEM_MALLOC_CONF": "dirty_decay_ms:0,muzzy_decay_ms:0",  # Polars
}

# Read by glibc when the process starts, so set by whoever starts it: the unit
# (deploy/dashboard@.service) and tools/screenshot.serve, which the benchmarks and tests use.
# glibc's malloc keeps two arenas instead of up to eight per core: Streamlit runs every script
# in a thread, and each arena holds freed memory of its own. At 100× the peak was 361-366 MiB
# against 374-380 (benchmarks/run_all.py --only memory), page and start times unchanged;
# the threads that allocate there mostly hold Python's lock, so they seldom wait for an arena.
# Setting it from within (mallopt) is too late: glibc fixes the limit at the first thread's
# arena, before app.py runs (tried: 372-379 MiB either way).
PROCESS_SETTINGS = {"MALLOC_ARENA_MAX": "2"}

_LOCK = threading.Lock()
_DONE = False


def return_freed_memory() -> None:
    """Set the allocators' options, unless the environment has them: before DuckDB and Polars
    load, or they have no effect."""
    for name, value in ALLOCATOR_SETTINGS.items():
        os.environ.setdefault(name, value)


def trim_heap() -> None:
    """Hand back to the system what the C allocator keeps of the memory freed during a run.

    glibc's malloc (pandas, Arrow, Python's own large objects) keeps freed memory in an arena
    per thread, and Streamlit runs each script in a thread: after every page at 100× the
    process held 10-20 MiB that malloc_trim returns (benchmarks/run_all.py --only memory).
    A no-op where the C library is not glibc.
    """
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _malloc_trim():
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _malloc_trim()


def loaded() -> bool:
    """Whether `preload` has finished in this process: False for its first run, and for any
    run that starts while that one still imports."""
    return _DONE


def preload() -> None:
    """Import the libraries the pages use, once, with one thread at a time."""
    global _DONE
    if _DONE:
        return
    with _LOCK:
        if _DONE:
            return
        return_freed_memory()
        import duckdb  # noqa: F401
        import pandas  # noqa: F401
        import plotly.graph_objects  # noqa: F401
        import plotly.io  # noqa: F401
        import polars  # noqa: F401

        _DONE = True
