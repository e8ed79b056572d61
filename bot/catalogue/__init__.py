"""The catalogue of support: items read from ``data/catalogue/`` YAML, checked and indexed.

``python -m bot.catalogue check`` reports every problem in the catalogue files.
"""

from __future__ import annotations

from functools import lru_cache

from bot.catalogue.kinds import GROUPS, KINDS, RELIEF_KINDS
from bot.catalogue.loader import DEFAULT_ROOT, CatalogueError, Problem, Report, load_catalogue, validate
from bot.catalogue.model import GENERIC, Amount, Catalogue, Item

__all__ = [
    "DEFAULT_ROOT",
    "GENERIC",
    "GROUPS",
    "KINDS",
    "RELIEF_KINDS",
    "Amount",
    "Catalogue",
    "CatalogueError",
    "Item",
    "Problem",
    "Report",
    "default_catalogue",
    "load_catalogue",
    "validate",
]


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The catalogue under ``DEFAULT_ROOT``, loaded once per process."""
    return load_catalogue(DEFAULT_ROOT)
