"""Đăng nhập: the sign-in of the mode in force, or, once signed in, who you are and sign-out."""

import streamlit as st

from ui import auth

st.title("Đăng nhập")
user = auth.current_user()
if user is None:
    st.caption(
        "Đăng nhập để tải lên biểu mẫu, hoàn tác hoặc quản lý tài khoản theo vai trò được giao."
    )
    auth.sign_in_form()
else:
    agency = f", đơn vị {user.agency_code}" if user.agency_code else ""
    st.success(f"Đã đăng nhập: {auth.plain(user.name)} ({user.role_label}{agency}).")
    st.caption(f"Vai trò này được: {auth.ROLE_DUTIES[user.role]}.")
    if auth.mode() != "proxy" and st.button("Đăng xuất", key="page_sign_out"):
        auth.sign_out()
