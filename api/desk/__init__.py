"""The support desk: agents of a tenant take over conversations the bot hands over, talk live with
the person, and hand them back (api/desk/README.md)."""
