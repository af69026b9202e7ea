"""Tài khoản (admins): the local accounts, adding one, a new password, disabling one.

Hidden from the menu for everyone else, and checked here too: the page is reachable by URL.
"""

import streamlit as st

from ui import auth, data, widgets

# the title first: a link opened before signing in still says which page it is
st.title("Tài khoản")
user = auth.require(auth.can_manage_accounts, "quản lý tài khoản")
auth.show_flash()

if auth.mode() != "local":
    st.info(
        "Người dùng đăng nhập qua cổng đăng nhập một lần của tỉnh; vai trò lấy theo địa chỉ thư "
        "điện tử trong tệp vai trò do Sở KH&CN cập nhật. Ai không có trong tệp chỉ được xem."
    )
    entries, problems = auth.role_file_frame()
    widgets.table(entries, max_height=420)
    for problem in problems:
        st.warning(auth.plain(problem))
    st.stop()

widgets.table(auth.accounts_frame(), max_height=420)
st.caption(
    "Vai trò: "
    + "; ".join(f"{auth.ROLE_LABELS[r]}: {auth.ROLE_DUTIES[r]}" for r in auth.ROLES)
    + "."
)

add, reset, disable = st.columns(3, gap="large")
with add, st.form("add_account", clear_on_submit=True):
    st.subheader("Thêm tài khoản")
    name = st.text_input("Tên đăng nhập", placeholder="nguyen.van.a")
    role = st.selectbox("Vai trò", auth.ROLES, format_func=auth.ROLE_LABELS.get, index=0)
    agencies = data.agency_labels()
    agency = st.selectbox(
        "Đơn vị (chỉ với vai trò Đơn vị)",
        list(agencies),
        format_func=agencies.get,
        index=None,
        placeholder="Chọn đơn vị",
    )
    email = st.text_input("Thư điện tử (không bắt buộc)")
    password = st.text_input("Mật khẩu", type="password")
    repeated = st.text_input("Nhập lại mật khẩu", type="password")
    if st.form_submit_button("Thêm tài khoản", type="primary"):
        refused = auth.add_account(user, name, role, password, repeated, agency, email)
        if refused:
            st.error(refused)
        else:
            auth.flash(f"Đã thêm tài khoản “{auth.plain(name.strip().lower())}”.")
            st.rerun()

names = auth.account_names(enabled_only=True)
with reset, st.form("reset_password", clear_on_submit=True):
    st.subheader("Đặt lại mật khẩu")
    chosen = st.selectbox("Tài khoản", names, index=None, placeholder="Chọn tài khoản")
    new_password = st.text_input("Mật khẩu mới", type="password")
    new_repeated = st.text_input("Nhập lại mật khẩu mới", type="password")
    if st.form_submit_button("Đặt mật khẩu mới"):
        refused = (
            "Đề nghị chọn tài khoản."
            if chosen is None
            else auth.reset_password(chosen, new_password, new_repeated)
        )
        if refused:
            st.error(refused)
        else:
            auth.flash(f"Đã đặt mật khẩu mới cho tài khoản “{auth.plain(chosen)}”.")
            st.rerun()

with disable, st.form("disable_account", clear_on_submit=True):
    st.subheader("Khóa tài khoản")
    st.caption("Tài khoản bị khóa không đăng nhập được nữa; các lần tải lên vẫn giữ tên.")
    target = st.selectbox(
        "Tài khoản cần khóa",
        [n for n in names if n != user.name],
        index=None,
        placeholder="Chọn tài khoản",
    )
    sure = st.checkbox("Tôi chắc chắn muốn khóa tài khoản này")
    if st.form_submit_button("Khóa tài khoản"):
        refused = (
            "Đề nghị chọn tài khoản và đánh dấu xác nhận."
            if target is None or not sure
            else auth.disable_account(user, target)
        )
        if refused:
            st.error(refused)
        else:
            auth.flash(f"Đã khóa tài khoản “{auth.plain(target)}”.")
            st.rerun()
