"""ui/file_picker.py: the limit the picker writes and enforces, and its words in the style."""

from __future__ import annotations

import pytest

from ui import file_picker


@pytest.mark.parametrize(
    ("loader_mb", "cap_mb", "expected"),
    [("20", 25, 20), ("20.5", 25, 20), ("40", 25, 25), ("0.1", 25, 1)],
)
def test_the_limit_is_the_loaders_within_streamlits_cap(monkeypatch, loader_mb, cap_mb, expected):
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", loader_mb)
    monkeypatch.setattr(file_picker.st, "get_option", {"server.maxUploadSize": cap_mb}.get)
    assert file_picker.limit_mb() == expected


def test_the_style_writes_every_word_in_vietnamese_with_the_limit():
    css = file_picker.style(20)
    assert css.startswith("<style>") and css.endswith("</style>")
    assert 'content: "Chọn tệp"' in css
    assert 'content: "Mỗi tệp tối đa 20 MB"' in css
    assert f'content: "{file_picker.NOT_SENT.format(limit=20)}"' in css
    assert f'content: "{file_picker.NOT_SENT_TIP}"' in css
