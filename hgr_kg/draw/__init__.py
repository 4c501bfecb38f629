"""Figures drawn from the graph: the legislative timeline."""
