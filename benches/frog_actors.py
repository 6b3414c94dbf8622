#!/usr/bin/env python3
"""Peer comparison: how many gold actors of the seeds does Frog's NER find?

Frog (Dutch NLP suite, LST Nijmegen / ILK Tilburg) is installed from Debian's packages,
which this script does NOT do itself:

    apt-get update && apt-get install -y frog frogdata

Usage: python3 benches/frog_actors.py [GOLD.jsonl]   (default ../shared/gold/seeds.jsonl)

Method. Each gold sentence is given to Frog on its own line (`frog -n --skip=mpcla`:
tokenizer, tagger and NER only). Frog's entities (PER/ORG/LOC/...) carry no registry id,
so an entity is linked to actors through our registry's aliases (schema/actor_aliases.csv
rows of kind name, surname, transliteration, abbreviation, metonym, capital; the
comparison is case- and accent-folded, a possessive `s`/`'s` is stripped, and a
multi-word PER entity also links through its last word). A gold actor counts as found
when an entity of its sentence links to it. Our figures come from `kroniek eval`
(tests/gold.rs asserts them): they are printed for reference only when given with
--ours R.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SENTINEL = "Zzqxsentinel"
LINKING_KINDS = {"name", "surname", "transliteration", "abbreviation", "metonym", "capital"}


def fold(s):
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c)).strip()


def alias_index():
    index = defaultdict(set)
    with open(os.path.join(ROOT, "schema/actor_aliases.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kind"] in LINKING_KINDS:
                index[fold(row["alias"])].add(row["actor_id"])
    with open(os.path.join(ROOT, "schema/actors.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            index[fold(row["name_nl"])].add(row["id"])
    return index


def link(entity, etype, index):
    text = fold(entity)
    forms = {text}
    for suffix in ("'s", "s"):
        if text.endswith(suffix):
            forms.add(text[: -len(suffix)])
    words = text.split()
    if etype == "per" and len(words) > 1:
        forms.add(words[-1])
    ids = set()
    for form in forms:
        ids |= index.get(form, set())
    return ids


def run_frog(sentences):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "in.txt")
        with open(path, "w", encoding="utf-8") as f:
            for s in sentences:
                # A sentinel line after each sentence: Frog's tokenizer may still split
                # one input line into two sentences, and the sentinel regroups them.
                f.write(" ".join(s.split()) + "\n" + SENTINEL + "\n")
        out = subprocess.run(
            ["frog", "-n", "--skip=mpcla", "-t", path],
            capture_output=True, text=True, check=True,
        ).stdout
    blocks, current = [], []
    for line in out.split("\n"):
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        current.append(line.split("\t"))
    if current:
        blocks.append(current)
    grouped, rows = [], []
    for b in blocks:
        if len(b) == 1 and b[0][1:2] == [SENTINEL]:
            grouped.append(rows)
            rows = []
        else:
            rows.extend(b)
    return [entities(b) for b in grouped]


def entities(rows):
    ents, words, etype = [], [], None
    for cols in rows:
        tag = cols[7] if len(cols) > 7 else "O"  # idx word lemma morph - pos prob NER
        if tag.startswith("B-") or tag == "O":
            if words:
                ents.append((" ".join(words), etype))
            words, etype = ([cols[1]], tag[2:].lower()) if tag.startswith("B-") else ([], None)
        elif tag.startswith("I-") and words:
            words.append(cols[1])
    if words:
        ents.append((" ".join(words), etype))
    return ents


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    gold_path = args[0] if args else os.path.join(ROOT, "../shared/gold/seeds.jsonl")
    sentences, gold = [], []
    with open(gold_path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            for s in doc["sentences"]:
                sentences.append(s["text"])
                gold.append(set(s.get("actors", [])))
    found_ents = run_frog(sentences)
    if len(found_ents) != len(sentences):
        sys.exit(f"frog returned {len(found_ents)} sentences for {len(sentences)}")
    index = alias_index()
    n_gold = sum(len(g) for g in gold)
    hit = 0
    by_type = Counter()
    ent_types = Counter()
    unlinked = Counter()
    linked_wrong = 0
    n_linked_pairs = 0
    for g, ents in zip(gold, found_ents):
        linked = set()
        for text, etype in ents:
            ent_types[etype] += 1
            ids = link(text, etype, index)
            if not ids:
                unlinked[text] += 1
            linked |= ids
        hit += len(g & linked)
        linked_wrong += len(linked - g)
        n_linked_pairs += len(linked)
        for a in g & linked:
            by_type[a] += 1
    print(f"sentences: {len(sentences)}; gold actor mentions (sentence-level): {n_gold}")
    print(f"frog entities: {sum(ent_types.values())} by type {dict(ent_types)}")
    print(f"frog recall of gold actors (linked through the registry): {hit}/{n_gold} = {hit / max(n_gold, 1):.3f}")
    if n_linked_pairs:
        print(f"frog linked precision: {hit}/{n_linked_pairs} = {hit / n_linked_pairs:.3f}")
    print(f"frog entities linking to no registry actor: {sum(unlinked.values())} "
          f"(top: {unlinked.most_common(15)})")


if __name__ == "__main__":
    main()
