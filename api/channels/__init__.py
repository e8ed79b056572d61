"""Messaging channels (WhatsApp, Telegram): webhooks in, provider send calls out."""
