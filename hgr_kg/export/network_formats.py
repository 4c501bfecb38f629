"""The writers of the exported network (:func:`hgr_kg.export.network_graph.to_networkx`): GraphML, GEXF,
Cytoscape.js JSON, node-link JSON, DOT, and a self-contained interactive HTML page (vis-network, from
the pyvis package, embedded).
"""

from __future__ import annotations

import json
from importlib import resources

import networkx as nx

from hgr_kg.errors import HgrKgError
from hgr_kg.export.network_nodes import KIND_COLOURS, NODE_ATTRIBUTES


def _without_viz(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    h = g.copy()
    for _, data in h.nodes(data=True):
        data.pop("viz", None)
    return h


def _dot_quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


LARGE_DOT = 300  # nodes above which the DOT file asks Graphviz for a quicker layout (straight edges)


def to_dot(g: nx.MultiDiGraph) -> str:
    lines = [f"digraph {_dot_quote(g.graph.get('name', 'hgr-kg'))} {{", "  rankdir=LR;",
             '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=10];',
             '  edge [fontname="DejaVu Sans", fontsize=8, color="#777777"];']  # fmt: skip
    if g.number_of_nodes() > LARGE_DOT:  # every article: dot took minutes to place and route it
        lines.insert(2, "  mclimit=0.1; nslimit=1; nslimit1=1; searchsize=10; splines=line;")
    for node, data in g.nodes(data=True):
        text = data["label"] if len(data["label"]) <= 60 else data["label"][:57] + "..."
        fill = _dot_quote(data["color"] + "55")
        lines.append(f"  {_dot_quote(node)} [label={_dot_quote(text)}, fillcolor={fill}, "
                     f"color={_dot_quote(data['color'])}, tooltip={_dot_quote(data['kind'])}];")  # fmt: skip
    for s, o, data in g.edges(data=True):
        lines.append(f"  {_dot_quote(s)} -> {_dot_quote(o)} [label={_dot_quote(data['label'])}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _vis_network() -> tuple[str, str]:
    """vis-network's script and style, read from the installed pyvis package (no CDN)."""
    try:
        lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
        return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(
            encoding="utf-8"
        )
    except (ModuleNotFoundError, FileNotFoundError) as err:
        raise HgrKgError(f"the HTML export needs the pyvis package's vis-network files: {err}") from None


def _shown_facts(data: dict) -> dict[str, list[str]]:
    """A node's fact attributes as the HTML view's panel lists them."""
    return {name.replace("_", " "): [str(value)] for name, value in sorted(data.items())
            if name not in NODE_ATTRIBUTES}  # fmt: skip


def to_html(g: nx.MultiDiGraph) -> str:
    from hgr_kg.templating import environment

    script, style = _vis_network()
    nodes = [{"id": n, "label": d["label"], "label_zh": d["label_zh"], "kind": d["kind"], "date": d["date"],
              "color": d["color"], "iri": d["iri"], "facts": _shown_facts(d),
              "sources": d["sources"].split("\n") if d["sources"] else [], "observations": d["observations"]}
             for n, d in g.nodes(data=True)]  # fmt: skip
    edges = [
        {"from": s, "to": o, "label": d["label"], "locator": d["locator"]} for s, o, d in g.edges(data=True)
    ]
    kinds = sorted({n["kind"] for n in nodes})
    legend = [{"kind": k, "name": KIND_COLOURS[k][1], "color": KIND_COLOURS[k][0]} for k in kinds]
    data = {"nodes": nodes, "edges": edges, "legend": legend}  # the template embeds it with script_json
    template = environment().get_template("graph.html.jinja2")
    return template.render(title=g.graph.get("name", "hgr-kg"), script=script, style=style, data=data)


def render(g: nx.MultiDiGraph, fmt: str) -> bytes:
    """The networkx graph ``g`` (:func:`to_networkx`) in ``fmt``."""
    if fmt == "graphml":
        buffer = "\n".join(nx.generate_graphml(_without_viz(g)))
        return (buffer + "\n").encode("utf-8")
    if fmt == "gexf":
        return ("\n".join(nx.generate_gexf(g, version="1.2draft")) + "\n").encode("utf-8")
    if fmt == "cytoscape":
        return json.dumps(nx.cytoscape_data(_without_viz(g)), ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "json":
        return json.dumps(
            nx.node_link_data(_without_viz(g), edges="edges"), ensure_ascii=False, indent=1
        ).encode("utf-8")
    if fmt == "dot":
        return to_dot(g).encode("utf-8")
    return to_html(g).encode("utf-8")
