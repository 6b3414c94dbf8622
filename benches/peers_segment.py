"""Times the sentence-splitting peers on the first SIZE_MB of a generated corpus.

usage: peers_segment.py CORPUS_DIR SIZE_MB [PEER]

Each article's header token is dropped and its paragraphs are fed one at a time, as
`benches/segmenters.rs` feeds kroniek's segmenter. Prints MB/s per peer; PEER (sentencex,
blingfire, spacy, pysbd, ucto) runs only that one, so `/usr/bin/time -v` gives its own peak
RSS (`make bench` does that). Peers that are not installed are skipped with a notice.
"""
import pathlib
import shutil
import subprocess
import sys
import time

corpus, size_mb = pathlib.Path(sys.argv[1]), float(sys.argv[2])
paragraphs, total = [], 0
for path in sorted(corpus.rglob("*.txt")):
    body = path.read_text(encoding="utf-8").split(" ", 3)[3]
    for p in body.split("\n\n"):
        paragraphs.append(p)
        total += len(p.encode())
    if total >= size_mb * 1e6:
        break
mb = total / 1e6


def timed(name, split):
    start = time.perf_counter()
    n = sum(len(split(p)) for p in paragraphs)
    secs = time.perf_counter() - start
    print(f"{name:<28} {mb / secs:8.2f} MB/s  {n:8d} sentences", flush=True)


def run(name, make):
    try:
        split = make()
    except Exception as err:  # not installed, or its model is missing
        print(f"{name:<28} skipped: {err}")
        return
    timed(name, split)


def pysbd_split():
    import pysbd
    seg = pysbd.Segmenter(language="nl", clean=False)
    return seg.segment


def sentencex_split():
    import sentencex
    return lambda p: list(sentencex.segment("nl", p))


def spacy_split():
    import spacy
    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    return lambda p: list(nlp(p).sents)


def blingfire_split():
    import blingfire
    return lambda p: blingfire.text_to_sentences(p).split("\n")


def time_ucto():
    # One process over all paragraphs (blank-line separated): starting ucto per paragraph
    # would time its start-up, not its splitting.
    text = "\n\n".join(paragraphs)
    start = time.perf_counter()
    out = subprocess.run(["ucto", "-L", "nld", "-Q", "-n"], input=text.encode(),
                         stdout=subprocess.PIPE, check=True).stdout
    n = sum(1 for line in out.decode().splitlines() if line.strip())
    print(f"{'ucto -Q':<28} {mb / (time.perf_counter() - start):8.2f} MB/s  {n:8d} sentences", flush=True)


PEERS = {
    "sentencex": ("sentencex (Python)", sentencex_split),
    "blingfire": ("blingfire", blingfire_split),
    "spacy": ("spaCy blank nl + sentencizer", spacy_split),
    "pysbd": ("pySBD", pysbd_split),
}
chosen = sys.argv[3:] or [*PEERS, "ucto"]
for key in chosen:
    if key == "ucto":
        if shutil.which("ucto"):
            time_ucto()
        else:
            print(f"{'ucto -Q':<28} skipped: apt-get install -y ucto")
    else:
        run(*PEERS[key])
