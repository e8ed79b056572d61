"""Maintenance commands for the gateway store.

python -m api.maintenance purge     delete conversations inactive for MW_RETENTION_DAYS
                                    (and their rows in Rasa's tracker store)
python -m api.maintenance migrate   bring the database schema up to date
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta

from api.rasa.tracker_store import TrackerStore
from api.services.retention import purge
from api.settings import load_settings
from api.store.conversations import ConversationStore
from api.store.db import make_engine
from api.store.migrate import upgrade
from api.store.records import utcnow


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.maintenance", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["purge", "migrate"])
    parser.add_argument("--days", type=int, help="retention in days (default: MW_RETENTION_DAYS)")
    args = parser.parse_args(argv)
    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        if args.command == "purge":
            days = args.days if args.days is not None else settings.retention_days
            if days < 1:
                parser.error("--days must be at least 1")
            tracker = TrackerStore(settings.rasa_tracker_db_url)
            purged = purge(ConversationStore(engine), tracker, utcnow() - timedelta(days=days))
            tracker.dispose()
            print(json.dumps({"purged_conversations": purged, "retention_days": days}))
        else:
            print(json.dumps({"migrated": True}))
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
