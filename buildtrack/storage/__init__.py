"""Persistence: the store interface, its TinyDB implementation, and the JSON interchange format."""
