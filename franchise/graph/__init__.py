"""How series connect, as a graph: its data (data), the connection finder's paths (paths)
and its drawing (layout)."""

from franchise.graph.data import (
    Connection,
    LinkEdge,
    SeriesGraph,
    SeriesNode,
    series_graph,
)
from franchise.graph.layout import HORIZONTAL, VERTICAL, GraphLayout, graph_layout
from franchise.graph.paths import ChainLink, ChainStep, chain_evidence, connection_find

__all__ = [
    "HORIZONTAL",
    "VERTICAL",
    "ChainLink",
    "ChainStep",
    "Connection",
    "GraphLayout",
    "LinkEdge",
    "SeriesGraph",
    "SeriesNode",
    "chain_evidence",
    "connection_find",
    "graph_layout",
    "series_graph",
]
