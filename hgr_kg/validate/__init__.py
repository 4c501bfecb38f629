"""Checking the graph: SHACL validation and the audit of the study's claims."""
