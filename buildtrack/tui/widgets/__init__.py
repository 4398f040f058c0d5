"""Widgets of the buildtrack UI."""
