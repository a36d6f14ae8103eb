"""One router per resource; ``assistant.api.app`` registers them."""
