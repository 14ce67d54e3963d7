"""Nature of work: classify the JD's work sentences against curated exemplar sentences.

Each work sentence is compared with every exemplar of ``seeds/enrichment/nature-of-work.yaml``; its
similarity to a category is that of the category's closest exemplar. Each sentence votes for its closest
category with weight ``(similarity - FLOOR) * position`` (only similarity above chance counts; JDs list
the main duties first, so the first sentence counts fully and the last half), and the category with the
most support wins (ties: the better best match, then file order). The quote is the winning category's
best sentence; the summary is extractive: the most representative work sentence, plus a second,
different one when both fit in one readable sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from taxo.core.embeddings import Embedder
from taxo.engine.enrich.catalog import Loaded, NatureCatalog, exemplar_vectors
from taxo.engine.enrich.text import similarity
from taxo.engine.models.enrichment import CategoryScore, NatureOfWork

#: Similarity of unrelated text on the (1 + cos) / 2 scale; support counts only what lies above it.
FLOOR = 0.5
LAST_SENTENCE_DISCOUNT = 0.5
MAX_SUMMARY_CHARS = 280
ALTERNATIVES = 3
_LABEL = re.compile(r"^\s*(?:[A-Z][\w&/-]*\s*){1,4}:\s+(?=[A-Z])")  # "Customer Requirements: Partner with ..."
_TRAILING = re.compile(r"[\s.;:,!]+$")


@dataclass(frozen=True)
class Classified:
    """Per-category scores of a set of sentences."""

    matrix: np.ndarray  # sentences x categories, similarity of each sentence's closest exemplar
    winner: int
    quote_row: int
    scores: list[CategoryScore]

    @property
    def best_similarity(self) -> float:
        return float(self.matrix.max()) if self.matrix.size else 0.0


def classify(vectors: np.ndarray, catalog: Loaded, embedder: Embedder) -> Classified | None:
    """Scores of every category for these sentence vectors (None without sentences)."""
    if len(vectors) == 0:
        return None
    cats: NatureCatalog = catalog.data
    ex, owner = exemplar_vectors(catalog, embedder)
    sims = similarity(np.clip(vectors @ ex.T, -1.0, 1.0))
    n_cat = len(cats.categories)
    matrix = np.full((len(vectors), n_cat), -np.inf, dtype=np.float64)
    for c in range(n_cat):
        matrix[:, c] = sims[:, owner == c].max(axis=1)
    votes = matrix.argmax(axis=1)
    support = np.zeros(n_cat)
    count = np.zeros(n_cat, dtype=int)
    n = len(vectors)
    for i, c in enumerate(votes):
        position = 1.0 - LAST_SENTENCE_DISCOUNT * i / max(1, n - 1)
        support[c] += max(0.0, float(matrix[i, c]) - FLOOR) * position
        count[c] += 1
    best = matrix.max(axis=0)
    order = sorted(range(n_cat), key=lambda c: (-round(float(support[c]), 9), -round(float(best[c]), 9), c))
    winner = order[0]
    voters = [i for i, c in enumerate(votes) if c == winner]
    rows = voters or list(range(len(vectors)))
    quote_row = max(rows, key=lambda i: (round(float(matrix[i, winner]), 9), -i))
    scores = [
        CategoryScore(
            category=cats.categories[c].slug,
            name=cats.categories[c].name,
            support=round(float(support[c]), 4),
            sentences=int(count[c]),
            best_similarity=round(float(best[c]), 4),
        )
        for c in order[:ALTERNATIVES]
    ]
    return Classified(matrix, winner, quote_row, scores)


def _clause(sentence: str) -> str:
    """A sentence as a summary clause: no leading label, no trailing punctuation."""
    return _TRAILING.sub("", _LABEL.sub("", sentence.strip()))


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first.isupper() or any(ch.isupper() for ch in first[1:])):
        return text  # an acronym or a product name: PHP, iOS, GraphQL
    return text[:1].lower() + text[1:]


def summarize(sentences: list[str], vectors: np.ndarray, relevance: np.ndarray) -> tuple[str, list[str]]:
    """An extractive one-sentence summary and the JD sentences it was built from (in JD order).

    The lead is the sentence that is most central to the JD's work and most relevant to the winning
    category; a second sentence is chosen by maximal marginal relevance (relevant, yet different from the
    lead) and joined with a semicolon when the result stays short enough.
    """
    n = len(sentences)
    if n == 1:
        return _clause(sentences[0]) + ".", [sentences[0]]
    sim = similarity(np.clip(vectors @ vectors.T, -1.0, 1.0))
    centrality = (sim.sum(axis=1) - np.diag(sim)) / (n - 1)
    score = 0.5 * relevance + 0.5 * centrality
    lead = max(range(n), key=lambda i: (round(float(score[i]), 9), -i))
    chosen = [lead]
    rest = [j for j in range(n) if j != lead]
    second = max(rest, key=lambda j: (round(float(score[j] - 0.5 * sim[lead, j]), 9), -j))
    if len(_clause(sentences[lead])) + len(_clause(sentences[second])) + 3 <= MAX_SUMMARY_CHARS:
        chosen.append(second)
    chosen.sort()
    clauses = [_clause(sentences[i]) for i in chosen]
    text = "; ".join([clauses[0], *(_lower_first(c) for c in clauses[1:])]) + "."
    return text, [sentences[i] for i in chosen]


def from_jd(
    sentences: list[str], vectors: np.ndarray, catalog: Loaded, embedder: Embedder
) -> tuple[NatureOfWork, float]:
    """The JD's nature of work, and the best sentence-to-category similarity (for the sparse rules)."""
    result = classify(vectors, catalog, embedder)
    if result is None:
        return NatureOfWork(
            category=None,
            category_name=None,
            summary=None,
            summary_method="none",
            quote=None,
            similarity=None,
            source="jd",
            note="The JD has no sentence describing the work.",
        ), 0.0
    cat = catalog.data.categories[result.winner]
    summary, used = summarize(sentences, vectors, result.matrix[:, result.winner])
    return NatureOfWork(
        category=cat.slug,
        category_name=cat.name,
        summary=summary,
        summary_method="extractive",
        summary_sentences=used,
        quote=sentences[result.quote_row],
        similarity=round(float(result.matrix[result.quote_row, result.winner]), 4),
        alternatives=result.scores,
        source="jd",
    ), result.best_similarity


def from_role(
    role_name: str,
    description: str | None,
    kra_texts: list[str],
    kra_vectors: np.ndarray,
    catalog: Loaded,
    embedder: Embedder,
) -> NatureOfWork:
    """A role baseline: the role's KRAs classified the same way; the summary is the role's description."""
    result = classify(kra_vectors, catalog, embedder)
    summary = _first_sentence(description) if description else None
    if result is None:
        return NatureOfWork(
            category=None,
            category_name=None,
            summary=summary,
            summary_method="role_description" if summary else "none",
            quote=None,
            similarity=None,
            source="role_baseline",
            note=f"The {role_name} role has no KRAs to classify.",
        )
    cat = catalog.data.categories[result.winner]
    return NatureOfWork(
        category=cat.slug,
        category_name=cat.name,
        summary=summary,
        summary_method="role_description" if summary else "none",
        quote=None,
        similarity=round(float(result.matrix[result.quote_row, result.winner]), 4),
        alternatives=result.scores,
        source="role_baseline",
        note=f"From the {role_name} baseline: its {len(kra_texts)} KRAs classified; closest to the category: "
        f"'{kra_texts[result.quote_row]}'",
    )


def _first_sentence(text: str) -> str:
    m = re.search(r"(?<=[.!?])\s+(?=[A-Z])", text.strip())
    return text.strip()[: m.start()] if m else text.strip()
