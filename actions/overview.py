"""The personal overview and the follow-up questions about one of its items.

``action_show_overview`` turns the slots into a ``bot`` profile, asks ``bot.engine.recommend``
and sends the ``recommendations`` payload: at most ``MAX_ITEMS`` items, grouped, each with
reasons, amount and first step; then what is still unknown, and buttons for the next step.
A heavy burden hands the conversation to a person once, after the overview.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import bot_api, rendering
from actions import slots as s
from actions.base import Events, SafeAction
from actions.extraction import Message
from actions.handoff import handoff_message
from actions.intake_form import open_intake_slots
from actions.profile_slots import build_profile, skipped_fields

MAX_ITEMS = bot_api.OVERVIEW_ITEMS
GROUP_ORDER = ("werk", "respijtzorg", "gemeente", "geld", "steun")
LEAVE_KIND = "kortdurend-zorgverlof"
NOT_EMPLOYED = ("self_employed", "employer_owner", "student", "not_working")


#: Statutory leave the engine found for this person is what they are entitled to: always shown.
RIGHTS_KINDS = ("kortdurend-zorgverlof", "langdurend-zorgverlof", "calamiteitenverlof")


def best_with_rights(items: Sequence[Mapping[str, Any]], limit: int) -> list[Mapping[str, Any]]:
    """The ``limit`` best items, with every statutory leave item the engine listed further down
    taking the place of the lowest-ranked other items (the ranking is kept)."""
    rights = [item for item in items[limit:] if item.get("kind") in RIGHTS_KINDS]
    top = list(items[:limit])
    for right in rights:
        others = [i for i, item in enumerate(top) if item.get("kind") not in RIGHTS_KINDS]
        if not others:
            break
        del top[others[-1]]
        top.append(right)
    order = {id(item): rank for rank, item in enumerate(items)}
    return sorted(top, key=lambda item: order[id(item)])


def select_items(items: Sequence[Mapping[str, Any]], limit: int = MAX_ITEMS) -> list[dict[str, Any]]:
    """The ``limit`` best items (statutory leave always among them), grouped: groups in the order of
    their best item, the engine's ranking kept inside each group. Each item gets ``first_step``."""
    top = [dict(item) for item in best_with_rights(items, limit)]
    first_seen: dict[str, int] = {}
    for rank, item in enumerate(top):
        first_seen.setdefault(str(item.get("group")), rank)
    ordered = sorted(enumerate(top), key=lambda pair: (first_seen[str(pair[1].get("group"))], pair[0]))
    result = []
    for _, item in ordered:
        steps = item.get("how_to") or []
        item["first_step"] = steps[0] if steps else None
        item["group_title"] = rendering.GROUP_TITLES.get(str(item.get("group")), "")
        result.append(item)
    return result


def insight_of(profile: Any) -> dict[str, Any]:
    """The overview's ``insight`` key (an extension of the payload): what the gateway counts for
    the monthly figures (api/insights) and strips before storing or sending the message."""
    data = profile.to_dict()
    return {
        "needs": list(data.get("needs") or []),
        "burden": data.get("burden"),
        "municipality": data.get("recipient_municipality"),
    }


def leave_figures(ranked: Sequence[Mapping[str, Any]], work_hours: Any) -> tuple[float, float, float] | None:
    """(week, kortdurend, langdurend) hours when the engine found statutory care leave for this
    person (it checks who is entitled) and the working week is known."""
    if not isinstance(work_hours, (int, float)) or isinstance(work_hours, bool) or work_hours <= 0:
        return None
    if not any(item.get("kind") == LEAVE_KIND for item in ranked):
        return None
    short, long = bot_api.leave_hours(float(work_hours))
    return float(work_hours), short, long


def rendered_item(item_id: str, tracker: Tracker) -> dict[str, Any] | None:
    """The item as the engine renders it for this person (reasons, amount, place names filled);
    the plain catalogue item when the engine does not list it for them."""
    profile = build_profile(tracker.slots)
    for item in bot_api.recommend(profile, tracker.get_slot(s.TENANT)):
        if item.get("id") == item_id:
            return item
    return bot_api.catalogue_item(item_id)


def unchanged_since_last_overview(tracker: Tracker) -> bool:
    """Whether an overview was shown and no intake answer changed since (so a "correction" that
    repeats what is known gets one line instead of the same overview again)."""
    values: dict[str, Any] = {}
    shown: dict[str, Any] | None = None
    for event in tracker.events:
        kind = event.get("event")
        if kind == "restart":
            values, shown = {}, None
        elif kind == "slot" and event.get("name") in s.INTAKE_SLOTS:
            values[str(event["name"])] = event.get("value")
        elif kind == "action" and event.get("name") == "action_show_overview":
            shown = dict(values)
    return shown is not None and shown == values


class ActionShowOverview(SafeAction):
    def name(self) -> str:
        return "action_show_overview"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        answered = Message.from_latest(tracker.latest_message).intent in s.ANSWER_INTENTS
        if answered and unchanged_since_last_overview(tracker):
            dispatcher.utter_message(**rendering.OVERVIEW_UNCHANGED)
            return []
        profile = build_profile(tracker.slots)
        ranked = bot_api.recommend(profile, tracker.get_slot(s.TENANT))
        items = select_items(ranked)
        if not items:
            dispatcher.utter_message(**rendering.OVERVIEW_EMPTY)
            return []
        summary = rendering.known_summary(tracker.slots, bot_api.municipality_name)
        if summary:
            dispatcher.utter_message(**summary)
        leave = leave_figures(ranked, tracker.get_slot(s.WORK_HOURS))
        text = rendering.overview_text(domain, leave, bot_api.leave_source() if leave else "")
        # "profile" (an extension of the payload): what the overview was made for, so the gateway can
        # make the PDF and letters from the stored message while Rasa is down (api/documents)
        dispatcher.utter_message(
            json_message={
                "type": "recommendations",
                "text": text,
                "items": items,
                "profile": profile.to_dict(),
                "insight": insight_of(profile),
            }
        )
        if tracker.get_slot(s.EMPLOYMENT) in rendering.NOT_EMPLOYED_FOR_LEAVE:
            dispatcher.utter_message(**rendering.no_leave_self_employed(bot_api.leave_source()))
        note = rendering.still_unknown(open_intake_slots(tracker.slots) + skipped_fields(tracker.slots))
        if note:
            dispatcher.utter_message(**note)
        employed = tracker.get_slot(s.EMPLOYMENT) not in NOT_EMPLOYED
        dispatcher.utter_message(**rendering.overview_next(items, employed))
        events: Events = []
        if any(item.get("kind") == LEAVE_KIND for item in items):
            events.append(SlotSet(s.LAST_TOPIC, "zorgverlof"))  # "krijg ik dan nog salaris?" is about leave
        if tracker.get_slot(s.BURDEN) == "heavy" and not tracker.get_slot(s.BURDEN_HANDOFF_SENT):
            dispatcher.utter_message(**rendering.BURDEN_HANDOFF)
            dispatcher.utter_message(json_message=handoff_message("burden", profile))
            events.append(SlotSet(s.BURDEN_HANDOFF_SENT, True))
        return events


class _ItemAction(SafeAction):
    """Answers a question about one catalogue item; the id comes with the button."""

    def item_id(self, tracker: Tracker) -> str | None:
        message = Message.from_latest(tracker.latest_message)
        ids = [str(v) for v in message.entity_values(s.ITEM_ID)]
        return ids[0] if ids else tracker.get_slot(s.ITEM_ID)

    @abstractmethod
    def render(self, item: Mapping[str, Any]) -> str: ...

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        item_id = self.item_id(tracker)
        item = rendered_item(item_id, tracker) if item_id else None
        if item is None:
            dispatcher.utter_message(**rendering.ITEM_UNKNOWN)
            return []
        dispatcher.utter_message(text=self.render(item), buttons=rendering.item_buttons(str(item["id"])))
        return [SlotSet(s.ITEM_ID, item["id"]), SlotSet(s.LAST_TOPIC, item.get("kind"))]


class ActionItemDetails(_ItemAction):
    def name(self) -> str:
        return "action_item_details"

    def render(self, item: Mapping[str, Any]) -> str:
        return rendering.item_details(item)


class ActionItemHowTo(_ItemAction):
    def name(self) -> str:
        return "action_item_how_to"

    def render(self, item: Mapping[str, Any]) -> str:
        return rendering.item_how_to(item)


class ActionItemContact(_ItemAction):
    def name(self) -> str:
        return "action_item_contact"

    def render(self, item: Mapping[str, Any]) -> str:
        return rendering.item_contact(item)
