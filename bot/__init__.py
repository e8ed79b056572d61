"""Mantelwijzer's domain core: catalogue, situation profile, recommendation engine.

Plain Python (stdlib and PyYAML), used by the Rasa actions and the gateway; knows nothing of either.
"""

from __future__ import annotations

from bot.catalogue import Catalogue, CatalogueError, Item, default_catalogue, load_catalogue
from bot.engine import open_questions, recommend
from bot.profile import Profile, ProfileError

__all__ = [
    "Catalogue",
    "CatalogueError",
    "Item",
    "Profile",
    "ProfileError",
    "default_catalogue",
    "load_catalogue",
    "open_questions",
    "recommend",
]
