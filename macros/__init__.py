"""macros package of Baulu."""
