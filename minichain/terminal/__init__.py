"""Terminal pictures of minichain's objects, drawn with rich (tooling, not a teaching module)."""
