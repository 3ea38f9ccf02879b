"""Every number that ranks passages for a question, named in one place.

Term weights are made in :mod:`corpus.search.query`; candidates, scores and thresholds in
:mod:`corpus.search.answer`. A score is ``best_window`` × the best sentence (pair)'s coverage
+ ``whole_passage`` × the passage's coverage + ``fuzzy`` × its fuzzy similarity, plus the
bonuses below; a passage answers when its coverage and score reach the two minimums.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    # -- candidates ------------------------------------------------------------------------
    candidates: int = 50  # passages the full-text index hands over
    places_read_whole: int = 40  # a county's places are read whole up to this many
    shortlist: int = 20  # candidates that get the full (per-sentence) scoring
    min_tokens: int = 1  # the full-text query uses at least the rarest question token …
    max_share: float = 0.02  # … and more only while they match at most this share of passages

    # -- what answers ----------------------------------------------------------------------
    min_coverage: float = 0.45  # share of the weighted terms the best sentences must hold
    min_score: float = 0.42  # the least score of a hit
    nearest_coverage: float = 0.5  # × min_coverage: a near miss, named as the nearest section

    # -- term weights (query) --------------------------------------------------------------
    generic_term: float = 1.0  # boilerplate of every report (dict/generic_words.txt)
    number_term: float = 12.0  # a number written in the question ("12345", "95%")
    unknown_idf: float = 10.0  # a word jieba's IDF table lacks
    single_char: float = 0.3  # × IDF for a one-character word

    # -- the score -------------------------------------------------------------------------
    best_window: float = 0.55  # coverage of the best sentence or pair of sentences
    whole_passage: float = 0.25  # coverage of the whole passage (heading included)
    fuzzy: float = 0.2  # rapidfuzz partial ratio of the question's terms and the snippet
    loose_term: float = 0.5  # × weight: a term (3+ characters) found only fuzzily
    loose_ratio: int = 75  # the least partial ratio for that fuzzy credit
    loose_length: int = 3  # the shortest term given fuzzy credit
    long_window: float = 0.02  # penalty for a window longer than long_window_chars
    long_window_chars: int = 200
    proximity: float = 0.05  # at most, for the matched terms standing close together
    proximity_span: float = 8.0  # characters per term within which terms count as close
    preferred_year: float = 0.05  # the year the question prefers (its plan's report)
    lead_in: float = 0.15  # penalty: "…还存在一些问题与不足：" only leads in to the answer

    # -- quantity questions ----------------------------------------------------------------
    no_figure: float = -0.05  # a quantity question, a window stating no figure
    any_figure: float = 0.03  # a window stating a figure
    asked_unit: float = 0.07  # × share of the asked units the window states

    # -- the report part asked about (problems, plans) -------------------------------------
    part_wanted: float = 0.12  # the passage is in the part asked about
    part_other: float = -0.04  # it is not
    part_unasked: float = -0.06  # problems or plans, when the question asks for neither


WEIGHTS = Weights()
