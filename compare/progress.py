"""How a corpus run shows its progress: a bar on a terminal, plain lines in a log, or nothing.

The CLI picks one (`progress_for`) and hands it to `compare.runner.run_reports`, which calls
it as events finish; this is user-interface code, kept apart from the runner so the runner
never prints.
"""
from __future__ import annotations

import sys
import time
from typing import TextIO

from .runner import RunResult


def progress_for(quiet: bool, out: TextIO | None = None, err: TextIO | None = None):
    """A progress bar when stderr is a terminal, plain lines otherwise (CI logs), and only
    errors with quiet."""
    out = out or sys.stdout
    err = err or sys.stderr
    if quiet:
        return QuietProgress(err)
    if _is_terminal(err):
        return BarProgress(out, err)
    return LineProgress(out, err)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def closing_line(result: RunResult) -> str:
    """One line that sums up a run: how many events were analysed, taken from the cache, failed."""
    parts = [f"{result.analysed} analysed", f"{result.cached} unchanged (cached)"]
    if result.failed:
        parts.append(f"{len(result.failed)} failed")
    rate = result.analysed / result.seconds if result.seconds > 0 else 0.0
    line = f"{_plural(result.events, 'event')}: {', '.join(parts)} in {result.seconds:.1f}s"
    if result.analysed:
        line += f" ({rate:.2f} events/s analysed)"
    if result.database is not None:
        line += f"; tables in {result.database}"
    return line


class QuietProgress:
    """--quiet: only errors, one line each on stderr."""

    def __init__(self, err: TextIO):
        self.err = err

    def start(self, total: int) -> None:
        pass

    def event_done(self, event_id: str, status: str, detail: str) -> None:
        pass

    def notice(self, message: str) -> None:
        pass

    def error(self, message: str) -> None:
        print(f"source-compare: error: {message}", file=self.err, flush=True)

    def finish(self, result: RunResult) -> None:
        pass


class LineProgress(QuietProgress):
    """Not a terminal (CI, a pipe): one plain line per event with the count, rate and time left."""

    def __init__(self, out: TextIO, err: TextIO):
        super().__init__(err)
        self.out = out
        self.total = 0
        self.done = 0
        self.started = time.perf_counter()

    def start(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.started = time.perf_counter()

    def _advance(self) -> tuple[str, str]:
        """([done/total], (rate, time left)) after one more event."""
        self.done += 1
        elapsed = time.perf_counter() - self.started
        counter = f"[{self.done}/{self.total}]"
        if self.total <= 1 or elapsed <= 0:
            return counter, ""
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        return counter, f" ({rate:.2f} events/s, {_duration(left)} left)"

    def event_done(self, event_id: str, status: str, detail: str) -> None:
        counter, pace = self._advance()
        print(f"{counter} {event_id}: {detail}{pace}", file=self.out, flush=True)

    def notice(self, message: str) -> None:
        print(f"source-compare: warning: {message}", file=self.err, flush=True)

    def error(self, message: str) -> None:
        self._advance()
        super().error(message)

    def finish(self, result: RunResult) -> None:
        if result.events > 1 or not result.failed:
            print(closing_line(result), file=self.out, flush=True)


class BarProgress(LineProgress):
    """A terminal: a tqdm bar on stderr (events done, rate, time left); messages print above it."""

    def __init__(self, out: TextIO, err: TextIO):
        super().__init__(out, err)
        self.bar = None

    def start(self, total: int) -> None:
        from tqdm import tqdm

        super().start(total)
        self.bar = tqdm(total=total, unit="event", file=self.err, dynamic_ncols=True, smoothing=0.1,
                        desc="events")

    def event_done(self, event_id: str, status: str, detail: str) -> None:
        self.bar.set_postfix_str(event_id, refresh=False)
        self.bar.update(1)

    def notice(self, message: str) -> None:
        if self.bar is None:
            super().notice(message)
        else:
            self.bar.write(f"source-compare: warning: {message}", file=self.err)

    def error(self, message: str) -> None:
        line = f"source-compare: error: {message}"
        if self.bar is not None:
            self.bar.write(line, file=self.err)
            self.bar.update(1)
        else:
            print(line, file=self.err, flush=True)

    def finish(self, result: RunResult) -> None:
        if self.bar is not None:
            self.bar.close()
        super().finish(result)
