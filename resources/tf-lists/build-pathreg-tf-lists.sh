#!/bin/sh
# Rebuilds the PathReg TF lists in this folder from the PathReg data copy (theislab/PathReg, MIT).
# Usage: sh resources/tf-lists/build-pathreg-tf-lists.sh [/work/shared/data/pathreg-hematopoiesis/tf-targets]
set -eu
SRC="${1:-/work/shared/data/pathreg-hematopoiesis/tf-targets}"
OUT="$(dirname "$0")"
export LC_ALL=C

header() {
  printf '# %s\n# Source: theislab/PathReg commit 46263bb7695054dc0d2733203fefbd6ae1d453b6, data/data/TFs_Targets/ (MIT, see LICENSE-PathReg.txt).\n# Built by build-pathreg-tf-lists.sh; one gene symbol per line.\n' "$1"
}

# The base GRN's TFs are its row names (first column, after the header row "TF.human,...").
rows() { gunzip -c "$SRC/$1" | tail -n +2 | cut -d, -f1 | tr -d '"\r'; }

rows tf_targets_baseGRN_human_matrix.csv.gz | sort -u > "$OUT/.base.tmp"
{ header 'TFs of the PathReg base GRN (tf_targets_baseGRN_human_matrix.csv.gz row names), human.'; cat "$OUT/.base.tmp"; } > "$OUT/pathreg-basegrn-human.txt"

# Lineage TF sets as the paper's notebook builds them: the union of the row names of the per-cell-type matrices,
# intersected with the base GRN's TFs.
lineage() {
  name="$1"; shift
  for cell_type in "$@"; do rows "${cell_type}_matrix.csv.gz"; done | sort -u | comm -12 - "$OUT/.base.tmp" > "$OUT/.lineage.tmp"
  { header "TFs of the $name lineage (union of the row names of: $*), within the base GRN's TFs."; cat "$OUT/.lineage.tmp"; } > "$OUT/pathreg-lineage-$name-human.txt"
}
lineage mono 'HSC' 'G_M prog' 'CD14+ Mono' 'CD16+ Mono'
lineage eryth 'HSC' 'MK_E prog' 'Proerythroblast' 'Erythroblast' 'Normoblast'
lineage B 'HSC' 'Lymph prog' 'Transitional B' 'Naive CD20+ B'
rm -f "$OUT/.base.tmp" "$OUT/.lineage.tmp"
