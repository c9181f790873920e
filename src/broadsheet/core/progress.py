"""Progress reporting for long management commands."""

import time


class ProgressBar:
    """A one-line progress bar on a terminal, a line every 10 % elsewhere."""

    width = 40

    def __init__(self, stream, label: str) -> None:
        self.stream = stream
        self.label = label
        self.interactive = getattr(stream, "isatty", lambda: False)()
        self.started = time.monotonic()
        self._last_decile = -1

    def __call__(self, done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        if self.interactive:
            filled = int(self.width * fraction)
            bar = "█" * filled + "·" * (self.width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {done}/{total} ({fraction:4.0%})")
            self.stream.flush()
            return
        decile = int(fraction * 10)
        if decile != self._last_decile:
            self._last_decile = decile
            self.stream.write(f"{self.label}: {done}/{total} ({fraction:.0%})\n")

    def finish(self) -> None:
        if self.interactive:
            self.stream.write("\n")
