"""hgr-kg: an open, sourced legal knowledge graph of China's regulation of human genetic resources."""

from hgr_kg.errors import HgrKgError

__version__ = "0.1.0"

__all__ = ["HgrKgError", "__version__", "load_graph"]


def load_graph(root: "str | None" = None) -> "object":
    """Build and return the merged graph (ontology + curated data) as an ``rdflib.Graph``."""
    from hgr_kg.graph.build import build_graph
    from hgr_kg.paths import Project

    return build_graph(Project.locate(root))
