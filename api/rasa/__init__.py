"""Everything that knows about Rasa: the HTTP client, output translation, the tracker store."""

from api.rasa.client import RasaClient, RasaError, RasaUnavailable
from api.rasa.tracker_store import TrackerStore
from api.rasa.translate import HandoffRequest, Translation, translate

__all__ = [
    "HandoffRequest",
    "RasaClient",
    "RasaError",
    "RasaUnavailable",
    "TrackerStore",
    "Translation",
    "translate",
]
