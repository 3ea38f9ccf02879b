"""Score question answering on a QA file (rules in the eval README): hit@k, MRR, abstention."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from corpus.figures.extract import Figure
from corpus.search.answer import Answer, Hit, ask
from corpus.storage.store import Store

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Outcome:
    id: str
    question: str
    rank: int | None  # 1-based rank of the first correct hit; None if missed
    answerable: bool
    abstained: bool


@dataclass(frozen=True)
class QAScore:
    outcomes: tuple[Outcome, ...]

    def _answerable(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.answerable]

    def hit_at(self, k: int) -> float:
        items = self._answerable()
        return sum(1 for o in items if o.rank is not None and o.rank <= k) / max(1, len(items))

    @property
    def mrr(self) -> float:
        items = self._answerable()
        return sum(1 / o.rank for o in items if o.rank) / max(1, len(items))

    @property
    def abstention(self) -> float | None:
        """Share of unanswerable questions that got no hit (None if the file has none)."""
        items = [o for o in self.outcomes if not o.answerable]
        return sum(o.abstained for o in items) / len(items) if items else None

    def summary(self) -> dict[str, float | int | None]:
        return {
            "questions": len(self.outcomes),
            "hit@1": round(self.hit_at(1), 4),
            "hit@3": round(self.hit_at(3), 4),
            "mrr": round(self.mrr, 4),
            "abstention": None if self.abstention is None else round(self.abstention, 4),
        }


def load_jsonl(path: str | Path) -> list[dict[str, object]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def is_correct(hit: Hit, item: dict[str, object]) -> bool:
    if hit.town != item.get("town") or hit.year != item.get("year"):
        return False
    text = _SPACE.sub("", hit.text)
    answers = item.get("answer") or []
    assert isinstance(answers, list)
    return all(_SPACE.sub("", str(a)) in text for a in answers)


def score(
    store: Store, items: Iterable[dict[str, object]], k: int = 10, today: date | None = None
) -> QAScore:
    """``today`` dates the relative years (今年, 去年) of the questions."""
    outcomes = []
    for item in items:
        answer: Answer = ask(store, str(item["question"]), k=k, today=today)
        outcomes.append(_outcome(item, answer.hits))
    return QAScore(tuple(outcomes))


def _outcome(item: dict[str, object], hits: Sequence[Hit]) -> Outcome:
    answerable = bool(item.get("answer")) and item.get("town") is not None
    rank = next((i for i, h in enumerate(hits, 1) if is_correct(h, item)), None)
    return Outcome(str(item.get("id")), str(item["question"]), rank, answerable, not hits)


@dataclass(frozen=True)
class FigureScore:
    true_positives: int
    predicted: int
    gold: int
    misses: tuple[dict[str, object], ...]
    extras: tuple[Figure, ...]

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0


def figure_matches(fig: Figure, gold: dict[str, object]) -> bool:
    """Same value and unit, and one label contains the other (keywords are anchors)."""
    keyword = _SPACE.sub("", str(gold["keyword"]))
    label = _SPACE.sub("", fig.label)
    same_value = abs(float(fig.value) - float(gold["value"])) < 1e-6  # type: ignore[arg-type]
    return same_value and fig.unit == gold["unit"] and (keyword in label or label in keyword)


def score_figures(predicted: Sequence[Figure], gold: Sequence[dict[str, object]]) -> FigureScore:
    """Greedy one-to-one matching of predicted figures to gold mentions of one report."""
    unused = list(predicted)
    misses = []
    for item in gold:
        found = next((f for f in unused if figure_matches(f, item)), None)
        if found is None:
            misses.append(item)
        else:
            unused.remove(found)
    tp = len(gold) - len(misses)
    return FigureScore(tp, len(predicted), len(gold), tuple(misses), tuple(unused))
