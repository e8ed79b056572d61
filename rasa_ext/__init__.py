"""Extensions loaded by the Rasa server itself (runs in .venv-rasa)."""
