"""Settings: where the database, the archive and the reference data live, and upload limits.

Every command and the app read their paths from here, so they always agree on one database.
Each setting has a default and an environment variable that overrides it.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent
DATA_DIR = PROJECT_DIR / "data"

MB = 1024 * 1024


def database_path() -> Path:
    """The DuckDB file: `DASHBOARD_DB` when set, else `data/dashboard.duckdb` in the checkout."""
    return Path(os.environ.get("DASHBOARD_DB") or DATA_DIR / "dashboard.duckdb")


def archive_dir(db_path: Path | None = None) -> Path:
    """Where accepted workbooks are kept by SHA-256: `DASHBOARD_ARCHIVE`, else beside the database."""
    explicit = os.environ.get("DASHBOARD_ARCHIVE")
    if explicit:
        return Path(explicit)
    db = Path(db_path) if db_path else database_path()
    return db.parent / f"{db.stem}_archive"


def max_upload_bytes() -> int:
    """A workbook larger than this is refused before it is opened (`DASHBOARD_MAX_UPLOAD_MB`)."""
    return int(float(os.environ.get("DASHBOARD_MAX_UPLOAD_MB", "20")) * MB)


def max_inflated_bytes() -> int:
    """The parts of a workbook may not inflate past this (`DASHBOARD_MAX_INFLATED_MB`)."""
    return int(float(os.environ.get("DASHBOARD_MAX_INFLATED_MB", "200")) * MB)


def write_wait_seconds() -> float:
    """How long a write waits for another one to finish before giving up (`DASHBOARD_WRITE_WAIT`)."""
    return float(os.environ.get("DASHBOARD_WRITE_WAIT", "120"))


# A zip entry that inflates more than this many times its compressed size is a bomb.
# Real sheet XML compresses about 10–30×; bombs reach thousands.
MAX_COMPRESSION_RATIO = 200
