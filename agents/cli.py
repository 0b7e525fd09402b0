"""``depeche``: clean files offline, produce pages, tail topics, run the worker or the demo.

Exit codes (README, CLI): 0 done; 1 done, but some input was refused, unreadable or corrupt
(``clean --strict``: or rejected); 2 nothing done: bad arguments, an input that does not exist or
cannot be read, nothing to send, a setting that cannot be used; 3 Kafka could not be reached or
refused the request; 70 a bug in depeche (the traceback with DEPECHE_LOG_LEVEL=debug); 130
interrupted. Every failure is one line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

import orjson

__all__ = ["main"]

EXIT_OK, EXIT_PARTIAL, EXIT_NOTHING_DONE, EXIT_KAFKA, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 70, 130


class CliError(Exception):
    """A failure the user can act on: printed as one line, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_NOTHING_DONE) -> None:
        super().__init__(message)
        self.code = code


def _settings():  # type: ignore[no-untyped-def]
    from .settings import Settings

    try:
        return Settings.from_env()
    except ValueError as error:
        raise CliError(f"a DEPECHE_* setting is not valid: {error}") from None


def _inputs(paths: list[str]):  # type: ignore[no-untyped-def]
    from .files import InputError, resolve_inputs

    try:
        return resolve_inputs(paths)
    except InputError as error:
        raise CliError(str(error)) from None


def _raw_pages(args: argparse.Namespace, inputs, tally, problems: list[str]) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """RawPages of every input; a page that cannot be decoded is yielded as its Rejected."""
    from pipeline import CleanError
    from schemas import raw_page_from_bytes, rejected

    from .files import iter_pages, url_in_html

    for page in iter_pages(inputs, content_type=args.content_type, tally=tally, problems=problems):
        url = page.url or args.url or url_in_html(page.body) or (
            Path(page.name).absolute().as_uri() if page.name != "-" else "stdin:")
        try:
            yield raw_page_from_bytes(page.body, url=url, content_type=page.content_type, site=args.site,
                                      fetched_at=page.fetched_at)
        except CleanError as error:
            yield rejected(error, size=len(page.body), url=url)


def cmd_clean(args: argparse.Namespace) -> int:
    """One JSON line per page: {"article", "ticker"} or {"rejected"}. No broker needed; the same
    settings as the worker (DEPECHE_MAX_PAGE_BYTES, DEPECHE_SOURCES_FILE)."""
    from schemas import Origin, RawPage, outcome_of_page

    from .settings import SettingsError
    from .warc import WarcTally

    settings = _settings()
    try:
        options, catalog = settings.clean_options(), settings.source_catalog()
    except SettingsError as error:
        raise CliError(str(error)) from None
    inputs = _inputs(args.files)
    tally, problems = WarcTally(), []
    out = sys.stdout.buffer
    rejects = 0
    for item in itertools.islice(_raw_pages(args, inputs, tally, problems), args.limit):
        if isinstance(item, RawPage):
            outcome = outcome_of_page(item, origin=Origin(), options=options, catalog=catalog)
            if outcome.rejected is None:
                assert outcome.article is not None
                line = {"article": outcome.article.asdict(), "ticker": [t.asdict() for t in outcome.ticker]}
            else:
                line, rejects = {"rejected": outcome.rejected.asdict()}, rejects + 1
        else:
            line, rejects = {"rejected": item.asdict()}, rejects + 1  # type: ignore[attr-defined]
        out.write(orjson.dumps(line) + b"\n")
    out.flush()
    _report_problems("clean", problems, tally)
    if tally.records:
        sys.stderr.write(f"depeche clean: {_warc_summary(tally)}\n")
    if problems or tally.corrupt:
        return EXIT_PARTIAL
    return EXIT_PARTIAL if rejects and args.strict else EXIT_OK


class _Progress:
    """A progress bar on a terminal (pages, MB, pages/s, skipped); nothing otherwise."""

    def __init__(self, enabled: bool, tally) -> None:  # type: ignore[no-untyped-def]
        self.tally = tally
        self.bytes = 0
        self.bar = None
        self.shown_at = 0.0
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(unit=" pages", file=sys.stderr, dynamic_ncols=True, mininterval=0.25, leave=False)

    def __call__(self, page, size: int) -> None:  # type: ignore[no-untyped-def]
        self.bytes += size
        if self.bar is None:
            return
        self.bar.update(1)
        now = time.monotonic()
        if now - self.shown_at > 0.25:
            self.shown_at = now
            self.bar.set_postfix_str(f"{self.bytes / 1e6:.1f} MB, {self.tally.skipped_total} skipped", refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def cmd_produce(args: argparse.Namespace) -> int:
    """Pages to the raw topic keyed by url: files and folders (.html .htm .txt .gz), WARC archives
    (.warc, .warc.gz: every HTML or text response record), or - for stdin (a page or a WARC)."""
    from schemas import RawPage

    from .clients import produce_pages
    from .warc import WarcTally

    settings = _settings()
    inputs = _inputs(args.paths)
    if args.url and (len(inputs) != 1 or inputs[0].warc):
        raise CliError("--url names one page; give exactly one page file")
    tally, problems = WarcTally(), []
    unreadable: list[str] = []

    def pages() -> Iterator[RawPage]:
        for item in _raw_pages(args, inputs, tally, problems):
            if isinstance(item, RawPage):
                yield item
            else:
                unreadable.append(f"{item.url}: {item.detail}")  # type: ignore[attr-defined]

    stream = itertools.islice(pages(), args.limit)
    first = next(stream, None)  # read before connecting: nothing to send means no broker needed
    if first is None:
        _report_problems("produce", [*problems, *(f"refused {u}" for u in unreadable)], tally)
        why = f" ({_warc_summary(tally)})" if tally.records else ""
        raise CliError(f"nothing to send: no page could be read from the inputs{why}")
    progress = _Progress(sys.stderr.isatty() and not args.quiet, tally)
    started = time.monotonic()
    try:
        report = asyncio.run(produce_pages(settings, itertools.chain([first], stream), progress=progress))
    finally:
        progress.close()
    elapsed = max(time.monotonic() - started, 1e-6)
    for problem in [*unreadable, *(f"{url}: {why}" for url, why in report.refused)]:
        sys.stderr.write(f"refused {problem}\n")
    _report_problems("produce", problems, tally)
    megabytes = report.bytes / 1e6
    line = (f"produced {report.sent} pages ({megabytes:.1f} MB) to {settings.topic_raw} at {settings.bootstrap_servers} "
            f"in {elapsed:.1f} s ({report.sent / elapsed:.0f} pages/s, {megabytes / elapsed:.1f} MB/s)")
    if tally.records:
        line += f"; {_warc_summary(tally)}"
    if unreadable or report.refused:
        line += f"; {len(unreadable) + len(report.refused)} refused"
    sys.stderr.write(line + "\n")
    return EXIT_PARTIAL if unreadable or report.refused or problems or tally.corrupt else EXIT_OK


def _warc_summary(tally) -> str:  # type: ignore[no-untyped-def]
    skipped = ", ".join(f"{why} {count}" for why, count in sorted(tally.skipped.items()))
    text = f"{tally.records} WARC records: {tally.pages} pages, {tally.skipped_total} skipped"
    text += f" ({skipped})" if skipped else ""
    return text + (f", {len(tally.corrupt)} corrupt" if tally.corrupt else "")


def _report_problems(command: str, problems: list[str], tally) -> None:  # type: ignore[no-untyped-def]
    for problem in [*problems, *tally.corrupt]:
        sys.stderr.write(f"depeche {command}: {problem}\n")


def cmd_tail(args: argparse.Namespace) -> int:
    """A topic's events as JSON lines."""
    from .clients import tail_topic

    settings = _settings()
    asyncio.run(tail_topic(settings, args.topic, from_beginning=args.from_beginning, limit=args.n,
                           idle_timeout=args.idle_timeout, dedupe=args.dedupe))
    return EXIT_OK


def cmd_worker(args: argparse.Namespace) -> int:
    """The Faust worker, with the web view on DEPECHE_WEB_HOST:DEPECHE_WEB_PORT."""
    from .app import load_components, settings
    from .clients import ensure_topics
    from .topics import story_work, ticker_candidates

    settings.source_catalog()  # a bad DEPECHE_SOURCES_FILE is said before Kafka is contacted
    # Faust creates only its internal topics; a worker subscribed to a topic that does not exist
    # yet would sit idle until its next metadata refresh, so create ours first. The ticker
    # candidates too: on a cluster, the group leader's metadata could miss it when Faust creates it
    # at start, and it went unread for 5 minutes (tests/faults/test_scale_out.py).
    quiet = logging.getLogger("aiokafka")
    quiet.setLevel(logging.CRITICAL)  # no broker: one line from main(), not aiokafka's own too
    asyncio.run(ensure_topics(settings, [settings.topic_raw, settings.topic_articles,
                                         settings.topic_ticker, settings.topic_rejected,
                                         ticker_candidates.get_topic_name(), settings.topic_stories,
                                         story_work.get_topic_name()]))
    quiet.setLevel(logging.NOTSET)  # the running worker logs what aiokafka says
    app = load_components()
    sys.argv = ["depeche", "worker", "-l", args.loglevel or settings.log_level, *args.faust_args]
    app.main()
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(once=args.once, port=args.port, web_port=args.web_port, state_dir=args.state_dir)


def _limit(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="depeche", description=__doc__.split("\n\n")[0],
                                     epilog="exit codes: 0 done, 1 some input refused or unreadable, 2 nothing "
                                            "done (bad arguments, missing input, nothing to send), 3 Kafka "
                                            "unreachable, 70 a bug in depeche, 130 interrupted")
    sub = parser.add_subparsers(dest="command", required=True)

    clean = sub.add_parser("clean", help=cmd_clean.__doc__)
    clean.add_argument("files", nargs="+", metavar="FILE", help="page files, folders, WARC archives, or - for stdin")
    clean.add_argument("--url", help="the page's URL (default: its canonical link, else a file: URI)")
    clean.add_argument("--content-type", help="text/html or text/plain (default: from the file name)")
    clean.add_argument("--site", help="site name (default: the URL's host)")
    clean.add_argument("--strict", action="store_true", help="exit 1 when any input is rejected")
    clean.add_argument("--limit", type=_limit, default=None, metavar="N", help="stop after N pages")
    clean.set_defaults(func=cmd_clean)

    produce = sub.add_parser("produce", help=cmd_produce.__doc__)
    produce.add_argument("paths", nargs="+", metavar="PATH",
                         help="page files, folders, WARC archives (.warc, .warc.gz), or - for stdin")
    produce.add_argument("--url", help="URL of the single page given")
    produce.add_argument("--content-type", help="override the type guessed from file names (not for WARC records)")
    produce.add_argument("--site", help="site name for every page")
    produce.add_argument("--limit", type=_limit, default=None, metavar="N", help="stop after N pages")
    produce.add_argument("-q", "--quiet", action="store_true", help="no progress bar (there is none off a terminal)")
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
    from aiokafka.errors import KafkaConnectionError, KafkaError

    from .settings import SettingsError

    args = _parser().parse_args(argv)  # usage errors: argparse's message and exit code 2
    name = f"depeche {args.command}"
    if args.command in ("clean", "produce", "tail"):
        # aiokafka logs each failed connection attempt itself; the one line below says it all
        logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    try:
        return int(args.func(args) or 0)
    except CliError as error:
        sys.stderr.write(f"{name}: {error}\n")
        return error.code
    except SettingsError as error:
        sys.stderr.write(f"{name}: {error}\n")
        return EXIT_NOTHING_DONE
    except KafkaConnectionError as error:
        sys.stderr.write(f"{name}: cannot reach Kafka at {_settings().bootstrap_servers}: {error}; start a local "
                         "broker with `python3 deploy/kafka.py start` or set DEPECHE_BROKER_URL\n")
        return EXIT_KAFKA
    except KafkaError as error:
        sys.stderr.write(f"{name}: Kafka refused the request: {error!r}\n")
        return EXIT_KAFKA
    except KeyboardInterrupt:
        sys.stderr.write(f"\n{name}: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `depeche tail ... | head`: the reader is gone, which is not a failure
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the flush at exit must not fail again
        return EXIT_OK
    except SystemExit:
        raise
    except BaseException as error:  # noqa: BLE001 - a bug; fastwarc's Rust panics are BaseExceptions too
        if os.environ.get("DEPECHE_LOG_LEVEL", "").lower() == "debug":
            traceback.print_exc()
        sys.stderr.write(f"{name}: internal error, a bug in depeche: {error!r} "
                         "(DEPECHE_LOG_LEVEL=debug prints where)\n")
        return EXIT_BUG


if __name__ == "__main__":
    raise SystemExit(main())
