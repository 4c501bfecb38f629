"""Output format names, importable without rdflib (the command line builds its parser from them, and a
command that needs no graph, such as ``search``, must not pay rdflib's import time)."""

RESULT_FORMATS = ("table", "csv", "json", "md", "latex")
