"""Reading what the graph is built from: bytes to text, CSV through CSVW, imported permit records,
the statute text files, and the checks every input term must pass. Imports nothing of the later
layers (graph, query, validate, read, draw, export, cli)."""
