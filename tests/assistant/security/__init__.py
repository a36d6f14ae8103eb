"""Hostile input: prompt injection, markup in documents and answers, path traversal."""
