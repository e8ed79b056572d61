"""Events between parts of the gateway: an interface with an in-process implementation."""

from api.events.bus import Event, EventBus, InProcessEventBus, Subscription, conversation_topic, tenant_topic

__all__ = ["Event", "EventBus", "InProcessEventBus", "Subscription", "conversation_topic", "tenant_topic"]
