"""sync package of Baulu."""
