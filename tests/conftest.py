"""Shared test plumbing. Kept to the standard library: tests/actions runs in .venv-rasa too."""

pytest_plugins = ["tests.stack_fixture"]
