"""topics layer."""
