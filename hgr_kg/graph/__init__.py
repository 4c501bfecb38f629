"""The graph: merging the sources into one RDF graph (the statutes' structure, versions, penalties and
cross-references included), labels, and the persistent store. Builds on ``hgr_kg.sources`` only."""
