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


def max_upload_mb() -> int:
    """The upload limit as written in messages and on the upload page: whole MB, rounded down."""
    return max(1, max_upload_bytes() // MB)


def max_inflated_bytes() -> int:
    """The parts of a workbook may not inflate past this (`DASHBOARD_MAX_INFLATED_MB`)."""
    return int(float(os.environ.get("DASHBOARD_MAX_INFLATED_MB", "200")) * MB)


def write_wait_seconds() -> float:
    """How long a write waits for another one to finish before giving up (`DASHBOARD_WRITE_WAIT`)."""
    return float(os.environ.get("DASHBOARD_WRITE_WAIT", "120"))


# A zip entry that inflates more than this many times its compressed size is a bomb.
# Real sheet XML compresses about 10–30×; bombs reach thousands.
MAX_COMPRESSION_RATIO = 200


# Accounts and sign-in (accounts/, ui/auth.py; README "Tài khoản và đăng nhập").
SIGN_IN_MODES = ("local", "oidc", "proxy")


def sign_in_mode() -> str:
    """How people sign in (`DASHBOARD_SIGN_IN`): local accounts (default), the province's OIDC
    provider through st.login, or the province's reverse proxy (server.trustedUserHeaders).
    An unknown value raises ValueError with a Vietnamese message."""
    mode = (os.environ.get("DASHBOARD_SIGN_IN") or "local").strip().lower()
    if mode not in SIGN_IN_MODES:
        raise ValueError(
            f"DASHBOARD_SIGN_IN = “{mode}” không hợp lệ; đề nghị đặt một trong: "
            + ", ".join(SIGN_IN_MODES)
            + "."
        )
    return mode


def require_sign_in() -> bool:
    """Every page asks for sign-in (`DASHBOARD_REQUIRE_SIGN_IN=1`); by default pages are
    readable without it, and only writing needs an account."""
    return os.environ.get("DASHBOARD_REQUIRE_SIGN_IN", "").strip().lower() in {"1", "true", "yes"}


def roles_file() -> Path:
    """E-mail → role, agency for the OIDC and proxy modes (`DASHBOARD_ROLES_FILE`, else
    data/roles.csv, which DST keeps and git ignores)."""
    return Path(os.environ.get("DASHBOARD_ROLES_FILE") or DATA_DIR / "roles.csv")


def proxy_user_key() -> str:
    """The key of st.user that server.trustedUserHeaders fills with the proxy's signed-in
    user's e-mail address (`DASHBOARD_PROXY_USER_KEY`, default "email")."""
    return os.environ.get("DASHBOARD_PROXY_USER_KEY") or "email"


def sign_in_throttle_path(db_path: Path | None = None) -> Path:
    """The small SQLite file beside the database that counts failed sign-ins for every app
    process (`DASHBOARD_SIGNIN_DB` overrides)."""
    explicit = os.environ.get("DASHBOARD_SIGNIN_DB")
    if explicit:
        return Path(explicit)
    db = Path(db_path) if db_path else database_path()
    return db.with_name(db.name + ".signin.sqlite")


def sign_in_attempts() -> int:
    """Failed sign-ins allowed per account and per client within the window (`DASHBOARD_SIGNIN_LIMIT`)."""
    return int(os.environ.get("DASHBOARD_SIGNIN_LIMIT", "5"))


def sign_in_window_seconds() -> float:
    """The window of failed sign-ins, and the wait after too many (`DASHBOARD_SIGNIN_WINDOW_MINUTES`)."""
    return float(os.environ.get("DASHBOARD_SIGNIN_WINDOW_MINUTES", "15")) * 60


def trust_forwarded_for() -> bool:
    """Take the client's address from the proxy's X-Forwarded-For header
    (`DASHBOARD_TRUST_FORWARDED_FOR=1`): only behind a proxy that sets it itself, else a
    client could name any address and dodge the per-client limit."""
    return os.environ.get("DASHBOARD_TRUST_FORWARDED_FOR", "").strip().lower() in {
        "1",
        "true",
        "yes",
    }


def oidc_provider() -> str | None:
    """The provider's name under [auth] in secrets.toml (`DASHBOARD_OIDC_PROVIDER`); none when
    [auth] itself holds the provider's settings."""
    return os.environ.get("DASHBOARD_OIDC_PROVIDER") or None
