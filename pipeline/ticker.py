"""Tell 'latest news' strips (runs of timestamped headlines) apart from the article body."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .document import TickerItem
from .patterns import TIME_WORD_INITIALS, TIME_WORDS

__all__ = ["MIN_TICKER_RUN", "normalise_time", "parse_ticker_line", "split_ticker"]

#: A lone timestamped line is more likely a dateline than a ticker; a strip has several.
MIN_TICKER_RUN = 2

_BULLET = r"[-–—•·*▪►>|]"
#: Words after it: "10:18 Uhr", "10:18 h", "10:18 hs", "10.18 Uhr" (a dot needs one of them, or
#: a word before: "1.50" alone is a price or a section number, not a time).
_TIME_UNITS = r"(?:Uhr|h|hs|hrs|horas|Std\.?)"
#: Linear in the line's length: every run of spaces is read once (possessive ``\s*+`` wherever
#: what follows cannot be a space), and the headline runs to the end of the line, its trailing
#: spaces stripped afterwards (a lazy headline before ``\s*$`` re-read the spaces after each
#: of its characters: a long run of spaces inside a line cost its square).
_TICKER_LINE = re.compile(
    rf"""^\s*+(?:{_BULLET}\s*+)?          # optional bullet
        (?:(?P<pre>{TIME_WORDS})\s*+)?     # optional "ore", "um", "às"
        [\[(]?(?P<h>[01]?\d|2[0-3])
        (?:\s*(?:[:hH]|\s?h\s?)            # 10:18, 10h18, 10 h 18
          |\.(?=[0-5]\d\s*+{_TIME_UNITS}(?![^\W\d_]))  # 10.18 Uhr
          |(?(pre)\.|(?!)))                 # ore 10.18
        (?P<m>[0-5]\d)[\])]?
        (?:\s*+{_TIME_UNITS}(?![^\W\d_A-ZÀ-ÝŒ]))?  # optional "Uhr", "h" (maybe glued: "10:18 hCorte")
        (?:\s*+(?P<ampm>[aApP]\.?[mM]\.?)(?![^\W\d_]))?  # optional am/pm
        \s*+(?:[-–—|:•·]\s*+)?            # optional separator
        (?P<title>[^\s\d].*+)\s*+$         # headline, possibly glued to the time
    """,
    re.VERBOSE,
)


def normalise_time(hour: int, minute: int, ampm: str | None = None) -> str | None:
    """Return ``HH:MM`` on a 24 h clock, or None when the parts are not a time of day."""
    if ampm:
        if not 1 <= hour <= 12:
            return None
        is_pm = ampm.lower().startswith("p")
        hour = (hour % 12) + (12 if is_pm else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_ticker_line(line: str) -> TickerItem | None:
    """Read ``- 10:18Headline`` / ``• 14h30 Titre`` / ``[09:05] Title`` / ``10.18 Uhr Titel`` /
    ``ore 10:18 Titolo`` as a ticker item."""
    first = line[:1]
    if first.isalpha() and first not in TIME_WORD_INITIALS:
        return None  # most lines: a letter that opens no time word, settled without the regex
    match = _TICKER_LINE.match(line)
    if match is None:
        return None
    title = match["title"].strip()
    if len(title) < 8 or len(title.split()) < 2:
        return None
    time = normalise_time(int(match["h"]), int(match["m"]), match["ampm"])
    if time is None:
        return None
    return TickerItem(time=time, title=title)


def split_ticker(lines: Sequence[str]) -> tuple[list[TickerItem], list[str]]:
    """Move every run of at least MIN_TICKER_RUN ticker lines out of ``lines``.

    Returns the ticker items in page order and the remaining lines, order kept.
    Blank lines inside a run do not break it.
    """
    items: list[TickerItem] = []
    kept: list[str] = []
    run: list[tuple[str, TickerItem]] = []
    pending_blanks: list[str] = []

    def flush() -> None:
        if len(run) >= MIN_TICKER_RUN:
            items.extend(item for _, item in run)
        else:
            kept.extend(line for line, _ in run)
        run.clear()

    for line in lines:
        if not line.strip():
            if run:
                pending_blanks.append(line)
            else:
                kept.append(line)
            continue
        item = parse_ticker_line(line)
        if item is not None:
            run.append((line, item))
            pending_blanks.clear()
            continue
        if run:  # (blanks wait only behind a run)
            flush()
            kept.extend(pending_blanks)
            pending_blanks.clear()
        kept.append(line)
    flush()
    kept.extend(pending_blanks)
    return items, kept
