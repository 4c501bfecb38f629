#!/usr/bin/env bash
# The cost of every article of the codes: each command timed in one cold process, on the project
# (every article) and on a copy whose codes hold their HGR articles only, in the same run.
# Run: make bench-whole (or bash benchmarks/whole_codes.sh REPO). Removes REPO/dist.
set -u
REPO=$1; PY=$REPO/.venv/bin/python
rm -rf /tmp/hgrcopy && mkdir -p /tmp/hgrcopy
(cd $REPO && $PY -c "
from pathlib import Path
from tests.conftest import hgr_copy
hgr_copy(Path('/tmp/hgrcopy'))")
t() { local s=$(date +%s.%N); "$@" >/dev/null 2>&1; local rc=$?; local e=$(date +%s.%N); printf "%.2f" $(echo "$e - $s" | bc); [ $rc = 0 ] || printf "(rc=%s)" $rc; }
for run in 1 2; do
  for root in $REPO /tmp/hgrcopy; do
    name=$([ $root = $REPO ] && echo whole || echo hgr-only)
    rm -rf /tmp/bd /tmp/bo $root/dist
    d=$(t $PY -m hgr_kg --root $root demo --dist /tmp/bd --out /tmp/bo)
    dc=$(t $PY -m hgr_kg --root $root demo --dist /tmp/bd --out /tmp/bo)
    b=$(t $PY -m hgr_kg --root $root build)
    v=$(t $PY -m hgr_kg --root $root validate)
    $PY -m hgr_kg --root $root query run instruments >/dev/null 2>&1
    q1=$(t $PY -m hgr_kg --root $root query run provisions -f csv)
    q2=$(t $PY -m hgr_kg --root $root query run provisions -p instrument=hgrid:rmhgr-2024 -f csv)
    q3=$(t $PY -m hgr_kg --root $root query run article-counts -f csv)
    q4=$(t $PY -m hgr_kg --root $root query run penalties -f csv)
    q5=$(t $PY -m hgr_kg --root $root diff criminal-law --from 2022-01-01 --to 2025-01-01)
    v0=$(t $PY -m hgr_kg --version)
    echo "run $run $name: demo-new $d demo-cached $dc build $b validate $v provisions $q1 provisions-rmhgr2024 $q2 article-counts $q3 penalties $q4 diff-criminal $q5 startup $v0"
  done
done
