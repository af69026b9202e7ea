"""cli.py: argparse's English usage errors and help headings come out in Vietnamese."""

from __future__ import annotations

import pytest

from cli import VietnameseParser, translate_error


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("the following arguments are required: TỆP.xlsx", "thiếu TỆP.xlsx"),
        ("unrecognized arguments: --x 1", "không hiểu tham số --x 1"),
        (
            "ambiguous option: --d could match --db, --dry-run",
            "tùy chọn --d không rõ, có thể là --db, --dry-run",
        ),
        (
            "argument LỆNH: invalid choice: 'x' (choose from 'demo', 'ingest')",
            "không có lệnh 'x'; hãy chọn một trong 'demo', 'ingest'",
        ),
        ("argument --db: expected one argument", "--db cần một giá trị"),
        ("argument --db: expected at most one argument", "--db chỉ nhận một giá trị"),
        ("argument --json: ignored explicit argument '1'", "--json không nhận giá trị '1'"),
        ("argument --as-of: ngày «x» không hợp lệ", "--as-of: ngày «x» không hợp lệ"),
        ("something argparse may say one day", "tham số không hợp lệ"),
        ("argument --x: not allowed with argument --y", "không dùng --x cùng với --y"),
        ("argument --n: invalid int value: 'a'", "--n: giá trị 'a' không hợp lệ"),
        ("one of the arguments --a --b is required", "cần một trong các tham số --a --b"),
    ],
    ids=[
        "required",
        "unrecognized",
        "ambiguous",
        "invalid choice",
        "expected one",
        "at most one",
        "explicit value",
        "own type error",
        "unknown in general words",
        "not allowed with",
        "invalid value",
        "one of required",
    ],
)
def test_translate_error(english, vietnamese):
    assert translate_error(english) == vietnamese


def test_a_usage_error_prints_the_sentence_and_the_help_then_exits_2(capsys):
    parser = VietnameseParser(prog="lenh", description="Mô tả.")
    parser.add_argument("tep", metavar="TỆP", help="tệp cần đọc")
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args([])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == (
        "Lệnh không đúng cú pháp: thiếu TỆP. Đề nghị sửa lệnh theo cách dùng dưới đây.\n"
        "\n"
        "Cách dùng: lenh [-h] TỆP\n"
        "\n"
        "Mô tả.\n"
        "\n"
        "Tham số:\n"
        "  TỆP         tệp cần đọc\n"
        "\n"
        "Tùy chọn:\n"
        "  -h, --help  in hướng dẫn này rồi thoát\n"
    )
