"""The upload page's file picker: Streamlit's uploader, in Vietnamese, with the loader's limit.

Streamlit's front end writes its uploader's words in English and has no setting for another
language: the button ("Upload"), the limit ("25MB per file"), the size of each file chosen
("27.0MB") and, for a file it refuses before sending it, "File must be 25.0MB or smaller.".
A style block puts the Vietnamese words in their place (CSS `content`: Streamlit's own
elements are left as they are, only not shown), and the uploader's limit is the loader's, so
the one limit written on screen is the one that refuses a file. The block lives in the page
as an element, so it leaves with the page.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

import settings
from loaders.messages import SPLIT_LARGE_FILE
from ui.streamlit_words import css_string

PICK_FILES = "Chọn tệp"
LIMIT = "Mỗi tệp tối đa {limit} MB"
# An error on a file chosen is the front end's: larger than the limit, or its sending failed
# (the network, the proxy). The page never sees such a file, so this says both.
NOT_SENT = (
    "Tệp được đánh dấu đỏ chưa tải lên được. Mỗi tệp tối đa {limit} MB: nếu tệp lớn hơn mức "
    f"này, đề nghị {SPLIT_LARGE_FILE}; nếu không, đề nghị kiểm tra kết nối mạng rồi chọn lại "
    "tệp."
)
NOT_SENT_TIP = "Tệp này chưa tải lên được: xem thông báo dưới ô chọn tệp."

_UPLOADER = "[data-testid='stFileUploader']"
_DROPZONE = "[data-testid='stFileUploaderDropzone']"


def limit_mb() -> int:
    """The largest file the picker sends, in MB: the loader's limit (`DASHBOARD_MAX_UPLOAD_MB`),
    within Streamlit's own cap (`server.maxUploadSize`), above which its server refuses."""
    return min(settings.max_upload_mb(), int(st.get_option("server.maxUploadSize")))


def style(limit: int) -> str:
    """The style block that writes the uploader's words in Vietnamese, for a limit in MB."""
    not_sent = css_string(NOT_SENT.format(limit=limit))
    rules = (
        # the button: its English label hidden, the Vietnamese one in its font
        f"{_DROPZONE} button [data-testid='stMarkdownContainer'] p {{display: none}}",
        f"{_DROPZONE} button [data-testid='stMarkdownContainer']::after "
        f"{{content: {css_string(PICK_FILES)}}}",
        # the limit beside it
        f"{_DROPZONE} [data-testid='stFileUploaderDropzoneInstructions'] span {{display: none}}",
        f"{_DROPZONE} [data-testid='stFileUploaderDropzoneInstructions'] > div::after "
        f"{{content: {css_string(LIMIT.format(limit=limit))}; font-size: 0.875rem; "
        "opacity: 0.7}",
        # each file's size, which it writes "27.0MB"
        f"{_UPLOADER} [data-testid='stFileChipName'] + div {{display: none}}",
        # a file it refused or could not send: said below the picker, and its tooltip points there
        f"{_UPLOADER}:has([aria-invalid='true'])::after {{content: {not_sent}; display: block; "
        "margin-top: 0.5rem; font-size: 0.875rem; color: #b71c1c}",
        # the page's only error tooltip is the picker's (no other widget here has one)
        "[data-testid='stTooltipErrorContent'] {font-size: 0 !important}",
        f"[data-testid='stTooltipErrorContent']::after {{content: {css_string(NOT_SENT_TIP)}; "
        "font-size: 0.875rem}",
    )
    return "<style>" + "\n".join(rules) + "</style>"


def file_picker(label: str, key: str) -> list[UploadedFile]:
    """Files chosen by the user (several at once), with the words of the picker in Vietnamese."""
    limit = limit_mb()
    st.html(style(limit))
    return st.file_uploader(label, accept_multiple_files=True, key=key, max_upload_size=limit)
