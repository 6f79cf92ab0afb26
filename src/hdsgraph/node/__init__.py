"""The composition root: builds every service of a node from its Settings."""

from hdsgraph.node.node import NODE_KEY, Node
from hdsgraph.node.seeding import SeedReport

__all__ = ["NODE_KEY", "Node", "SeedReport"]
