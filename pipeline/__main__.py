"""``python -m pipeline PAGE...``: print each page's Document as JSON. The library's only I/O edge.

A demo of the pure library: it runs with the library's defaults (``DEFAULT_OPTIONS``, the bundled
sources), which are also the worker's defaults, and reads no environment. To clean with the
worker's settings (``DEPECHE_MAX_PAGE_BYTES``, ``DEPECHE_SOURCES_FILE``) use ``depeche clean``.
"""
from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from . import CleanError, clean_page


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m pipeline PAGE.html|PAGE.txt ...  (library defaults; `depeche clean` applies "
              "the worker's settings)", file=sys.stderr)
        return 2
    missing = [name for name in argv if not Path(name).is_file()]
    if missing:
        print(f"python -m pipeline: {missing[0]}: no such file", file=sys.stderr)
        return 2
    status = 0
    for name in argv:
        path = Path(name)
        content_type = "text/plain" if path.suffix == ".txt" else "text/html"
        try:
            doc = clean_page(path.read_bytes(), url=path.absolute().as_uri(), content_type=content_type)
        except CleanError as error:
            print(json.dumps({"file": name, "error": error.reason, "detail": error.detail}, ensure_ascii=False))
            status = 1
            continue
        except OSError as error:
            print(f"python -m pipeline: {name}: {error.strerror or error}", file=sys.stderr)
            status = 1
            continue
        record = {**dataclasses.asdict(doc), "text": doc.text}
        record.pop("removed")
        print(json.dumps({"file": name, "document": record}, ensure_ascii=False))
    return status


raise SystemExit(main(sys.argv[1:]))
