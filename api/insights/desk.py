"""The desk's `GET /desk/api/insights?month=YYYY-MM`: supervisors and admins of a tenant read its
figures (agents get 403 `forbidden`), with the Dutch words the page shows them with."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from api.desk.errors import DeskError
from api.desk.records import Agent
from api.insights.figures import labels, month_name, report, view_title
from api.insights.store import InsightStore, is_finished, last_finished_month
from api.store.records import utcnow
from api.threads import in_thread


async def desk_report(engine: Engine, agent: Agent, month: str | None) -> dict[str, Any]:
    """The figures of the agent's tenant for a finished `month` (default: the last one)."""
    if not agent.supervises:
        raise DeskError(403, "forbidden")
    month = month or last_finished_month(utcnow())
    if not is_finished(month, utcnow()):
        raise DeskError(422, "month_not_finished", field="month")
    data = await in_thread(report, InsightStore(engine), agent.tenant_id, month)
    for view in data["views"]:
        view["title"] = view_title(view, data["tenant_name"])
    return {**data, "month_name": month_name(month), "labels": labels()}
