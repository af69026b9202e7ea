"""Parse and validate the rows of each form against every rule of spec/forms.md.

Works column by column with Polars expressions (no Python loop over rows), then turns
each violated rule into messages that name the sheet, the Excel row, the column as
written in the file and the value. Errors block the load; warnings do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from formats import format_number
from loaders import encodings, parse
from loaders import messages as say
from loaders.forms import CHANGE_PLANS, DONE_STATUSES, MIGRATED_STAGES, Column, Form
from loaders.messages import Message
from loaders.reader import CELL_IS_NUMBER, ROW, FormSheet
from vocabulary import SERVER_TYPES

SHEET = "source_sheet"
SOURCE_ROW = "source_row"
RAW = "__raw"  # suffix of the raw text kept for messages
BAD = "__bad"  # suffix: the cell could not be read
NOT_KNOWN = "__nk"  # suffix: "-", "Chưa có dữ liệu": read as blank, with a warning
DOT = "__dot"  # suffix: a decimal point instead of the Vietnamese comma
SHARED = "__shared"  # suffix: a commune name several communes share (who they are)
LEGACY = "__legacy"  # suffix: the message for text typed in TCVN3 or VNI (null: Unicode)
FREE_TEXT = ("text", "ignore")
INT_MAX = (
    2**31 - 1
)  # the largest whole number a column of kind int or year stores  # kinds whose text is stored as typed, never looked up
# What each kind parses to (integers stay Float64 until the integer rule has run).
PARSED_TYPES = {
    "int": pl.Float64,
    "year": pl.Float64,
    "number": pl.Float64,
    "date": pl.Date,
    "yesno": pl.Boolean,
}


@dataclass(frozen=True)
class References:
    """What codes may refer to: the agencies and communes of the reference tables."""

    agency_codes: frozenset[str]
    commune_codes: frozenset[str]
    commune_names: dict[str, str]  # folded name (with and without Xã/Phường) → code
    known_assets: frozenset[tuple[str, str]]  # (agency, asset code) ever reported
    # a folded name two communes or more share → those communes, "Phường X (mã 09187), …"
    shared_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        agencies: pl.DataFrame,
        communes: pl.DataFrame,
        known_assets: frozenset[tuple[str, str]] = frozenset(),
    ) -> References:
        """From the agencies and communes frames (codes as text)."""
        codes_by_name: dict[str, set[str]] = {}
        full_names: dict[str, str] = {}
        for code, name, full_name in communes.select("code", "name", "full_name").iter_rows():
            full_names[code] = full_name
            for key in {parse.fold(name), parse.fold(full_name)} | _with_prefixes(name):
                codes_by_name.setdefault(key, set()).add(code)
        # a name two communes share must be given by code: the message names them
        shared = {
            key: ", ".join(f"{full_names[code]} (mã {code})" for code in sorted(codes))
            for key, codes in codes_by_name.items()
            if len(codes) > 1
        }
        return cls(
            frozenset(agencies["agency_code"].str.to_uppercase()),
            frozenset(communes["code"]),
            {key: next(iter(codes)) for key, codes in codes_by_name.items() if len(codes) == 1},
            known_assets,
            shared,
        )


def _with_prefixes(name: str) -> set[str]:
    # 12 xã became phường on 20/9/2026: accept either word before any name
    return {parse.fold(f"{prefix} {name}") for prefix in ("Xã", "Phường", "Thị trấn")}


# -- one sheet: parse every cell -----------------------------------------------------------


def _parse_column(
    column: Column,
    raw: pl.Expr,
    dtype: pl.DataType,
    refs: References,
    has_cell_flag: bool,
    date_1904: bool = False,
    legacy: dict[str, str] | None = None,
) -> list[pl.Expr]:
    """Expressions for the parsed value and the flags of one column.

    `legacy` maps each raw text typed in TCVN3 or VNI to its message (`legacy_messages`).
    """
    name = column.name
    text = parse.clean_text(raw)
    not_known = pl.lit(False)
    dot = pl.lit(False)
    extra: list[pl.Expr] = []
    kind = column.kind
    if kind in ("text", "ignore"):
        value, bad = text, pl.lit(False)
    elif kind == "agency":
        value = text.str.to_uppercase()
        bad = value.is_not_null() & ~value.is_in(sorted(refs.agency_codes))
    elif kind == "commune":
        digits = text.str.replace(r"\.0+$", "").str.replace_all(r"\s", "")
        by_code = pl.when(digits.str.contains(r"^\d{1,5}$")).then(digits.str.zfill(5))
        folded = parse.fold_expr(text)
        by_name = folded.replace_strict(refs.commune_names, default=None, return_dtype=pl.String)
        value = pl.coalesce(by_code.otherwise(None), by_name)
        value = pl.when(value.is_in(sorted(refs.commune_codes))).then(value).otherwise(None)
        bad = text.is_not_null() & value.is_null()
        shared = folded.replace_strict(refs.shared_names, default=None, return_dtype=pl.String)
        extra.append(shared.alias(name + SHARED))
    elif kind == "enum":
        assert column.choices is not None
        value = parse.enum_from_text(text, column.choices)
        bad = text.is_not_null() & value.is_null()
    elif kind in ("int", "year", "number"):
        value, bad, not_known, dot = _parse_number(name, raw, dtype, has_cell_flag)
    elif kind == "date":
        value, bad, not_known = _parse_date(raw, dtype, date_1904)
    elif kind == "yesno":
        value, bad, not_known = _parse_yes_no(raw, dtype)
    else:  # pragma: no cover - every kind of forms.py is handled above
        raise ValueError(kind)
    if legacy:
        legacy_message = raw.cast(pl.String).replace_strict(
            legacy, default=None, return_dtype=pl.String
        )
    else:
        legacy_message = pl.lit(None, pl.String)
    return [
        value.alias(name),
        as_shown(raw, dtype).alias(name + RAW),
        bad.fill_null(False).alias(name + BAD),
        not_known.fill_null(False).alias(name + NOT_KNOWN),
        dot.fill_null(False).alias(name + DOT),
        legacy_message.alias(name + LEGACY),
        *extra,
    ]


def legacy_messages(column: Column, values: pl.Series, refs: References) -> dict[str, str]:
    """The texts of a column that look typed in TCVN3 or VNI → the message for each.

    A vectorised filter keeps only the texts holding a letter Vietnamese never uses (or a
    VNI pair), so the check in Python (loaders/encodings.py) runs on a handful of values.
    In a column read against a list (yes/no, a list, a commune's name), an unreadable text
    that reads as one of the list once converted is said to be legacy text too: TCVN3's
    "Cã" is "Có", though "Cã" alone looks like Unicode.
    """
    if values.dtype != pl.String:
        return {}
    distinct = values.drop_nulls().unique()
    known = _known_values(column, refs)
    pattern = encodings.MARKER_PATTERN if known is None else r"[^\x00-\x7f]"
    candidates = distinct.filter(distinct.str.contains(pattern)).head(10_000)
    template = say.LEGACY_ENCODING_TEXT if column.kind in FREE_TEXT else say.LEGACY_ENCODING_VALUE
    found: dict[str, str] = {}
    for text in candidates.to_list():
        reading = encodings.legacy_reading(text)
        if reading is None and known is not None and parse.fold(text) not in known:
            reading = next(
                (
                    (encoding, converted)
                    for encoding in ("TCVN3", "VNI")
                    if (converted := encodings.convert(text, encoding)) != text
                    and parse.fold(converted) in known
                ),
                None,
            )
        if reading is not None:
            encoding, converted = reading
            found[text] = template.format(
                encoding=say.ENCODING_NAMES[encoding], reading=converted.strip()
            )
    return found


def _known_values(column: Column, refs: References) -> frozenset[str] | None:
    """The folded texts a column reads against a list, or None for a column without one."""
    if column.kind == "yesno":
        return frozenset(parse.YES + parse.NO)
    if column.kind == "enum" and column.choices:
        return frozenset(parse.choice_lookup(column.choices))
    if column.kind == "commune":
        return frozenset(refs.commune_names) | frozenset(refs.shared_names)
    return None


def as_shown(raw: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A cell's value as a Vietnamese reader sees it, for messages: 150, 12,5, 15/03/2026."""
    if dtype.is_numeric():
        whole = raw.cast(pl.Float64) == raw.cast(pl.Float64).floor()
        return (
            pl.when(whole)
            .then(raw.cast(pl.Int64, strict=False).cast(pl.String))  # null past 2^63
            .otherwise(None)
            .fill_null(raw.cast(pl.String).str.replace(".", ",", literal=True))
        )
    if dtype.is_temporal():
        return raw.dt.strftime("%d/%m/%Y")
    return raw.cast(pl.String)


def _parse_number(name: str, raw: pl.Expr, dtype: pl.DataType, has_cell_flag: bool):
    if dtype.is_numeric():
        number = raw.cast(pl.Float64)
        # NaN and infinity are no figure (no cell holds one, but a reader may hand one over)
        finite = number.is_finite()
        return pl.when(finite).then(number), ~finite, pl.lit(False), pl.lit(False)
    text = parse.clean_text(raw.cast(pl.String))
    not_known = parse.is_not_known(text)
    is_cell_number = pl.col(name + CELL_IS_NUMBER) if has_cell_flag else pl.lit(False)
    value = (
        pl.when(is_cell_number)
        .then(text.cast(pl.Float64, strict=False))
        .when(not_known)
        .then(None)
        .otherwise(parse.number_from_text(text))
    )
    value = pl.when(value.is_finite()).then(value)  # "1e999" in a numeric cell is infinite
    bad = text.is_not_null() & value.is_null() & ~not_known
    if dtype == pl.Boolean or dtype.is_temporal():
        bad = raw.is_not_null()
    dot = ~is_cell_number & parse.has_dot_decimal(text.fill_null(""))
    return value, bad, not_known, dot


def _parse_date(raw: pl.Expr, dtype: pl.DataType, date_1904: bool = False):
    if dtype == pl.Date:
        return raw, pl.lit(False), pl.lit(False)
    if dtype.is_temporal():
        return raw.cast(pl.Date), pl.lit(False), pl.lit(False)
    if dtype.is_numeric():
        value = parse.date_from_serial(raw, date_1904)
        return value, raw.is_not_null() & value.is_null(), pl.lit(False)
    text = parse.clean_text(raw.cast(pl.String))
    not_known = parse.is_not_known(text)
    value = pl.when(not_known).then(None).otherwise(parse.date_from_text(text, date_1904))
    return value, text.is_not_null() & value.is_null() & ~not_known, not_known


def _parse_yes_no(raw: pl.Expr, dtype: pl.DataType):
    if dtype == pl.Boolean:
        return raw.fill_null(False), pl.lit(False), pl.lit(False)
    if dtype.is_numeric():
        value = pl.when(raw == 1).then(True).when(raw == 0).then(False).otherwise(None)
        return value.fill_null(False), raw.is_not_null() & value.is_null(), pl.lit(False)
    text = parse.clean_text(raw.cast(pl.String))
    value = parse.yes_no_from_text(text)
    dash = parse.is_dash(text)  # not known: No, with a warning
    return value.fill_null(False), text.is_not_null() & value.is_null() & ~dash, dash


def parse_sheet(sheet: FormSheet, refs: References) -> tuple[pl.DataFrame | None, list[Message]]:
    """Parse one form sheet; None when a required column is missing (the sheet cannot be read)."""
    form = sheet.form
    messages: list[Message] = []
    missing = [c for c in form.data_columns if c.required and c.name not in sheet.columns]
    for column in missing:
        messages.append(
            Message.error(
                say.COLUMN_MISSING.format(column=column.header, form=form.code),
                sheet=sheet.sheet,
                row=sheet.header_row,
                column=column.header,
            )
        )
    if missing:
        return None, messages
    frame = sheet.frame
    parts: list[pl.DataFrame] = []
    for column in form.data_columns:
        if column.name not in frame.columns:
            # with a column beside them, the literals take the frame's height
            parts.append(frame.select(pl.col(ROW), *_absent_column(column)).drop(ROW))
            continue
        dtype = frame.schema[column.name]
        has_flag = column.name + CELL_IS_NUMBER in frame.columns
        legacy = legacy_messages(column, frame[column.name], refs)
        exprs = _parse_column(
            column, pl.col(column.name), dtype, refs, has_flag, sheet.date_1904, legacy
        )
        # in a mixed number column a value means one thing typed as text, another as a
        # number cell ("1.536", 1.536): there each distinct pair of the two is parsed once
        keys = [column.name, column.name + CELL_IS_NUMBER] if has_flag else [column.name]
        if dtype == pl.String and (
            column.kind in LOW_CARDINALITY
            or frame.n_unique(subset=keys) * 2 < frame.height  # models, systems, notes, costs
        ):
            parts.append(_parse_by_unique_value(frame, keys, exprs))
        else:
            parts.append(frame.select(exprs))
    parsed = pl.concat(parts, how="horizontal").with_columns(
        pl.lit(sheet.sheet).alias(SHEET), frame[ROW].cast(pl.Int32).alias(SOURCE_ROW)
    )
    return parsed, messages


# Columns whose values repeat a lot (codes from a list, labels, Có/Không, dates): each
# distinct value is parsed once and joined back, which is 10–30 times faster on big files.
LOW_CARDINALITY = ("agency", "commune", "enum", "yesno", "date")


def _parse_by_unique_value(
    frame: pl.DataFrame, keys: list[str], exprs: list[pl.Expr]
) -> pl.DataFrame:
    """`exprs` over each distinct combination of the `keys` columns, joined back row by row."""
    joined = [f"__key{i}" for i in range(len(keys))]
    renamed = [pl.col(key).alias(name) for key, name in zip(keys, joined, strict=True)]
    lookup = frame.select(keys).unique().select(*renamed, *exprs)
    return (
        frame.select(renamed)
        .join(lookup, on=joined, how="left", nulls_equal=True, maintain_order="left")
        .drop(joined)
    )


def _absent_column(column: Column) -> list[pl.Expr]:
    """A column the sheet does not have: blank (No, for a yes/no column)."""
    if column.kind == "yesno":
        empty = pl.lit(False)
    else:
        empty = pl.lit(None, PARSED_TYPES.get(column.kind, pl.String))
    return [
        empty.alias(column.name),
        pl.lit(None, pl.String).alias(column.name + RAW),
        *(pl.lit(False).alias(column.name + s) for s in (BAD, NOT_KNOWN, DOT)),
        pl.lit(None, pl.String).alias(column.name + LEGACY),
        *(
            [pl.lit(None, pl.String).alias(column.name + SHARED)]
            if column.kind == "commune"
            else []
        ),
    ]


# -- rules over parsed rows ----------------------------------------------------------------


class _Collector:
    """Turns boolean rules over parsed rows into messages naming each offending cell.

    Rules are gathered first and evaluated together in one pass over the rows (one
    parallel select instead of a scan per rule), then only the rows a rule hits are read.
    """

    def __init__(self, rows: pl.DataFrame, form: Form, headers: dict[tuple[str, str], str]):
        self.rows = rows
        self.form = form
        self.headers = headers  # (sheet, machine name) → header as written
        self._rules: list[tuple[str, pl.Expr, str | None, pl.Expr, pl.Expr]] = []

    def add(
        self,
        level: str,
        condition: pl.Expr,
        column: str | None,
        message: str | pl.Expr,
        value: pl.Expr | None = None,
    ) -> None:
        """Add a rule: one message per row where `condition` holds."""
        if value is None:
            value = pl.col(column + RAW) if column else pl.lit(None, pl.String)
        message_expr = message if isinstance(message, pl.Expr) else pl.lit(message)
        self._rules.append((level, condition.fill_null(False), column, message_expr, value))

    def collect(self) -> list[Message]:
        """Every message of every rule, in the order the rules were added."""
        hits = self.rows.select(
            rule[1].alias(f"rule_{index}") for index, rule in enumerate(self._rules)
        )
        messages: list[Message] = []
        for index, (level, _condition, column, message, value) in enumerate(self._rules):
            mask = hits[f"rule_{index}"]
            if not mask.any():
                continue
            offending = self.rows.filter(mask).select(
                pl.col(SHEET),
                pl.col(SOURCE_ROW),
                pl.col("agency_code"),
                value.cast(pl.String).alias("value"),
                message.alias("message"),
            )
            fallback = self.form.column(column).header if column else None
            make = Message.error if level == "error" else Message.warning
            for sheet, row, agency, raw_value, text in offending.iter_rows():
                header = self.headers.get((sheet, column), fallback) if column else None
                messages.append(
                    make(
                        text,
                        sheet=sheet,
                        row=row,
                        column=header,
                        value=raw_value,
                        agency_code=agency,
                    )
                )
        return messages


def _cell_rules(out: _Collector, form: Form, report_date: date) -> None:
    """Rules on single cells: readable, required, known, in range."""
    for column in form.data_columns:
        name = column.name
        readable = {
            "agency": say.AGENCY_UNKNOWN,
            "commune": say.COMMUNE_UNKNOWN,
            "enum": say.CHOICE_UNKNOWN.format(
                choices="; ".join(f"“{label}”" for label in (column.choices or {}).values())
            ),
            "date": say.DATE_UNREADABLE,
            "yesno": say.YES_NO_UNREADABLE,
        }.get(column.kind, say.NUMBER_UNREADABLE)
        legacy = pl.col(name + LEGACY)
        # text typed in TCVN3 or VNI: said so instead of "unreadable" where it cannot be read,
        # a warning in free text (stored as typed, as forms.md takes any text)
        bad = pl.col(name + BAD) & legacy.is_null()
        if column.kind in FREE_TEXT:
            out.add("warning", legacy.is_not_null(), name, legacy)
        else:
            out.add("error", pl.col(name + BAD) & legacy.is_not_null(), name, legacy)
        if column.kind == "commune":
            shared = pl.col(name + SHARED)
            out.add("error", bad & shared.is_null(), name, readable)
            out.add(
                "error",
                bad & shared.is_not_null(),
                name,
                say.as_expr(say.COMMUNE_SHARED, communes=shared),
            )
        else:
            out.add("error", bad, name, readable)
        if column.required:
            out.add(
                "error",
                pl.col(name).is_null() & ~pl.col(name + BAD),
                name,
                say.REQUIRED_BLANK.format(column=column.header),
            )
        elif column.kind in ("int", "year", "number", "date", "yesno"):
            read_as = say.NOT_KNOWN_AS_NO if column.kind == "yesno" else say.NOT_KNOWN_AS_BLANK
            out.add("warning", pl.col(name + NOT_KNOWN), name, read_as)
        out.add(
            "warning",
            pl.col(name + DOT),
            name,
            say.DOT_AS_DECIMAL,
        )
        if column.kind in ("int", "year"):
            out.add("error", pl.col(name) != pl.col(name).round(0), name, say.NOT_WHOLE)
        low = column.minimum
        high = report_date.year if column.kind == "year" else column.maximum
        if low is not None and high is not None:
            out.add(
                "error",
                (pl.col(name) < low) | (pl.col(name) > high),
                name,
                say.OUT_OF_RANGE.format(low=_bound(column, low), high=_bound(column, high)),
            )
        elif low is not None:
            out.add(
                "error", pl.col(name) < low, name, say.BELOW_MINIMUM.format(low=_bound(column, low))
            )
        if column.kind in ("int", "year") and high is None:
            # counts are stored as 32-bit integers: a larger one would be stored blank
            out.add(
                "error",
                pl.col(name) > INT_MAX,
                name,
                say.NUMBER_TOO_LARGE.format(high=format_number(INT_MAX, 0)),
            )


def _bound(column: Column, number: float) -> str:
    """A bound as the message writes it: 1.000.000 with separators, a year never (1990)."""
    if column.kind == "year":
        return str(int(number))
    return format_number(number, 0 if float(number).is_integer() else 1)


def _duplicates(out: _Collector, code: str, label: str) -> None:
    """A code used twice by one agency in this file's snapshot."""
    # where the code first appears, worked out before the rule keeps only the duplicates
    out.rows = out.rows.with_columns(
        pl.col(SHEET).first().over("agency_code", code).alias(f"__first_sheet_{code}"),
        pl.col(SOURCE_ROW).first().over("agency_code", code).alias(f"__first_row_{code}"),
    )
    duplicate = (
        pl.col(code).is_not_null()
        & pl.col("agency_code").is_not_null()
        & (pl.int_range(pl.len()).over("agency_code", code) > 0)
    )
    out.add(
        "error",
        duplicate,
        code,
        say.as_expr(
            say.CODE_REPEATED,
            label=label,
            first_sheet=pl.col(f"__first_sheet_{code}"),
            first_row=pl.col(f"__first_row_{code}"),
        ),
    )


def _inventory_rules(out: _Collector, report_date: date) -> None:
    in_use = pl.col("status").is_in(["active", "idle"])
    out.add(
        "warning",
        in_use & (pl.col("annual_cost_vnd").fill_null(0) == 0),
        "annual_cost_vnd",
        say.NO_OPERATING_COST,
    )
    active_server = (pl.col("status") == "active") & pl.col("asset_type").is_in(SERVER_TYPES)
    out.add(
        "warning",
        active_server & (pl.col("utilization_pct") == 0),
        "utilization_pct",
        say.ZERO_UTILIZATION,
    )
    out.add(
        "warning",
        (pl.col("asset_type") == "physical_server") & (pl.col("cpu_cores") == 0),
        "cpu_cores",
        say.ZERO_CPU_CORES,
    )
    out.add(
        "warning",
        (pl.col("plan") == "keep") & pl.col("note").is_null(),
        "plan",
        say.KEEP_WITHOUT_REASON,
    )
    out.add(
        "warning",
        pl.col("status").is_in(DONE_STATUSES)
        & (pl.col("plan").is_null() | ~pl.col("plan").is_in(CHANGE_PLANS)),
        "status",
        say.DONE_WITHOUT_PLAN,
    )
    out.add(
        "warning",
        in_use & (pl.col("target_date") < report_date),
        "target_date",
        say.PAST_TARGET_DATE,
    )


def _plan_rules(out: _Collector) -> None:
    once = pl.col("agency_code").is_not_null() & (pl.int_range(pl.len()).over("agency_code") > 0)
    out.rows = out.rows.with_columns(
        pl.col(SHEET).first().over("agency_code").alias("__first_sheet"),
        pl.col(SOURCE_ROW).first().over("agency_code").alias("__first_row"),
    )
    out.add(
        "error",
        once,
        "agency_code",
        say.as_expr(
            say.PLAN_ROW_REPEATED,
            first_sheet=pl.col("__first_sheet"),
            first_row=pl.col("__first_row"),
        ),
    )
    out.add(
        "error",
        pl.col("submitted_on").is_null()
        & ~pl.col("submitted_on" + BAD)
        & pl.col("plan_status").is_not_null()
        & (pl.col("plan_status") != "not_submitted"),
        "submitted_on",
        say.SUBMITTED_ON_MISSING,
    )
    parts = ["servers_eliminate", "servers_consolidate", "servers_cloud", "servers_keep"]
    total = pl.sum_horizontal(pl.col(p).fill_null(0) for p in parts)
    mismatch = total != pl.col("servers_total").fill_null(0)
    out.add(
        "error",
        mismatch,
        "servers_total",
        say.as_expr(
            say.SERVER_COUNTS_MISMATCH,
            parts=_whole_number(total),
            total=_whole_number(pl.col("servers_total").fill_null(0)),
        ),
    )


def _whole_number(expr: pl.Expr) -> pl.Expr:
    """A count as text for a message: 12, or as it is when no 64-bit integer holds it."""
    return expr.cast(pl.Int64, strict=False).cast(pl.String).fill_null(expr.cast(pl.String))


def _migration_rules(
    out: _Collector, report_date: date, refs: References, file_assets: pl.DataFrame
) -> None:
    out.add(
        "error",
        pl.col("stage").is_in(MIGRATED_STAGES)
        & pl.col("done_date").is_null()
        & ~pl.col("done_date" + BAD),
        "done_date",
        say.DONE_DATE_MISSING,
    )
    out.add(
        "warning",
        pl.col("done_date") > report_date,
        "done_date",
        say.DONE_AFTER_REPORT_DATE,
    )
    known = (
        pl.concat(
            [
                pl.DataFrame(
                    sorted(refs.known_assets),
                    orient="row",
                    schema={"agency_code": pl.String, "asset_code": pl.String},
                ),
                file_assets,
            ]
        )
        .unique()
        .with_columns(pl.lit(True).alias("__known"))
    )
    out.rows = out.rows.join(
        known,
        left_on=["agency_code", "source_asset_code"],
        right_on=["agency_code", "asset_code"],
        how="left",
        maintain_order="left",
    )
    unknown = pl.col("__known").is_null()
    out.add(
        "warning",
        pl.col("source_asset_code").is_not_null() & unknown,
        "source_asset_code",
        say.SOURCE_ASSET_UNKNOWN,
    )


def validate_form(
    form: Form,
    sheets: list[tuple[FormSheet, pl.DataFrame]],
    report_date: date,
    refs: References,
    file_assets: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, list[Message]]:
    """Check every rule of one form over all its sheets in the file (one snapshot per agency).

    Returns the rows as they will be stored (columns of the form's table, plus where each
    row came from) and the messages.
    """
    rows = pl.concat([parsed for _, parsed in sheets], how="vertical_relaxed")
    headers = {
        (sheet.sheet, name): header for sheet, _ in sheets for name, header in sheet.columns.items()
    }
    out = _Collector(rows, form, headers)
    _cell_rules(out, form, report_date)
    if form.unique_code is not None:
        _duplicates(out, form.unique_code, form.column(form.unique_code).header)
    if form.key == "inventory":
        _inventory_rules(out, report_date)
    elif form.key == "plans":
        _plan_rules(out)
    else:
        empty = pl.DataFrame(schema={"agency_code": pl.String, "asset_code": pl.String})
        _migration_rules(out, report_date, refs, file_assets if file_assets is not None else empty)
    stored = rows.select(
        *(pl.col(c.name) for c in form.data_columns), pl.col(SHEET), pl.col(SOURCE_ROW)
    )
    if form.key == "plans":  # a blank count is 0 where counts must add up
        counts = [
            "servers_total",
            "servers_eliminate",
            "servers_consolidate",
            "servers_cloud",
            "servers_keep",
        ]
        stored = stored.with_columns(pl.col(c).fill_null(0) for c in counts)
    return stored, out.collect()
