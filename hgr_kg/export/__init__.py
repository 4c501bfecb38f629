"""The graph for other tools: network formats for visualisation, and publishing to a SPARQL server."""
