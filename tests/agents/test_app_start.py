"""What the worker's app does once started, beside Faust's own start (agents/app.py)."""
from __future__ import annotations

import gc

import faust
import pytest

from agents.app import App, app


async def test_what_the_worker_built_to_start_is_out_of_the_collectors_sight(monkeypatch: pytest.MonkeyPatch) -> None:
    async def faust_started(self: faust.App) -> None:  # recovery, timers, web server: not here
        return None

    monkeypatch.setattr(faust.App, "on_started", faust_started)
    gc.unfreeze()
    try:
        await App.on_started(app)
        assert gc.get_freeze_count() > 10_000  # modules, Faust's services, the app
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual
