"""``depeche``: clean files offline, produce pages, tail topics, run the worker or the demo."""
from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import orjson

__all__ = ["main"]


def _progress(count: int, url: str) -> None:
    sys.stderr.write(f"\r\x1b[Ksent {count} pages  {url[-70:]}")
    sys.stderr.flush()


def cmd_clean(args: argparse.Namespace) -> int:
    """One JSON line per input: {"article", "ticker"} or {"rejected"}. No broker needed."""
    from pipeline import CleanError
    from schemas import Origin, outcome_of_page, raw_page_from_bytes, rejected

    from .files import iter_page_files, read_page, url_in_html

    out = sys.stdout.buffer
    failures = 0
    for path in iter_page_files(args.files):
        page = read_page(path, content_type=args.content_type)
        url = args.url or url_in_html(page.body) or (path.absolute().as_uri() if path else "stdin:")
        try:
            raw = raw_page_from_bytes(page.body, url=url, content_type=page.content_type, site=args.site)
        except CleanError as error:
            line = {"rejected": rejected(error, size=len(page.body), url=url).asdict()}
            failures += 1
        else:
            outcome = outcome_of_page(raw, origin=Origin())
            if outcome.rejected is not None:
                line = {"rejected": outcome.rejected.asdict()}
                failures += 1
            else:
                assert outcome.article is not None
                line = {"article": outcome.article.asdict(), "ticker": [t.asdict() for t in outcome.ticker]}
        out.write(orjson.dumps(line) + b"\n")
    out.flush()
    return 1 if failures and args.strict else 0


def cmd_produce(args: argparse.Namespace) -> int:
    """Files or folders (.html .htm .txt .gz, ``-`` for stdin) to the raw topic, keyed by url."""
    from pipeline import CleanError
    from schemas import RawPage, raw_page_from_bytes

    from .clients import produce_pages
    from .files import iter_page_files, read_page, url_in_html
    from .settings import Settings

    paths = list(iter_page_files(args.paths))
    if args.url and len(paths) != 1:
        sys.stderr.write("depeche produce: --url names one page; give exactly one file\n")
        return 2
    unreadable: list[str] = []

    def pages() -> list[RawPage]:
        out = []
        for path in paths:
            page = read_page(path, content_type=args.content_type)
            url = args.url or url_in_html(page.body) or (path.absolute().as_uri() if path else "stdin:")
            try:
                out.append(raw_page_from_bytes(page.body, url=url, content_type=page.content_type, site=args.site))
            except CleanError as error:
                unreadable.append(f"{page.name}: {error.detail}")
        return out

    settings = Settings.from_env()
    report = asyncio.run(produce_pages(settings, pages(), progress=None if args.quiet else _progress))
    sys.stderr.write(f"\nproduced {report.sent} pages to {settings.topic_raw} at {settings.bootstrap_servers}\n")
    for problem in [*unreadable, *(f"{url}: {why}" for url, why in report.refused)]:
        sys.stderr.write(f"refused {problem}\n")
    return 1 if unreadable or report.refused else 0


def cmd_tail(args: argparse.Namespace) -> int:
    """A topic's events as JSON lines."""
    from .clients import tail_topic
    from .settings import Settings

    settings = Settings.from_env()
    asyncio.run(tail_topic(settings, args.topic, from_beginning=args.from_beginning, limit=args.n,
                           idle_timeout=args.idle_timeout, dedupe=args.dedupe))
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """The Faust worker, with the web view on DEPECHE_WEB_HOST:DEPECHE_WEB_PORT."""
    from .app import load_components, settings
    from .clients import ensure_topics

    # Faust creates only its internal topics; a worker subscribed to a topic that does not exist
    # yet would sit idle until its next metadata refresh, so create ours first.
    asyncio.run(ensure_topics(settings, [settings.topic_raw, settings.topic_articles,
                                         settings.topic_ticker, settings.topic_rejected]))
    app = load_components()
    sys.argv = ["depeche", "worker", "-l", args.loglevel or settings.log_level, *args.faust_args]
    app.main()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(once=args.once, port=args.port, web_port=args.web_port, state_dir=args.state_dir)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="depeche", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    clean = sub.add_parser("clean", help=cmd_clean.__doc__)
    clean.add_argument("files", nargs="+", metavar="FILE")
    clean.add_argument("--url", help="the page's URL (default: its canonical link, else a file: URI)")
    clean.add_argument("--content-type", help="text/html or text/plain (default: from the file name)")
    clean.add_argument("--site", help="site name (default: the URL's host)")
    clean.add_argument("--strict", action="store_true", help="exit 1 when any input is rejected")
    clean.set_defaults(func=cmd_clean)

    produce = sub.add_parser("produce", help=cmd_produce.__doc__)
    produce.add_argument("paths", nargs="+", metavar="PATH")
    produce.add_argument("--url", help="URL of the single page given")
    produce.add_argument("--content-type", help="override the type guessed from file names")
    produce.add_argument("--site", help="site name for every page")
    produce.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    produce.set_defaults(func=cmd_produce)

    tail = sub.add_parser("tail", help=cmd_tail.__doc__)
    tail.add_argument("topic")
    tail.add_argument("--from-beginning", action="store_true")
    tail.add_argument("-n", type=int, default=None, help="stop after N events")
    tail.add_argument("--idle-timeout", type=float, default=None, help="stop after this many quiet seconds")
    tail.add_argument("--dedupe", action="store_true",
                      help="drop events re-delivered after a worker crash (same article id and text, same raw offset)")
    tail.set_defaults(func=cmd_tail)

    worker = sub.add_parser("worker", help=cmd_worker.__doc__)
    worker.add_argument("-l", "--loglevel", default=None)
    worker.add_argument("faust_args", nargs=argparse.REMAINDER, help="passed to Faust's worker command")
    worker.set_defaults(func=cmd_worker)

    demo = sub.add_parser("demo", help="start a local broker and a worker, produce the sample pages, print events")
    demo.add_argument("--once", action="store_true", help="exit after the sample events are printed")
    demo.add_argument("--port", type=int, default=9092, help="Kafka port of the local broker")
    demo.add_argument("--web-port", type=int, default=6066)
    demo.add_argument("--state-dir", type=Path, default=None,
                      help="where broker and worker state go, wiped at start (default: .run of the checkout)")
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    from aiokafka.errors import KafkaConnectionError

    args = _parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KafkaConnectionError as error:
        from .settings import Settings

        sys.stderr.write(f"depeche: cannot reach Kafka at {Settings.from_env().bootstrap_servers}: {error}\n"
                         "start a local broker with `python3 deploy/kafka.py start` or set DEPECHE_BROKER_URL\n")
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
