"""Errors and warnings about an uploaded file: where (sheet, Excel row, column), what, and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Message:
    """One error or warning. `row` is the row number as Excel shows it; `message` is Vietnamese."""

    level: Level
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    agency_code: str | None = None

    @classmethod
    def error(cls, message: str, **where: Any) -> Message:
        """An error: the file will not be loaded."""
        return cls("error", message, **where)

    @classmethod
    def warning(cls, message: str, **where: Any) -> Message:
        """A warning: the file loads; the warning is kept with the upload."""
        return cls("warning", message, **where)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of interfaces.md: sheet, row, column, value, message."""
        data = asdict(self)
        data.pop("level")
        return data

    def describe(self) -> str:
        """One line for a terminal: «Biểu 01», dòng 12, cột «RAM (GB)»: message (giá trị: …)."""
        where = []
        if self.sheet:
            where.append(f"trang «{self.sheet}»")
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột «{self.column}»")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.value not in (None, ""):
            text += f" (giá trị: «{self.value}»)"
        return text
