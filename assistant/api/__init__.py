"""The HTTP API and chat UI of docqa: ``create_app(settings=None, assistant=None)``."""

from assistant.api.app import create_app

__all__ = ["create_app"]
