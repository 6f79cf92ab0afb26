"""The ``hdsgraph`` command."""
