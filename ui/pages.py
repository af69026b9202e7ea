"""The dashboard's pages in menu order: plain data, no Streamlit, so tools and benchmarks read it too.

Vietnamese titles, ASCII url paths (non-ASCII paths break the browser's Back button).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """One page: its file under views/, menu title, url path and Material icon."""

    path: str
    title: str
    url_path: str
    icon: str
    default: bool = False  # served at "/"
    # who sees it in the menu: everyone (None), "never" (reached by a link), or the name of a
    # permission of accounts/roles.py. The page checks the permission itself as well.
    shown_to: str | None = None


PAGES: tuple[Page, ...] = (
    Page("views/overview.py", "Tổng quan", "tong-quan", ":material/dashboard:", default=True),
    Page("views/progress.py", "Tiến độ theo đơn vị", "tien-do", ":material/table_chart:"),
    Page("views/roadmap.py", "Lộ trình", "lo-trinh", ":material/flag:"),
    Page("views/costs.py", "Chi phí và tiết kiệm", "chi-phi", ":material/payments:"),
    Page("views/systems.py", "Hệ thống và an toàn thông tin", "he-thong", ":material/security:"),
    Page("views/map.py", "Bản đồ", "ban-do", ":material/map:"),
    Page("views/upload.py", "Cập nhật dữ liệu", "cap-nhat", ":material/upload_file:"),
    Page("views/sign_in.py", "Đăng nhập", "dang-nhap", ":material/login:", shown_to="never"),
    Page(
        "views/accounts.py",
        "Tài khoản",
        "tai-khoan",
        ":material/manage_accounts:",
        shown_to="can_manage_accounts",
    ),
)
