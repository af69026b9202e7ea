"""Who is signed in, and the pages' checks of what they may do: the Streamlit glue of accounts/.

One sign-in mode at a time (settings.sign_in_mode): local accounts (the name of the signed-in
account kept in st.session_state, the account read again on every run, so a disabled account
is signed out at once), the province's OIDC provider through st.login (st.user), or the
province's reverse proxy (st.user filled by server.trustedUserHeaders). In the two last the
roles come from the roles file DST edits. Every page checks the role itself (`require`): a
page hidden from the menu is still reachable by its URL.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import streamlit as st

import formats
import settings
from accounts import roles, store, throttle
from accounts.passwords import PasswordError
from accounts.roles import (
    ROLE_DUTIES,
    ROLE_LABELS,
    ROLE_NEEDS_AGENCY,
    ROLES,
    User,
    allowed_agencies,
    can_manage_accounts,
    can_read,
    can_roll_back,
    can_upload,
)
from db.store import WriteBusyError
from ui import data
from ui.pages import Page
from ui.text import plain

__all__ = [  # what pages use, beside the functions below
    "ROLES",
    "ROLE_DUTIES",
    "ROLE_LABELS",
    "ROLE_NEEDS_AGENCY",
    "User",
    "allowed_agencies",
    "can_manage_accounts",
    "can_read",
    "can_roll_back",
    "can_upload",
]

SESSION_KEY = "signed_in_account"
FLASH_KEY = "accounts_flash"
SIGN_IN_PAGE = "views/sign_in.py"
FIRST_ADMIN_COMMAND = "uv run python -m loaders user add TÊN --role admin"


def mode() -> str:
    """The sign-in mode in force; an unknown setting stops the page with its message."""
    try:
        return settings.sign_in_mode()
    except ValueError as exc:
        st.error(str(exc))
        st.stop()
        raise  # st.stop() raises; this keeps type checkers sure


def _account(name: str) -> User | None:
    """The enabled local account `name`, read from the live file (never a stale one)."""
    try:
        with data.live_database().cursor() as cursor:
            return store.get_user(name, con=cursor)
    except FileNotFoundError:
        return None


def _st_user_value(key: str) -> str | None:
    value = st.user.get(key)
    return str(value).strip() or None if value else None


def oidc_configured() -> bool:
    """True when secrets.toml has the [auth] section st.login needs."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, OSError):
        return False


def current_user() -> User | None:
    """The signed-in user, or None: from the session (local), st.user (oidc) or the proxy's
    trusted header (proxy); the role from the account or the roles file."""
    chosen = mode()
    if chosen == "local":
        name = st.session_state.get(SESSION_KEY)
        if not name:
            return None
        user = _account(name)
        if user is None:  # disabled, or gone in a rebuild
            st.session_state.pop(SESSION_KEY, None)
        return user
    if chosen == "oidc":
        if not oidc_configured() or not st.user.get("is_logged_in"):
            return None
        email = _st_user_value("email")
    else:
        email = _st_user_value(settings.proxy_user_key())
    if email is None:
        return None
    return roles.user_from_role_file(email, _st_user_value("name"), settings.roles_file())


def has_accounts() -> bool:
    """True when any enabled local account exists (else nobody can write: the app reads only)."""
    try:
        with data.live_database().cursor() as cursor:
            return any(not account.disabled for account in store.list_users(con=cursor))
    except FileNotFoundError:
        return False


def no_accounts_message() -> str:
    """What a page that writes says while there is no account at all: read-only, and how to
    create the first admin."""
    return (
        "Chưa có tài khoản nào nên bảng điều khiển hiện chỉ để xem: chưa ai tải lên hay thay đổi "
        "được số liệu. Để bắt đầu, người quản trị máy chủ tạo tài khoản quản trị đầu tiên bằng "
        f"lệnh `{FIRST_ADMIN_COMMAND}` (mật khẩu được hỏi hai lần), rồi đăng nhập bằng tài "
        "khoản đó để tạo các tài khoản khác trên trang Tài khoản."
    )


def _client() -> str | None:
    """The client's address, for the per-client limit (the proxy's header only when trusted)."""
    if settings.trust_forwarded_for():
        forwarded = st.context.headers.get("X-Forwarded-For")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return st.context.ip_address


def _check(name: str, password: str) -> User | None:
    try:
        with data.live_database().cursor() as cursor:
            return store.authenticate(name, password, con=cursor)
    except FileNotFoundError:
        return None


def sign_in_form(key: str = "sign_in") -> User | None:
    """The sign-in of the mode in force: the name-and-password form (local), the button to the
    province's provider (oidc), or a note (proxy: the proxy signs people in)."""
    chosen = mode()
    if chosen == "proxy":
        st.info(
            "Bảng điều khiển nhận người dùng qua cổng đăng nhập một lần của tỉnh. Nếu trang "
            "chưa nhận ra bạn, đề nghị mở lại bảng điều khiển qua địa chỉ chính thức của tỉnh."
        )
        return None
    if chosen == "oidc":
        if not oidc_configured():
            st.error(
                "Chưa cấu hình đăng nhập một lần: tệp .streamlit/secrets.toml chưa có mục [auth]. "
                "Đề nghị người quản trị máy chủ bổ sung (xem hướng dẫn cài đặt)."
            )
            return None
        if st.button("Đăng nhập bằng tài khoản của tỉnh", type="primary", key=f"{key}_oidc"):
            st.login(settings.oidc_provider())
        return None
    # narrower than the page: two fields and a button
    with st.columns([2, 3])[0], st.form(key, enter_to_submit=True):
        st.text_input("Tên đăng nhập", key=f"{key}_name", autocomplete="username")
        st.text_input(
            "Mật khẩu", type="password", key=f"{key}_password", autocomplete="current-password"
        )
        st.form_submit_button("Đăng nhập", type="primary", on_click=_attempt, args=(key,))
        message = st.session_state.pop(f"{key}_message", None)
        if message:
            st.error(message)
    if not has_accounts():
        st.info(no_accounts_message())
    return current_user()


def _attempt(key: str) -> None:
    """The sign-in form's callback: runs before the page, so the page that follows already
    shows the signed-in user; the password field is emptied whatever the outcome."""
    name = st.session_state.get(f"{key}_name") or ""
    password = st.session_state.get(f"{key}_password") or ""
    st.session_state[f"{key}_password"] = ""
    if not name.strip() or not password:
        st.session_state[f"{key}_message"] = "Đề nghị nhập tên đăng nhập và mật khẩu."
        return
    counter = throttle.SignInThrottle(settings.sign_in_throttle_path())
    user, message = throttle.sign_in(counter, name, password, _client(), _check)
    if user is None:
        st.session_state[f"{key}_message"] = message
        return
    st.session_state[SESSION_KEY] = user.name


def sign_out() -> None:
    """Sign the user out (local: forget the session's account; oidc: st.logout)."""
    chosen = mode()
    if chosen == "oidc":
        st.logout()
        return
    st.session_state.pop(SESSION_KEY, None)
    st.rerun()


def require(permission: Callable[[User], bool], what: str) -> User:
    """The signed-in user when `permission(user)` holds; else say why in Vietnamese (sign in
    first, or this account cannot do this) and stop the page. `what` completes "để …" and
    "không có quyền …", e.g. "quản lý tài khoản"."""
    user = current_user()
    if user is None:
        st.warning(f"Đề nghị đăng nhập để {what}.")
        sign_in_form(key="require_sign_in")
        st.stop()
    if not permission(user):
        st.error(
            f"Tài khoản “{plain(user.name)}” (vai trò {user.role_label}) không có quyền {what}. "
            "Nếu cần, "
            "đề nghị liên hệ người quản trị bảng điều khiển tại Sở KH&CN."
        )
        st.stop()
    return user  # type: ignore[return-value]


def may_read() -> bool:
    """True when this session may see the figures: always, unless every page needs sign-in."""
    return not settings.require_sign_in() or current_user() is not None


def page_guard() -> None:
    """Called first on every page (widgets.page_header): with DASHBOARD_REQUIRE_SIGN_IN, a
    session not signed in sees the sign-in and nothing else."""
    if may_read():
        return
    st.title("Đăng nhập")
    st.info("Bảng điều khiển chỉ mở cho người đã đăng nhập. Đề nghị đăng nhập để xem số liệu.")
    sign_in_form(key="guard_sign_in")
    st.stop()


def shown_in_menu(page: Page) -> bool:
    """Whether the menu lists `page` for the user (the page still checks itself)."""
    if page.shown_to is None:
        return True
    if page.shown_to == "never":
        return False
    return bool(getattr(roles, page.shown_to)(current_user()))


def sidebar_account() -> None:
    """The sidebar's account block: who is signed in, the role, "Đăng xuất"; else "Đăng nhập"."""
    user = current_user()
    with st.sidebar:
        if user is None:
            st.page_link(SIGN_IN_PAGE, label="Đăng nhập", icon=":material/login:")
            return
        agency = f", đơn vị {user.agency_code}" if user.agency_code else ""
        st.markdown(f"**{plain(user.shown_name)}**")
        st.caption(f"{user.role_label}{agency}")
        if mode() != "proxy" and st.button(
            "Đăng xuất", key="sidebar_sign_out", icon=":material/logout:"
        ):
            sign_out()


# The accounts page's actions (views/accounts.py): each returns a Vietnamese message.


def accounts_frame() -> pl.DataFrame:
    """Every local account as the accounts page shows it, one text cell each."""
    with data.live_database().cursor() as cursor:
        accounts = store.list_users(con=cursor)
    return pl.DataFrame(
        {
            "Tên đăng nhập": [a.name for a in accounts],
            "Vai trò": [roles.role_label(a.role) for a in accounts],
            "Đơn vị": [a.agency_code or formats.MISSING for a in accounts],
            "Trạng thái": ["Đã khóa" if a.disabled else "Đang dùng" for a in accounts],
            "Ngày tạo": [formats.format_date(a.created_at) for a in accounts],
            "Người tạo": [a.created_by for a in accounts],
            "Thư điện tử": [a.email or formats.MISSING for a in accounts],
        },
        schema=dict.fromkeys(
            ("Tên đăng nhập", "Vai trò", "Đơn vị", "Trạng thái", "Ngày tạo", "Người tạo",
             "Thư điện tử"),
            pl.String,
        ),
    )  # fmt: skip


def account_names(*, enabled_only: bool = False) -> list[str]:
    """The local accounts' names (only those that can sign in, with `enabled_only`)."""
    with data.live_database().cursor() as cursor:
        accounts = store.list_users(con=cursor)
    return [a.name for a in accounts if not (enabled_only and a.disabled)]


def _refusal(action: Callable[[], None]) -> str | None:
    try:
        action()
    except (store.AccountError, PasswordError, WriteBusyError) as exc:
        return plain(str(exc))  # it may quote what was typed: shown as typed
    return None


def add_account(
    by: User,
    name: str,
    role: str,
    password: str,
    repeated: str,
    agency_code: str | None,
    email: str | None,
) -> str | None:
    """Add a local account as `by`; the Vietnamese refusal, or None when done."""
    if password != repeated:
        return "Hai lần nhập mật khẩu không khớp."
    return _refusal(
        lambda: store.add_user(
            name,
            role,
            password,
            agency_code=agency_code if role == ROLE_NEEDS_AGENCY else None,
            email=email,
            created_by=by.name,
            db_path=settings.database_path(),
            wait_seconds=10,
        )
    )


def reset_password(name: str, password: str, repeated: str) -> str | None:
    """Give an account a new password; the Vietnamese refusal, or None when done."""
    if password != repeated:
        return "Hai lần nhập mật khẩu không khớp."
    return _refusal(
        lambda: store.set_password(
            name, password, db_path=settings.database_path(), wait_seconds=10
        )
    )


def disable_account(by: User, name: str) -> str | None:
    """Disable an account (never one's own: the last admin would lock everyone out)."""
    if store.normalise_name(name) == by.name:
        return "Không thể tự khóa tài khoản đang đăng nhập."
    return _refusal(
        lambda: store.disable_user(name, db_path=settings.database_path(), wait_seconds=10)
    )


def flash(message: str) -> None:
    """Keep a success message for the next run (the page reruns to show the new table)."""
    st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    """Show, once, the message `flash` kept."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message)


def role_file_frame() -> tuple[pl.DataFrame, list[str]]:
    """The roles file of the oidc and proxy modes as a table, and its lines that give no role."""
    entries, problems = roles.read_role_file(settings.roles_file())
    frame = pl.DataFrame(
        {
            "Thư điện tử": [e.email for e in entries.values()],
            "Vai trò": [roles.role_label(e.role) for e in entries.values()],
            "Đơn vị": [e.agency_code or formats.MISSING for e in entries.values()],
        },
        schema=dict.fromkeys(("Thư điện tử", "Vai trò", "Đơn vị"), pl.String),
    )
    return frame, problems
