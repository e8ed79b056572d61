"""Insight without exposure (issue 16, point 4): per month, how many conversations, which needs and
burden levels, which kinds of support were shown, how many asked for a person and how fast they
were helped; for a tenant's supervisors and admins (desk `GET /desk/api/insights`, CLI `insights`),
and for a municipality's tenant also the public site's conversations about its residents.

tables.py (one anonymous row per conversation, linked only while it exists), payload.py (the
bot's `insight` key), store.py (recording and reading), recorder.py (the gateway's hooks),
suppression.py (groups under 10, also those that could be worked out), figures.py (JSON and the
Dutch table), cli.py (the desk CLI's commands), desk.py (the desk's route logic).
"""
