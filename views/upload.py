"""Cập nhật dữ liệu: the blank template, upload and check, preview, load on confirm, history."""

import datetime as dt

import streamlit as st

import formats
from charts import upload as upload_tables
from ui import auth, data, widgets
from ui import upload as work
from ui.file_picker import file_picker
from ui.text import plain

NONCE = "upload_nonce"  # a new uploader (cleared) after each load
PREVIEW = "upload_preview"  # (what was checked, its preview): a rerun never checks again
OUTCOME = "upload_outcome"  # what the last load did, shown once after the rerun

st.title("Cập nhật dữ liệu")
widgets.freshness_line()

st.download_button(
    "Tải tệp mẫu biểu (.xlsx)",
    data=work.template_bytes,  # built when clicked, not on every rerun
    file_name="mau_bieu_hop_nhat_ha_tang.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    on_click="ignore",
)

user = auth.current_user()
may_upload, agencies = work.who_can_upload(user)
if not may_upload:
    if not auth.has_accounts():
        st.info(auth.no_accounts_message())
    elif user is None:
        st.info("Đề nghị đăng nhập bằng tài khoản được cấp để tải số liệu lên.")
        auth.sign_in_form()
    else:
        st.warning(
            "Tài khoản của bạn chỉ được xem số liệu. Đề nghị liên hệ Sở Khoa học và Công nghệ "
            "nếu cần tải số liệu lên."
        )
    st.stop()

if OUTCOME in st.session_state:
    level, text = st.session_state.pop(OUTCOME)
    getattr(st, level)(text)

scope = (
    "mọi đơn vị"
    if agencies is None
    else "đơn vị " + ", ".join(plain(code) for code in sorted(agencies))
)
st.caption(
    f"Tài khoản {plain(user.name)} tải số liệu của {scope}. Tệp được nhận biết theo nội dung "
    "(.xlsx của Excel hoặc LibreOffice, .ods, .xls), không theo tên. Kiểm tra trước, chưa ghi "
    "gì cho đến khi bấm “Nạp vào cơ sở dữ liệu”."
)


def _upload() -> None:
    """Choose files and a report date, see the check and the preview, load on confirm."""
    nonce = st.session_state.setdefault(NONCE, 0)
    left, right = st.columns([3, 1])
    with left:
        sent = file_picker("Chọn một hoặc nhiều tệp biểu mẫu", key=f"uploader-{nonce}")
    with right:
        report_date = st.date_input(
            "Ngày số liệu", value=dt.date.today(), format="DD/MM/YYYY", key=f"date-{nonce}"
        )

    if not sent:
        return

    files = [work.UploadedFile(f.name, f.getvalue()) for f in sent]
    checked = (tuple(f.sha256 for f in files), report_date, user.name, data.data_version())
    if st.session_state.get(PREVIEW, (None,))[0] != checked:
        with st.spinner("Đang kiểm tra tệp…"):
            shown = work.preview(
                files, report_date, uploaded_by=user.name, allowed_agencies=agencies
            )
        st.session_state[PREVIEW] = (checked, shown)
    shown = st.session_state[PREVIEW][1]

    st.subheader("Kết quả kiểm tra")
    for file, result in zip(files, shown.results, strict=True):
        if result.unchanged:
            icon, verdict = (
                ":material/check_circle:",
                "đã nạp với cùng nội dung, không có gì thay đổi",
            )
        elif result.loaded:
            icon, verdict = ":material/check_circle:", "hợp lệ, sẵn sàng nạp"
        else:
            icon, verdict = ":material/error:", "có lỗi, chưa nạp được"
        with st.expander(f"{plain(file.name)}: {verdict}", icon=icon, expanded=not result.loaded):
            forms = ", ".join(upload_tables.FORM_CODES[f] for f in result.forms) or formats.MISSING
            st.markdown(
                f"Biểu: {forms} · Số dòng: {formats.format_number(result.rows_read)} · Đơn vị: "
                f"{plain(', '.join(result.agencies) or formats.MISSING)} · Lỗi: "
                f"{formats.format_number(len(result.errors))} · Cảnh báo: "
                f"{formats.format_number(len(result.warnings))}"
            )
            messages = [m.__dict__ for m in result.errors + result.warnings]
            if messages:
                widgets.table(
                    upload_tables.message_table(messages),
                    max_height=360,
                    key=f"messages-{file.sha256}",
                )
                st.download_button(
                    "Tải phiếu phản hồi (.xlsx)",
                    data=lambda file=file, result=result: work.feedback(file, result),
                    file_name=f"phieu_phan_hoi_{file.sha256[:8]}.xlsx",
                    help="Tệp của đơn vị, ô lỗi tô đỏ, cảnh báo tô vàng, kèm danh sách ở trang đầu.",
                    icon=":material/assignment_return:",
                    on_click="ignore",
                    key=f"feedback-{file.sha256}",
                )

    if shown.loadable:
        st.subheader("Thay đổi khi nạp")
        st.caption(
            f"So với số liệu hiện có tại ngày số liệu {formats.format_date(report_date)}: biểu được "
            "thêm mới hoặc thay thế, thiết bị thêm, bớt hoặc đổi hiện trạng."
        )
        widgets.table(upload_tables.change_table(shown.changes), max_height=400, key="changes")
        widgets.table(upload_tables.headline_table(shown.headline), key="headline")
        loading = sum(1 for r in shown.results if r.loaded and not r.unchanged)
        if st.button(
            f"Nạp vào cơ sở dữ liệu ({formats.format_number(loading)} tệp)",
            type="primary",
            icon=":material/upload:",
        ):
            try:
                with st.spinner("Đang nạp…"):
                    results = work.load_files(
                        files, report_date, uploaded_by=user.name, allowed_agencies=agencies
                    )
            except work.LoadBusy as exc:
                st.error(str(exc))
                st.stop()
            loaded = [r for r in results if r.loaded and not r.unchanged]
            rows = sum(r.rows_loaded for r in loaded)
            text = (
                f"Đã nạp {formats.format_number(len(loaded))} tệp, "
                f"{formats.format_number(rows)} dòng, ngày số liệu "
                f"{formats.format_date(report_date)}. Mọi trang đã hiển thị số liệu mới."
            )
            # a file the check found valid but the load refused (the archive, the database)
            checked_ok = {r.sha256 for r in shown.results if r.loaded and not r.unchanged}
            failed = [r for r in results if not r.loaded and r.sha256 in checked_ok]
            for result in failed:
                reason = result.errors[0].message if result.errors else ""
                text += f" Tệp “{plain(result.file_name)}” chưa nạp được: {plain(reason)}"
            st.session_state[OUTCOME] = ("error" if failed else "success", text)
            st.session_state[NONCE] = nonce + 1
            st.session_state.pop(PREVIEW, None)
            st.rerun()
    elif all(r.unchanged for r in shown.results):
        st.info("Các tệp đã được nạp với cùng nội dung cho ngày số liệu này: không có gì để nạp.")
    else:
        st.warning(
            "Chưa có tệp nào nạp được. Đề nghị sửa các lỗi (tải phiếu phản hồi để gửi lại đơn vị) "
            "rồi tải tệp lên lại."
        )


def _history() -> None:
    """Every upload (an agency account: its own), and for DST a roll-back."""
    own = None if agencies is None else next(iter(sorted(agencies)), None)
    if agencies is None:  # DST: which version of data/*.csv the figures use
        st.caption(upload_tables.reference_line(data.reference_status()))
    history = data.upload_history(own)
    if history.height == 0:
        st.info("Chưa có lần tải lên nào.")
        return
    widgets.table(upload_tables.history_table(history), max_height=480, key="history")
    uploads = upload_tables.upload_choice(history)
    chosen_upload = st.selectbox(
        "Xem chi tiết một lần tải lên",
        list(uploads),
        format_func=uploads.get,  # plain text, never Markdown
        key=f"upload-detail-{max(uploads)}",
    )
    detail = next(r for r in history.to_dicts() if r["upload_id"] == chosen_upload)
    if detail["messages"]:
        widgets.table(
            upload_tables.message_table(detail["messages"]),
            max_height=300,
            key=f"upload-messages-{chosen_upload}",
        )
    else:
        st.caption("Lần tải lên này không có lỗi hay cảnh báo nào.")
    if detail["status"] != "rejected":  # only accepted files are kept in the archive
        st.download_button(
            "Tải tệp đã lưu trong kho",
            data=lambda sha=detail["sha256"]: work.archived_file(sha),
            file_name=detail["file_name"],
            icon=":material/download:",
            on_click="ignore",
            key=f"archived-{chosen_upload}",
        )
    if not work.can_roll_back(user):
        return
    choices = upload_tables.rollback_choice(history)
    if not choices:
        return
    st.markdown("**Hoàn tác một lần nạp**")
    st.caption(
        "Xóa số liệu của lần nạp và khôi phục đúng số liệu mà lần nạp đó đã thay thế. Chỉ hoàn "
        "tác được lần nạp mà chưa có lần nạp sau nào thay thế một phần số liệu của nó."
    )
    chosen = st.selectbox(
        "Lần nạp",
        list(choices),
        format_func=choices.get,  # an option is shown as plain text, never as Markdown
        key=f"rollback-choice-{max(choices)}",  # the newest load is offered after each load
    )
    sure = st.checkbox("Tôi đã kiểm tra và muốn hoàn tác lần nạp này", key="rollback-sure")
    if st.button("Hoàn tác", disabled=not sure, icon=":material/undo:"):
        try:
            with st.spinner("Đang hoàn tác…"):
                done = work.roll_back(chosen, rolled_back_by=user.name)
        except (work.RollbackRefused, work.LoadBusy) as exc:
            st.error(str(exc))
            return
        st.session_state[OUTCOME] = (
            "success",
            f"Đã hoàn tác lần nạp số {done.upload_id}: xóa "
            f"{formats.format_number(done.rows_removed)} dòng, khôi phục "
            f"{formats.format_number(done.rows_restored)} dòng.",
        )
        st.rerun()


upload_tab, history_tab = st.tabs(["Tải lên và kiểm tra", "Lịch sử tải lên"])
with history_tab:
    _history()
with upload_tab:
    _upload()
