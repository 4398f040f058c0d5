"""Pure domain logic: no UI, storage or output library may be imported here (a test enforces it)."""
