"""Synthetic permit decisions for benchmarks (never for data/): N records with the distributions of
Tables 1 and 2, deterministic for a seed, 12 triples per record, every record typed hgr:Synthetic,
plus the counts an import derives from them (hgr_kg.sources.records.count_triples) and the collection's
citation, as `hgr-kg import permits` writes them.

    python benchmarks/synth.py 20000 --seed 1 -o /tmp/permits-20k.nt
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from rdflib import URIRef

from hgr_kg.sources.records import count_triples

HGR = "https://w3id.org/hgr-kg/ontology#"
ID = "https://w3id.org/hgr-kg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ELI = "http://data.europa.eu/eli/ontology#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

# Table 1: permits by year and category (2021-2024), and revocations
TABLE1 = {
    2021: {
        "collection": 1966,
        "preservation": 63,
        "export": 0,
        "international-collaboration": 3661,
        "revocation": 317,
    },
    2022: {
        "collection": 2090,
        "preservation": 80,
        "export": 1,
        "international-collaboration": 4729,
        "revocation": 309,
    },
    2023: {
        "collection": 1427,
        "preservation": 92,
        "export": 10,
        "international-collaboration": 3853,
        "revocation": 203,
    },
    2024: {
        "collection": 251,
        "preservation": 82,
        "export": 10,
        "international-collaboration": 1871,
        "revocation": 236,
    },
}
# Table 2: sponsors' shares (%), the rest to "no listed sponsor"
SPONSORS = {
    "org-beigene": 4.80,
    "org-astrazeneca": 4.03,
    "org-roche": 3.82,
    "org-msd": 2.89,
    "org-novartis": 2.40,
    "org-johnson-and-johnson": 2.27,
    "org-cspc": 1.93,
    "org-chia-tai-tianqing": 1.66,
    "org-innovent": 1.61,
    "org-bristol-myers-squibb": 1.51,
    "org-pfizer": 1.44,
    "org-boehringer-ingelheim": 1.15,
    "org-takeda": 1.02,
}
HOSPITALS = {
    "org-beijing-cancer-hospital": 7.70,
    "org-sysucc": 5.01,
    "org-fudan-cancer-hospital": 4.95,
    "org-cams-cancer-hospital": 4.67,
    "org-pumch": 3.91,
    "org-cams-hematology": 3.73,
}
SYNTHETIC_HOSPITALS = 300
REGIME = {2021: "rmhgr-2019", 2022: "rmhgr-2019", 2023: "rmhgr-2019", 2024: "rmhgr-2024"}


def records(n: int, seed: int):
    rng = random.Random(seed)
    cells = [(y, c, k) for y, row in TABLE1.items() for c, k in row.items()]
    weights = [k for _, _, k in cells]
    sponsors = list(SPONSORS) + [None]
    sponsor_w = list(SPONSORS.values()) + [100 - sum(SPONSORS.values())]
    holders = list(HOSPITALS) + [f"org-synthetic-hospital-{i}" for i in range(SYNTHETIC_HOSPITALS)]
    holder_w = (
        list(HOSPITALS.values())
        + [(100 - sum(HOSPITALS.values())) / SYNTHETIC_HOSPITALS] * SYNTHETIC_HOSPITALS
    )
    for i in range(n):
        year, category, _ = rng.choices(cells, weights)[0]
        status = "revoked" if category == "revocation" else "approved"
        if category == "revocation":
            category = rng.choice(["collection", "international-collaboration"])
        day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield (
            i,
            year,
            category,
            status,
            day,
            rng.choices(holders, holder_w)[0],
            rng.choices(sponsors, sponsor_w)[0],
        )


def write(n: int, seed: int, out: Path) -> None:
    name = f"synthetic-{seed}"
    collection = f"<{ID}records-{name}>"
    cite, document = f"<{ID}cite-records-{name}>", f"<{ID}src-records-{name}>"
    by_year: Counter[tuple[int, str, str]] = Counter()
    by_sponsor: Counter[tuple[URIRef, int, str, str]] = Counter()
    with out.open("w", encoding="utf-8") as f:
        f.write(f"{collection} <{RDF_TYPE}> <{HGR}RecordCollection> .\n")
        f.write(f"{collection} <{RDF_TYPE}> <{HGR}Synthetic> .\n")
        f.write(f'{collection} <{HGR}aggregateTolerance> "1.0"^^<{XSD}decimal> .\n')
        f.write(f"{collection} <{DCT}source> {cite} .\n")
        f.write(f"{cite} <{RDF_TYPE}> <{HGR}Citation> .\n{cite} <{DCT}isPartOf> {document} .\n"
                f'{cite} <{HGR}locator> "synthetic, seed {seed}" .\n'
                f"{document} <{RDF_TYPE}> <{HGR}SourceDocument> .\n"
                f"{document} <{RDF_TYPE}> <{HGR}Synthetic> .\n"
                f'{document} <{DCT}title> "Synthetic permit decisions (benchmarks/synth.py)"@en .\n'
                f"{document} <{HGR}sourceKind> <{ID}sourcekind-primary> .\n")  # fmt: skip
        for i in range(SYNTHETIC_HOSPITALS):
            org = f"<{ID}org-synthetic-hospital-{i}>"
            f.write(
                f"{org} <{RDF_TYPE}> <http://www.w3.org/ns/org#Organization> .\n"
                f"{org} <{RDF_TYPE}> <{HGR}Synthetic> .\n"
                f'{org} <http://www.w3.org/2004/02/skos/core#prefLabel> "Synthetic hospital {i}"@en .\n'
            )
        for i, year, category, status, day, holder, sponsor in records(n, seed):
            s = f"<{ID}permit-synthetic-{seed}-{i}>"
            by_year[year, category, status] += 1
            f.write(
                f"{s} <{RDF_TYPE}> <{HGR}Permit> .\n"
                f"{s} <{RDF_TYPE}> <{HGR}Synthetic> .\n"
                f"{s} <{HGR}recordOf> {collection} .\n"
                f'{s} <{ELI}number> "SYN-{seed}-{i:07d}" .\n'
                f'{s} <{DCT}date> "{day}"^^<{XSD}date> .\n'
                f'{s} <{HGR}refYear> "{year}"^^<{XSD}integer> .\n'
                f"{s} <{HGR}permitCategory> <{ID}permit-{category}> .\n"
                f"{s} <{HGR}decisionStatus> <{ID}status-{status}> .\n"
                f"{s} <{HGR}holder> <{ID}{holder}> .\n"
                f"{s} <{HGR}appliesProvision> <{ID}{REGIME[year]}> .\n"
                f"{s} <{DCT}source> {cite} .\n"
            )
            if sponsor:
                by_sponsor[URIRef(ID + sponsor), year, category, status] += 1
            f.write(f"{s} <{HGR}sponsor> <{ID}{sponsor}> .\n" if sponsor else
                    f'{s} <{HGR}cityOf> "synthetic" .\n')  # fmt: skip
        for triple in count_triples(name, by_year, by_sponsor):
            f.write(" ".join(term.n3() for term in triple) + " .\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--out", type=Path, required=True)
    args = parser.parse_args()
    write(args.n, args.seed, args.out)


if __name__ == "__main__":
    main()
