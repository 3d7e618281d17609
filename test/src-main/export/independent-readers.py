"""Independent readers for exported networks: networkx (Debian python3-networkx) for GraphML and .cyjs,
Python's csv module for CSV/TSV/SIF/BEELINE/adjacency, and a CX2 structure check written from the CX2 spec.
Prints one JSON object: {"nodes": {id: attrs}, "edges": [{source, target, ...}], "graph": {...}}.
Usage: python3 independent-readers.py FORMAT FILE"""
import csv
import io
import json
import sys

fmt, path = sys.argv[1], sys.argv[2]
out = {"nodes": {}, "edges": [], "graph": {}}


with open(path, encoding="utf-8", newline="") as handle:
    text = handle.read()

if fmt in ("graphml", "cyjs"):
    import networkx as nx
    if fmt == "graphml":
        graph = nx.read_graphml(path)
    else:
        document = json.loads(text)
        # networkx keys nodes by its own "value" field (its writer's extension, not part of Cytoscape.js JSON);
        # Cytoscape keys them by "id", so give networkx the id as the key and read everything else untouched.
        for element in document["elements"]["nodes"]:
            element["data"]["value"] = element["data"]["id"]
        graph = nx.cytoscape_graph(document)
    out["directed"] = graph.is_directed()
    out["graph"] = {k: v for k, v in graph.graph.items() if isinstance(v, (str, int, float, bool))}
    for node, attrs in graph.nodes(data=True):
        out["nodes"][str(node)] = {k: v for k, v in attrs.items() if isinstance(v, (str, int, float, bool, dict)) and k != "value"}
    for source, target, attrs in graph.edges(data=True):
        out["edges"].append({"source": str(source), "target": str(target), **attrs})
elif fmt in ("csv", "tsv"):
    # Read as Excel and spreadsheet users do: the first line is the header, nothing skipped.
    reader = csv.DictReader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t")
    out["header"] = list(reader.fieldnames or [])
    for row in reader:
        # Columns past rank (a sweep's consensus: confidence, fdr, ...) as numbers, an empty cell as null.
        extra = {k: (float(v) if v != "" else None) for k, v in row.items() if k not in ("source", "target", "weight", "sign", "rank")}
        out["edges"].append({"source": row["source"], "target": row["target"], "weight": float(row["weight"]),
                             "sign": int(row["sign"]), "rank": int(row["rank"]), **extra})
elif fmt == "beeline":
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    out["header"] = rows[0]
    out["edges"] = [{"source": r[0], "target": r[1], "weight": float(r[2]),
                     **{k: (float(v) if v != "" else None) for k, v in zip(rows[0][3:], r[3:])}} for r in rows[1:]]
elif fmt == "edge-table":
    # A consensus network's edge attributes next to SIF/adjacency files, keyed as Cytoscape names SIF edges.
    reader = csv.DictReader(io.StringIO(text))
    out["header"] = list(reader.fieldnames or [])
    for row in reader:
        numbers = {k: (float(v) if v != "" else None) for k, v in row.items()
                   if k not in ("shared name", "source", "interaction", "target")}
        out["edges"].append({"name": row["shared name"], "source": row["source"], "interaction": row["interaction"],
                             "target": row["target"], **numbers})
elif fmt == "sif":
    for row in csv.reader(io.StringIO(text), delimiter="\t"):
        if len(row) == 1:
            out["nodes"][row[0]] = {}
        else:
            out["nodes"].setdefault(row[0], {})
            for target in row[2:]:
                out["nodes"].setdefault(target, {})
                out["edges"].append({"source": row[0], "interaction": row[1], "target": target})
elif fmt == "adjacency":
    rows = list(csv.reader(io.StringIO(text)))
    out["header"] = rows[0]
    genes = rows[0][1:]
    for row in rows[1:]:
        out["nodes"][row[0]] = {}
        for target, value in zip(genes, row[1:]):
            if float(value) != 0.0:
                out["edges"].append({"source": row[0], "target": target, "weight": float(value)})
    out["columns"] = genes
elif fmt == "cx2":
    aspects = json.loads(text)
    assert isinstance(aspects, list), "CX2 is a JSON array of aspects"
    assert aspects[0].get("CXVersion") == "2.0", "first aspect must be CXVersion 2.0"
    merged = {}
    for aspect in aspects[1:]:
        assert len(aspect) == 1, "each aspect object has exactly one key"
        (name, value), = aspect.items()
        merged.setdefault(name, []).extend(value)
    counts = {m["name"]: m.get("elementCount") for m in merged["metaData"]}
    for name in ("nodes", "edges", "networkAttributes", "attributeDeclarations"):
        assert counts.get(name) == len(merged.get(name, [])), f"metaData elementCount of {name} is wrong"
    declarations = merged["attributeDeclarations"][0]
    types = {"string": str, "boolean": bool, "integer": int, "double": (int, float), "long": int}
    ids = {}
    for node in merged["nodes"]:
        for key, value in node["v"].items():
            assert key in declarations["nodes"], f"node attribute {key} is not declared"
            assert isinstance(value, types[declarations["nodes"][key]["d"]]), f"node attribute {key} has the wrong type"
        assert isinstance(node["x"], (int, float)) and isinstance(node["y"], (int, float))
        ids[node["id"]] = node["v"]["name"]
        out["nodes"][node["v"]["name"]] = {k: v for k, v in node["v"].items() if k != "name"}
    for edge in merged["edges"]:
        for key, value in edge["v"].items():
            assert key in declarations["edges"], f"edge attribute {key} is not declared"
            assert isinstance(value, types[declarations["edges"][key]["d"]]), f"edge attribute {key} has the wrong type"
        out["edges"].append({"source": ids[edge["s"]], "target": ids[edge["t"]], **edge["v"]})
    out["graph"] = merged["networkAttributes"][0]
else:
    raise SystemExit(f"unknown format {fmt}")

print(json.dumps(out))
