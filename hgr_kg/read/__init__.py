"""Reading the law: an instrument's text on a date, the diff between versions, and full-text search."""
