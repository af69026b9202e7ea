"""The glossary checker itself: it finds what the wording issue found, and passes clean text."""

from __future__ import annotations

import pytest

from tests.wording import is_vietnamese_syllable, problems


@pytest.mark.parametrize(
    "text",
    [
        "Tổng quan hợp nhất hạ tầng CNTT tỉnh Bắc Ninh",
        "Trung tâm dữ liệu (Bắc Ninh cũ)",
        "Chuyển lên Trung tâm dữ liệu quốc gia",
        "TTDL quốc gia",
        "nền tảng chia sẻ, tích hợp dữ liệu (NDXP/LGSP)",
        "Kết nối mạng truyền số liệu chuyên dùng",
        "Tỉnh trước hợp nhất",
        "Mỗi xã/phường một dòng",
        "Số máy chủ cần chuyển đổi",
        "Số liệu cập nhật đến 10:33 ngày 18/11/2026",
        "+3,1 điểm %",
        "Tỷ lệ hợp nhất 6,3 %",
        "Năm đưa vào sử dụng từ 1.990 đến 2.026",
        "Hạn gửi phương án 31/3/2026",
        "Cột «RAM (GB)»",
        "Ô tô màu cam là cột bắt buộc",
        "Hãy gỡ mật khẩu (File › Info › Protect Workbook)",
        "usage: python -m loaders",
        "Xem theo kỳ",
    ],
)
def test_what_the_review_found_is_caught(text):
    assert problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "Tổng quan hợp nhất hạ tầng thông tin, hạ tầng số tỉnh Bắc Ninh",
        "Trung tâm tích hợp dữ liệu tỉnh (TTTHDL)",
        "Chuyển lên Trung tâm Dữ liệu quốc gia",
        "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)",
        "Đã kết nối Mạng truyền số liệu chuyên dùng (TSLCD)",
        "Tỉnh cũ (trước sắp xếp)",
        "Máy chủ phải xử lý theo phương án",
        "Cập nhật lần cuối lúc 14:05 ngày 18/11/2026",
        "+3,1 điểm phần trăm; tỷ lệ 6,3%",
        "Năm đưa vào sử dụng từ 1990 đến 2026; 1.489 thiết bị",
        "Tỷ lệ đơn vị đã báo cáo trong kỳ; kỳ báo cáo 6 tháng cuối năm",
        "Đề nghị ghi mã xã, phường vào cột “Nơi đặt (mã xã/phường)” rồi gửi lại tệp .xlsx",
        "Ma don vi khong co trong danh muc",
        "Đề nghị mở tệp bằng Excel hoặc LibreOffice Calc, chọn Tệp › Lưu thành",
    ],
)
def test_clean_text_passes(text):
    assert problems(text) == []


@pytest.mark.parametrize("word", ["nghiêng", "khuỷu", "Quốc", "giữ", "tỷ", "TRƯỜNG", "oanh"])
def test_vietnamese_syllables(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["sheet", "file", "upload", "menu", "Browse", "required"])
def test_english_words_are_not_syllables(word):
    assert not is_vietnamese_syllable(word)
