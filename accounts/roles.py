"""The roles and what each may do; a signed-in user; the roles file of single sign-on. No Streamlit.

Every page asks these functions, never a role name, so a rule changes in one place. A page
hidden from the menu is still reachable by its URL: the page itself checks.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

# From the least to the most a role may do.
ROLES: tuple[str, ...] = ("viewer", "agency", "editor", "admin")
ROLE_LABELS: dict[str, str] = {
    "viewer": "Người xem",
    "agency": "Đơn vị",
    "editor": "Biên tập viên (Sở KH&CN)",
    "admin": "Quản trị",
}
# What each role may do, in the words the accounts page and the README use.
ROLE_DUTIES: dict[str, str] = {
    "viewer": "xem mọi trang",
    "agency": "xem mọi trang; tải lên biểu mẫu của chính đơn vị mình, xem lịch sử tải lên của đơn vị",
    "editor": "xem mọi trang; tải lên biểu mẫu của mọi đơn vị, hoàn tác một lần tải lên",
    "admin": "như biên tập viên, và quản lý tài khoản",
}
ROLE_NEEDS_AGENCY = "agency"


@dataclass(frozen=True)
class User:
    """Someone signed in: the account's name, role, agency (role `agency` only), shown name."""

    name: str
    role: str
    agency_code: str | None
    display_name: str | None = None

    @property
    def role_label(self) -> str:
        """The role's Vietnamese label."""
        return role_label(self.role)

    @property
    def shown_name(self) -> str:
        """The name to show: the display name when there is one, else the account's name."""
        return self.display_name or self.name


def role_label(role: str) -> str:
    """A role's Vietnamese label (the role itself when unknown)."""
    return ROLE_LABELS.get(role, role)


def _has(user: User | None, *roles: str) -> bool:
    return user is not None and user.role in roles


def can_read(user: User | None) -> bool:
    """Every role reads every page (whether reading needs signing in at all is a setting)."""
    return _has(user, *ROLES)


def can_upload(user: User | None, agency_code: str | None = None) -> bool:
    """May upload forms of `agency_code` (of some agency, when None): an agency user only its
    own agency's, an editor or admin any agency's."""
    if _has(user, "editor", "admin"):
        return True
    if _has(user, "agency") and user is not None and user.agency_code:
        return agency_code is None or agency_code == user.agency_code
    return False


def can_roll_back(user: User | None) -> bool:
    """May roll back an accepted upload: editors and admins."""
    return _has(user, "editor", "admin")


def can_manage_accounts(user: User | None) -> bool:
    """May add accounts, reset passwords and disable accounts: admins."""
    return _has(user, "admin")


def allowed_agencies(user: User | None) -> set[str] | None:
    """The agencies whose forms (and upload history) the user may handle: None = any; an
    empty set = none (a viewer, or nobody signed in)."""
    if _has(user, "editor", "admin"):
        return None
    if _has(user, "agency") and user is not None and user.agency_code:
        return {user.agency_code}
    return set()


@dataclass(frozen=True)
class RoleEntry:
    """One line of the roles file: an e-mail address, its role, its agency (role agency)."""

    email: str
    role: str
    agency_code: str | None


def read_role_file(path: Path) -> tuple[dict[str, RoleEntry], list[str]]:
    """The roles file DST edits (columns email, role, agency_code), by lower-case e-mail, and a
    Vietnamese sentence for each line that cannot be used (that line gives no role).

    A missing file gives no entries: everyone signed in by the province is then a viewer.
    """
    entries: dict[str, RoleEntry] = {}
    problems: list[str] = []
    if not path.is_file():
        return entries, problems
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            email = (row.get("email") or "").strip().lower()
            role = (row.get("role") or "").strip().lower()
            agency = (row.get("agency_code") or "").strip() or None
            if not email:
                problems.append(f"Dòng {line} của tệp {path.name}: thiếu địa chỉ thư điện tử.")
            elif role not in ROLES:
                problems.append(
                    f"Dòng {line} của tệp {path.name}: vai trò “{role}” không hợp lệ; đề nghị ghi "
                    f"một trong: {', '.join(ROLES)}."
                )
            elif role == ROLE_NEEDS_AGENCY and not agency:
                problems.append(
                    f"Dòng {line} của tệp {path.name}: vai trò agency cần mã đơn vị (agency_code)."
                )
            else:
                entries[email] = RoleEntry(
                    email, role, agency if role == ROLE_NEEDS_AGENCY else None
                )
    return entries, problems


def user_from_role_file(email: str, display_name: str | None, path: Path) -> User:
    """The user signed in by the province (single sign-on) as `email`: the role the roles file
    gives that address, or viewer when the file does not list it."""
    key = email.strip().lower()
    entry = read_role_file(path)[0].get(key)
    if entry is None:
        return User(key, "viewer", None, display_name)
    return User(key, entry.role, entry.agency_code, display_name)
