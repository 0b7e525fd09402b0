"""Ticker lines: times glued to headlines, French and English clocks, runs only."""
from __future__ import annotations

import pytest

from pipeline.document import TickerItem
from pipeline.ticker import parse_ticker_line, split_ticker


@pytest.mark.parametrize(
    ("line", "time", "title"),
    [
        ("- 10:18Liverpool retire le numéro 20", "10:18", "Liverpool retire le numéro 20"),
        ("• 14h30 Titre de la une du jour", "14:30", "Titre de la une du jour"),
        ("[09:05] Markets open lower in Asia", "09:05", "Markets open lower in Asia"),
        ("3:45 pm - Fed holds rates steady", "15:45", "Fed holds rates steady"),
        ("12:10 am | Overnight storm cuts power", "00:10", "Overnight storm cuts power"),
        ("23h59 Dernière minute : accord trouvé", "23:59", "Dernière minute : accord trouvé"),
    ],
)
def test_ticker_line_forms(line: str, time: str, title: str) -> None:
    assert parse_ticker_line(line) == TickerItem(time=time, title=title)


@pytest.mark.parametrize(
    "line",
    ["25:10 Not a time of day at all", "10:75 Minutes out of range here", "12:00", "En 2024, il a gagné",
     "- 10:18 Ok", "Le match a commencé à 20h45 au stade"],
)
def test_not_ticker_lines(line: str) -> None:
    assert parse_ticker_line(line) is None


def test_single_timestamped_line_stays_in_body() -> None:
    lines = ["Titre", "10:30 La séance a repris après une suspension", "Suite du texte."]
    items, kept = split_ticker(lines)
    assert items == [] and kept == lines


def test_run_is_split_out_with_blank_lines_inside() -> None:
    lines = ["- 10:18Premier titre du fil", "", "- 09:05Deuxième titre du fil", "Corps de l'article."]
    items, kept = split_ticker(lines)
    assert [i.time for i in items] == ["10:18", "09:05"]
    assert kept == ["Corps de l'article."]  # blank lines inside the run go with it
