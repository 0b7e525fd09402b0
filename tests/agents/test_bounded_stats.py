"""Per-site figures stay bounded in memory and in /metrics, whatever the number of sites crawled."""
from __future__ import annotations

import random

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from agents.stats import OTHER_SITES, Stats
from agents.topn import TopCounts

SITES = 100_000


def zipf_like_stream(count: int, *, heavy: dict[str, int]) -> list[str]:
    """``count`` distinct one-off sites with a few heavy sites mixed in, shuffled."""
    stream = [f"site-{n}.example" for n in range(count)]
    for site, times in heavy.items():
        stream.extend([site] * times)
    random.Random(7).shuffle(stream)
    return stream


def test_top_counts_keep_at_most_capacity_keys_and_every_heavy_hitter() -> None:
    heavy = {"big.example": 5000, "bigger.example": 9000, "mid.example": 3000}
    stream = zipf_like_stream(SITES, heavy=heavy)
    top = TopCounts(50)
    exact: dict[str, int] = {}
    for site in stream:
        top.add(site)
        exact[site] = exact.get(site, 0) + 1
    assert len(top) == 50 and top.total == len(stream)
    # Space-saving: a key seen more than total/capacity times is kept, counted at least exactly,
    # and overcounted by at most its error.
    ranked = [site for site, _ in top.most_common(3)]
    assert ranked == ["bigger.example", "big.example", "mid.example"]
    for site, times in heavy.items():
        assert times <= top[site] <= times + top.error(site)
        assert top.error(site) <= top.total // top.capacity
    assert top["never-seen.example"] == 0


def test_top_counts_are_exact_below_capacity() -> None:
    top = TopCounts(10)
    for site, times in {"a": 3, "b": 1, "c": 2}.items():
        top.add(site, times)
    assert top.as_dict() == {"a": 3, "c": 2, "b": 1}
    assert all(top.error(site) == 0 for site in "abc")
    with pytest.raises(ValueError):
        TopCounts(0)


def metric_series(stats: Stats) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = generate_latest(stats.metrics.registry).decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples
            if s.name.startswith("depeche_") and s.name.endswith("_total")}


def crawl(stats: Stats, sites: int) -> None:
    for n in range(sites):
        site = f"site-{n}.example"
        stats.record_article({"id": f"a{n}", "site": site})
        stats.record_ticker(site, duplicate=n % 2 == 0)


def test_a_crawl_of_many_sites_keeps_dashboard_sites_and_metric_series_bounded() -> None:
    stats = Stats(top_sites=20)
    crawl(stats, SITES)
    assert stats.articles_out == SITES
    assert len(stats.pages_by_site) <= 20 and len(stats.ticker_by_site) <= 20
    assert len(stats.duplicates_by_site) <= 20
    snapshot = stats.snapshot()
    assert len(snapshot["sites"]) <= 20 and len(snapshot["pages_by_site"]) <= 20
    assert snapshot["top_sites"] == 20
    series = metric_series(stats)
    # No site label by default: one series per counter, which still counts every article.
    assert series[("depeche_articles_out_total", ())] == SITES
    assert series[("depeche_ticker_published_total", ())] == SITES // 2
    assert series[("depeche_ticker_duplicates_total", ())] == SITES // 2
    assert not any(dict(labels).get("site") for _, labels in series)


def test_site_labels_are_opt_in_and_capped() -> None:
    stats = Stats(top_sites=5, site_labels=3)
    crawl(stats, 1000)
    articles = {dict(labels)["site"]: value for (name, labels), value in metric_series(stats).items()
                if name == "depeche_articles_out_total"}
    assert articles == {"site-0.example": 1, "site-1.example": 1, "site-2.example": 1, OTHER_SITES: 997}


def test_dashboard_shows_the_busiest_sites_first() -> None:
    stats = Stats(top_sites=2)
    for site, times in {"quiet.example": 1, "busy.example": 5, "steady.example": 3}.items():
        for n in range(times):
            stats.record_article({"id": f"{site}-{n}", "site": site})
    assert list(stats.sites()) == ["busy.example", "steady.example"]
    assert stats.sites()["busy.example"]["articles"] == 5
