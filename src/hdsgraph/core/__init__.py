"""The bottom layer: settings, errors, namespaces and plain model types. Imports nothing else of hdsgraph."""
