"""The catalogue with the employers' own files from a folder, reloaded when that folder changes.

The desk publishes an employer's arrangements by writing ``<tenant>.yml`` into a folder
(``MW_EMPLOYERS_DIR``); a file there replaces the built-in ``data/catalogue/employers`` file of the
same name. ``LiveCatalogue.get()`` looks at the folder's file names, sizes and modification times
at most once per ``interval`` seconds and loads the catalogue again when they changed, so the next
message after a publication uses it, without a restart.

A file in the folder that does not load (it never should: the desk checks it before writing) is
left out, and the built-in file of that employer counts instead.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from bot.catalogue.loader import DEFAULT_ROOT, ERROR, CatalogueError, load_catalogue, overlay_files, validate
from bot.catalogue.model import Catalogue

logger = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int], ...]


def folder_signature(folder: Path | None) -> Signature:
    """(name, size, mtime in ns) of every employer file in the folder; empty when it is missing."""
    out: list[tuple[str, int, int]] = []
    for name, path in overlay_files(folder).items():
        try:
            stat = path.stat()
        except OSError:  # removed while looking
            continue
        out.append((name, stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def load_with_overlay(folder: Path | None, root: Path = DEFAULT_ROOT) -> Catalogue:
    """The catalogue under ``root`` with the employer files of ``folder``; a file there with
    errors is left out (logged by name: a tenant id, never content)."""
    files = overlay_files(folder)
    if files:
        report = validate(root, employer_files=files)
        bad = {Path(p.file).resolve() for p in report.problems if p.severity == ERROR}
        for name, path in list(files.items()):
            if path.resolve() in bad:
                logger.error("employer file %s in the employers folder does not load: left out", name)
                del files[name]
    try:
        return load_catalogue(root, employer_files=files)
    except CatalogueError:
        if not files:
            raise
        logger.error("the employers folder breaks the catalogue: its files are left out")
        return load_catalogue(root)


class LiveCatalogue:
    """A catalogue kept current with an employers folder (thread-safe; checks are cheap)."""

    def __init__(
        self,
        folder: Path | None,
        root: Path = DEFAULT_ROOT,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.root = root
        self.interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._catalogue: Catalogue | None = None
        self._signature: Signature | None = None
        self._checked_at = 0.0

    def get(self) -> Catalogue:
        now = self._clock()
        catalogue = self._catalogue
        if catalogue is not None and now - self._checked_at < self.interval:
            return catalogue
        with self._lock:
            if self._catalogue is not None and now - self._checked_at < self.interval:
                return self._catalogue
            signature = folder_signature(self.folder)
            if self._catalogue is None or signature != self._signature:
                self._catalogue = load_with_overlay(self.folder, self.root)
                self._signature = signature
            self._checked_at = now
            return self._catalogue


@lru_cache(maxsize=8)
def live_catalogue(folder: Path | None) -> LiveCatalogue:
    """One LiveCatalogue per folder in a process: the gateway's documents, desk cards and previews
    read the same current catalogue as the chat."""
    return LiveCatalogue(folder)
