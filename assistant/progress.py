"""A progress bar on a terminal, nothing otherwise."""

from __future__ import annotations

from contextlib import contextmanager

from ingest.pipeline import Progress


class RichProgress(Progress):
    def __init__(self, bar) -> None:
        self._bar = bar
        self._task = None

    def start(self, stage: str, total: int) -> None:
        if self._task is not None:
            self._bar.update(self._task, visible=False)
        self._task = self._bar.add_task(stage, total=max(total, 1))

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, n)


@contextmanager
def make_progress(enabled: bool):
    if not enabled:
        yield Progress()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
    ) as bar:
        yield RichProgress(bar)
