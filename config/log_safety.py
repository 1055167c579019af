"""Log lines that a visitor cannot forge: control characters are escaped after formatting.

A username such as "x\\n<date> INFO axes: AXES: Successful login by ..." would otherwise
write a second, forged line into the security log. Escaping the whole formatted record
keeps every record on one line (a traceback too, with its line breaks shown as \\n).
"""

import logging
import re

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the backslash
# itself, so that an escape in the log always means an escaped character.
UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\\]")


def escape_control_characters(text: str) -> str:
    """`text` with each unsafe character written as its Python escape (\\n, \\x1b, \\\\)."""
    return UNSAFE.sub(lambda match: match.group().encode("unicode_escape").decode(), text)


class ControlCharacterEscapingFormatter(logging.Formatter):
    """A Formatter whose every record is one line, whatever the message carried."""

    def format(self, record: logging.LogRecord) -> str:
        return escape_control_characters(super().format(record))
