"""What the accounts' tests share: the glossary's check of a message, apart from the values it quotes."""

from __future__ import annotations

import re

from accounts.roles import ROLES
from tests.wording import problems

# What a message quotes as it is (a name, a code), the files and options it names, the role
# codes the command line takes: not words of the sentence.
_VERBATIM = re.compile(
    r"“[^”]*”|\S+\.(?:csv|duckdb|toml)\b|--\w+|\b(?:" + "|".join(ROLES) + r")\b|\bTÊN\b"
)


def wording_problems(text: str) -> list[str]:
    """tests.wording.problems of `text` with what it quotes verbatim left out."""
    return problems(_VERBATIM.sub("", text))
