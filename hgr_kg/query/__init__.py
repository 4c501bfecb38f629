"""Asking the graph: canned, parameterised SPARQL (``queries/*.rq``), result forms, and SPARQL servers
over HTTP. Builds on ``hgr_kg.graph``."""
