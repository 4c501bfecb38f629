"""The browser face: ``hgr-kg serve``, a local, read-only SPARQL endpoint, the canned queries as a web
API, and pages (query editor, resource pages, statute reader), over the same persistent store."""
