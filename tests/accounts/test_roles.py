"""What each role may do (the permissions table of issue 8), and the roles file of single sign-on."""

from __future__ import annotations

import pytest

from accounts import roles
from accounts.roles import User
from tests.accounts.helpers import wording_problems as problems

VIEWER = User("xem", "viewer", None)
AGENCY = User("so.tc", "agency", "SO-TC")
EDITOR = User("bien.tap", "editor", None)
ADMIN = User("quan.tri", "admin", None)

# user → (reads, uploads own agency SO-TC, uploads another agency, rolls back, manages
# accounts, allowed agencies)
TABLE = [
    (None, False, False, False, False, False, set()),
    (VIEWER, True, False, False, False, False, set()),
    (AGENCY, True, True, False, False, False, {"SO-TC"}),
    (EDITOR, True, True, True, True, False, None),
    (ADMIN, True, True, True, True, True, None),
]


@pytest.mark.parametrize(
    ("user", "reads", "own", "other", "rolls_back", "manages", "agencies"),
    TABLE,
    ids=["nobody", "viewer", "agency", "editor", "admin"],
)
def test_permissions_table(user, reads, own, other, rolls_back, manages, agencies):
    assert roles.can_read(user) is reads
    assert roles.can_upload(user, "SO-TC") is own
    assert roles.can_upload(user, "UBND-09187") is other
    assert roles.can_roll_back(user) is rolls_back
    assert roles.can_manage_accounts(user) is manages
    assert roles.allowed_agencies(user) == agencies


def test_an_agency_user_may_upload_at_all_but_a_viewer_not():
    assert roles.can_upload(AGENCY) and roles.can_upload(EDITOR)
    assert not roles.can_upload(VIEWER) and not roles.can_upload(None)
    # an agency account that lost its agency may upload nothing
    assert not roles.can_upload(User("x", "agency", None), "SO-TC")


def test_labels_follow_the_glossary():
    assert roles.ROLE_LABELS == {
        "viewer": "Người xem",
        "agency": "Đơn vị",
        "editor": "Biên tập viên (Sở KH&CN)",
        "admin": "Quản trị",
    }
    for text in (*roles.ROLE_LABELS.values(), *roles.ROLE_DUTIES.values()):
        assert not problems(text), (text, problems(text))


def test_role_file_gives_roles_by_email_and_lists_bad_lines(tmp_path):
    path = tmp_path / "roles.csv"
    path.write_text(
        "email,role,agency_code\n"
        "Bien.Tap@bacninh.gov.vn,editor,\n"
        "so.tc@bacninh.gov.vn,agency,SO-TC\n"
        "khong.ma@bacninh.gov.vn,agency,\n"
        "la@bacninh.gov.vn,boss,\n",
        encoding="utf-8",
    )
    entries, bad = roles.read_role_file(path)
    assert sorted(entries) == ["bien.tap@bacninh.gov.vn", "so.tc@bacninh.gov.vn"]
    assert bad == [
        "Dòng 4 của tệp roles.csv: vai trò agency cần mã đơn vị (agency_code).",
        "Dòng 5 của tệp roles.csv: vai trò “boss” không hợp lệ; đề nghị ghi một trong: "
        "viewer, agency, editor, admin.",
    ]
    assert roles.user_from_role_file("bien.tap@BACNINH.gov.vn", "Bình", path) == User(
        "bien.tap@bacninh.gov.vn", "editor", None, "Bình"
    )
    assert roles.user_from_role_file("so.tc@bacninh.gov.vn", None, path).agency_code == "SO-TC"
    # not listed, or a bad line: a viewer, never more
    assert roles.user_from_role_file("la@bacninh.gov.vn", None, path).role == "viewer"
    assert roles.user_from_role_file("ai@x.vn", None, tmp_path / "none.csv").role == "viewer"
