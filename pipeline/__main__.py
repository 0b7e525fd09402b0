"""``python -m pipeline PAGE...``: print each page's Document as JSON. The library's only I/O edge."""
from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from . import CleanError, clean_page


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m pipeline PAGE.html|PAGE.txt ...", file=sys.stderr)
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
        record = {**dataclasses.asdict(doc), "text": doc.text}
        record.pop("removed")
        print(json.dumps({"file": name, "document": record}, ensure_ascii=False))
    return status


raise SystemExit(main(sys.argv[1:]))
