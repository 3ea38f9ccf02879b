# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
""":meth:`corpus.search.scorer.Scorer.ranked` in C: which terms a passage holds, its bound,
its best sentence or pair of sentences and its score, with the same sums in the same order,
so the same floats, the same winner and the same ranking as the Python scorer, which stays
the reference (and the path of a build without a C compiler): ``tests/test_ranker.py``
holds the two to the same results.

Terms are bits of a 64-bit mask (a question of more terms is ranked in Python); a match is
kept as ``position << 8 | term``, so that sorting the integers sorts (position, term)."""

from cpython.unicode cimport PyUnicode_Contains, PyUnicode_Find
from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport free, malloc, realloc

MAX_TERMS = 64
MAX_UNITS = 62  # the units a quantity question asks for, as bits 0–61 (bit 63: any unit)


cdef extern from "stdlib.h":
    void qsort(void* base, size_t count, size_t size,
               int (*compare)(const void*, const void*) noexcept nogil) nogil


cdef struct Valued:  # a window, a candidate's bound or a score (``cov``: a window's coverage)
    double value
    double cov
    Py_ssize_t k


cdef struct Held:  # which terms a passage holds: in its heading, its text, neither
    double heading  # their weights, summed in term order
    uint64_t present
    uint64_t missing


cdef int _by_value(const void* x, const void* y) noexcept nogil:
    # best first, and among equal values the first (Python's stable sort)
    cdef const Valued* p = <const Valued*> x
    cdef const Valued* q = <const Valued*> y
    if p.value > q.value:
        return -1
    if p.value < q.value:
        return 1
    return (p.k > q.k) - (p.k < q.k)


cdef int _by_key(const void* x, const void* y) noexcept nogil:
    cdef int64_t a = (<const int64_t*> x)[0]
    cdef int64_t b = (<const int64_t*> y)[0]
    return (a > b) - (a < b)


cdef double _closeness(const int64_t* keys, Py_ssize_t count, Py_ssize_t length,
                       double span) noexcept nogil:
    """:func:`corpus.search.scoring.closeness` of (position << 8 | term) keys, ascending."""
    cdef int seen[64]
    cdef int wanted = 0, have = 0, i, j
    cdef Py_ssize_t r, left = 0, best = length, gap
    for r in range(64):
        seen[r] = 0
    for r in range(count):
        i = <int> (keys[r] & 0xFF)
        if seen[i] == 0:
            wanted += 1
        seen[i] = 1
    if wanted < 2:
        return 0.0
    for r in range(64):
        seen[r] = 0
    for r in range(count):
        i = <int> (keys[r] & 0xFF)
        if seen[i] == 0:
            have += 1
        seen[i] += 1
        while have == wanted:
            gap = <Py_ssize_t> ((keys[r] >> 8) - (keys[left] >> 8))
            if gap < best:
                best = gap
            j = <int> (keys[left] & 0xFF)
            seen[j] -= 1
            if seen[j] == 0:
                have -= 1
            left += 1
    cdef double near = span * wanted / <double> (best if best > 1 else 1)
    return near if near < 1.0 else 1.0


cdef class Ranker:
    """What ranking needs of one question, taken from its :class:`Scorer` (which it calls
    back for the rare passage its own path does not read: sentences holding a NUL), and
    buffers reused from passage to passage: one question is ranked by one thread."""

    cdef object fallback, loosely_in, partial_ratio, scored, trim, figure_unit
    cdef list variants, patterns, loose_words, found_by, words
    cdef int term_count
    cdef double weight[64]
    cdef uint64_t numbers, loose
    cdef int* term_of
    cdef Py_ssize_t* size_of
    cdef Py_ssize_t word_count
    cdef frozenset chars
    cdef dict bonus
    cdef double other_bonus, total
    cdef object year_bonus
    cdef bint lead_in, quantity
    cdef str core
    # the weights of the score (corpus.search.weights)
    cdef double w_best, w_whole, w_fuzzy, w_loose, w_proximity, w_span, w_long
    cdef double w_year, w_lead_in, w_figure, w_no_figure, w_any_figure, w_asked_unit
    cdef list asked  # the units a quantity question asks for
    cdef Py_ssize_t w_long_chars
    # buffers
    cdef int64_t* keys
    cdef Py_ssize_t key_room
    cdef int64_t* window
    cdef Py_ssize_t window_room
    cdef Py_ssize_t* start
    cdef Py_ssize_t* length
    cdef uint64_t* held
    cdef uint64_t* unit_mask  # which asked units each sentence states (bit 63: any unit)
    cdef Py_ssize_t* low
    cdef Valued* valued
    cdef Valued* order
    cdef Py_ssize_t sentence_room

    def __cinit__(self, scorer, weights, loosely_in, partial_ratio, scored, trim,
                  figure_unit):
        cdef Py_ssize_t w
        cdef int i
        # the scorer is not kept (it keeps this ranker: a cycle only the collector frees);
        # ranked() is handed it for the passages its own path does not read
        self.fallback = None
        self.loosely_in, self.partial_ratio = loosely_in, partial_ratio
        self.scored, self.trim, self.figure_unit = scored, trim, figure_unit
        self.found_by = list(scorer.found_by)
        self.term_count = len(self.found_by)
        if self.term_count > MAX_TERMS:
            raise ValueError("too many terms for the compiled ranking")
        self.variants, self.patterns, self.loose_words = [], [], [None] * self.term_count
        self.numbers = 0
        for i, term, number in self.found_by:
            self.weight[i] = term.weight
            self.variants.append(scorer.holds[i])  # the words that tell whether it is held
            self.patterns.append(number)
            if number is not None:
                self.numbers |= (<uint64_t> 1) << i
        self.loose = 0
        for i, term in scorer.loose:
            self.loose |= (<uint64_t> 1) << i
            self.loose_words[i] = term.word
        pairs = list(scorer.variants)
        self.word_count = len(pairs)
        self.term_of = <int*> malloc(sizeof(int) * (self.word_count + 1))
        self.size_of = <Py_ssize_t*> malloc(sizeof(Py_ssize_t) * (self.word_count + 1))
        if self.term_of == NULL or self.size_of == NULL:
            raise MemoryError()
        self.words = []
        for w in range(self.word_count):
            i, v = pairs[w]
            self.term_of[w] = i
            self.size_of[w] = len(v)
            self.words.append(<str> v)
        self.chars = frozenset(scorer.chars)
        self.bonus = dict(scorer.bonus)
        self.other_bonus = self.bonus[""]
        self.total = scorer.total
        self.year_bonus = scorer.year_bonus
        self.lead_in = bool(scorer.lead_in)
        self.quantity = bool(scorer.quantity)
        self.core = scorer.core
        self.w_best, self.w_whole, self.w_fuzzy = (
            weights.best_window, weights.whole_passage, weights.fuzzy
        )
        self.w_loose, self.w_proximity = weights.loose_term, weights.proximity
        self.w_span, self.w_long = weights.proximity_span, weights.long_window
        self.w_long_chars = weights.long_window_chars
        self.w_year, self.w_lead_in = weights.preferred_year, weights.lead_in
        self.w_figure = scorer.most_quantity
        self.w_no_figure, self.w_any_figure = weights.no_figure, weights.any_figure
        self.w_asked_unit = weights.asked_unit
        self.asked = list(scorer.q.asked_units)
        if len(self.asked) > MAX_UNITS:
            raise ValueError("too many units for the compiled ranking")

    def __dealloc__(self):
        free(self.term_of)
        free(self.size_of)
        free(self.keys)
        free(self.window)
        self._free_sentences()

    cdef void _free_sentences(self) noexcept:
        """The buffers sized by a passage's sentences (:meth:`_room`)."""
        free(self.start)
        free(self.length)
        free(self.held)
        free(self.unit_mask)
        free(self.low)
        free(self.valued)
        free(self.order)

    # -- ranking ------------------------------------------------------------------------

    def shortlist(self, records, pool, Py_ssize_t keep):
        """:meth:`Scorer.shortlist`: the ``keep`` candidates best by plain term coverage and
        section (in a :class:`Pool` when one is given, ``records`` otherwise)."""
        reads = pool.reads if pool is not None else records
        cdef Py_ssize_t n = len(reads), k, r
        if n <= keep:
            return list(reads)
        texts = pool.texts if pool is not None else [x.heading_text for x in reads]
        kinds = pool.kinds if pool is not None else [x.record.kind for x in reads]
        cdef double* sums = <double*> malloc(sizeof(double) * n)
        cdef Valued* keys = <Valued*> malloc(sizeof(Valued) * n)
        cdef double weight
        cdef int i
        try:
            if sums == NULL or keys == NULL:
                raise MemoryError()
            for k in range(n):
                sums[k] = 0.0
            for i in range(self.term_count):  # summed in term order, as ``sum`` would
                weight = self.weight[i]
                number = self.patterns[i]
                if number is not None:
                    for k in range(n):
                        if number.search(texts[k]) is not None:
                            sums[k] += weight
                elif pool is not None:
                    for k in pool.holding_any(self.variants[i]):
                        sums[k] += weight
                else:
                    variants = self.variants[i]
                    for k in range(n):
                        if _any_in(variants, texts[k]):
                            sums[k] += weight
            for k in range(n):
                keys[k].value = sums[k] / self.total + <double> self.bonus.get(
                    kinds[k], self.other_bonus
                )
                keys[k].k = k
            _sort(keys, n)
            return [reads[keys[r].k] for r in range(keep)]
        finally:
            free(sums)
            free(keys)

    def ranked(self, reads, Py_ssize_t keep, fallback):
        """``reads`` by score, best first (ties in the order given), exactly as far as the
        first ``keep``: :meth:`Scorer.ranked`; ``fallback``, the scorer, for a passage whose
        sentences hold a NUL."""
        self.fallback = fallback
        try:
            return self._ranked(reads, keep)
        finally:
            self.fallback = None

    cdef list _ranked(self, reads, Py_ssize_t keep):
        cdef Py_ssize_t count = len(reads), r, n, done = 0
        cdef Held* found = <Held*> malloc(sizeof(Held) * (count + 1))
        cdef Valued* bounds = <Valued*> malloc(sizeof(Valued) * (count + 1))
        cdef Valued* scores = <Valued*> malloc(sizeof(Valued) * (count + 1))
        cdef double least = float("-inf")  # the keep-th best score so far
        cdef Py_ssize_t last = -1  # and its position
        try:
            if found == NULL or bounds == NULL or scores == NULL:
                raise MemoryError()
            for r in range(count):
                read = reads[r]
                found[r] = self._found(read)
                bounds[r].value = self._bound(read, found[r])
                bounds[r].k = r
            _sort(bounds, count)
            made = {}
            for r in range(count):
                if done >= keep and (
                    bounds[r].value < least or (bounds[r].value == least and bounds[r].k > last)
                ):
                    break  # it can at most tie the keep-th, after it; so can every one after it
                n = bounds[r].k
                s = self._score(reads[n], found[n])
                made[n] = s
                scores[done].value = s.score
                scores[done].k = n
                done += 1
                _insert(scores, done)  # the scores so far, best first
                if done >= keep:
                    least, last = scores[keep - 1].value, scores[keep - 1].k
            return [(made[scores[r].k], reads[scores[r].k]) for r in range(done)]
        finally:
            free(found)
            free(bounds)
            free(scores)

    cdef Held _found(self, read) except *:
        """Scorer._found: which terms the heading holds, which the text, which neither."""
        record = read.record
        cdef str section = record.section, text = record.text
        cdef Held h
        cdef int i
        cdef uint64_t bit
        h.heading, h.present, h.missing = 0.0, 0, 0
        for i in range(self.term_count):
            bit = (<uint64_t> 1) << i
            number = self.patterns[i]
            if number is not None:
                if number.search(section) is not None:
                    h.heading += self.weight[i]
                elif number.search(text) is not None:
                    h.present |= bit
                else:
                    h.missing |= bit
            elif _any_in(self.variants[i], section):
                h.heading += self.weight[i]
            elif _any_in(self.variants[i], text):
                h.present |= bit
            else:
                h.missing |= bit
        return h

    cdef double _sum(self, uint64_t mask) noexcept:
        """The weights of the terms in ``mask``, summed in term order."""
        cdef double held = 0.0
        cdef int i
        for i in range(self.term_count):
            if mask >> i & 1:
                held += self.weight[i]
        return held

    cdef double _bound(self, read, Held h) except? -1.0:
        """Scorer._bound: at least the passage's score, never below it by rounding."""
        cdef double loose = 0.0, whole, best, bound
        cdef int i
        for i in range(self.term_count):
            if (self.loose & h.missing) >> i & 1:
                loose += self.weight[i] * self.w_loose
        whole = (h.heading + loose + self._sum(h.present)) / self.total
        best = whole - 0.0  # the same operations as the score's, on values at least its
        if self.quantity:
            best += self.w_figure
        best += self.w_proximity * 1.0
        bound = self.w_best * best + self.w_whole * whole + self.w_fuzzy * 1.0
        return self._with_bonuses(read, bound)

    cdef double _with_bonuses(self, read, double value) except? -1.0:
        """Scorer._with_bonuses: the part asked about, the preferred year, a lead-in."""
        record = read.record
        value += <double> self.bonus.get(record.kind, self.other_bonus)
        if self.year_bonus is not None and record.year == self.year_bonus:
            value += self.w_year
        if self.lead_in and read.lead_in:
            value -= self.w_lead_in  # "…还存在一些问题与不足：" only leads in to the answer
        return value

    cdef object _score(self, read, Held h):
        """Scorer._score."""
        cdef double loose = 0.0, fixed, whole, best, cov, fuzzy, score
        cdef int i
        cdef Py_ssize_t a, b
        heading_text = read.heading_text
        for i in range(self.term_count):
            if (self.loose & h.missing) >> i & 1 and self.loosely_in(
                self.loose_words[i], heading_text
            ):
                loose += self.weight[i] * self.w_loose
        fixed = h.heading + loose
        whole = (fixed + self._sum(h.present)) / self.total
        parts = read.parts
        joined = read.joined
        if joined:
            best, a, b, cov = self._best_window(read, joined, h, fixed)
            snippet = parts[a] if b == a + 1 else parts[a] + parts[a + 1]
        else:  # a sentence holds a NUL: the Python path
            present = [t for t in self.found_by if h.present >> <int> t[0] & 1]
            missing = {i for i in range(self.term_count) if h.missing >> i & 1}
            best, snippet, cov = self.fallback._best_window(read, present, fixed, missing)
        fuzzy = self.partial_ratio(self.core, snippet) / 100 if self.core else 0.0
        score = self._with_bonuses(
            read, self.w_best * best + self.w_whole * whole + self.w_fuzzy * fuzzy
        )
        has_figure = not self.quantity or bool(
            self.figure_unit.search(snippet) or "%" in snippet
        )
        if len(snippet) < 60 and snippet in parts:
            a = parts.index(snippet)
            if a + 1 < len(parts):
                snippet += parts[a + 1]  # a heading-like sentence alone says little
        return self.scored(score, cov, self.trim(snippet), has_figure)

    # -- the best window ----------------------------------------------------------------

    cdef void _room(self, Py_ssize_t n) except *:
        """Buffers for a passage of ``n`` sentences."""
        if n <= self.sentence_room:
            return
        self._free_sentences()
        self.sentence_room = n
        self.start = <Py_ssize_t*> malloc(sizeof(Py_ssize_t) * n)
        self.length = <Py_ssize_t*> malloc(sizeof(Py_ssize_t) * n)
        self.held = <uint64_t*> malloc(sizeof(uint64_t) * n)
        self.unit_mask = <uint64_t*> malloc(sizeof(uint64_t) * n)
        self.low = <Py_ssize_t*> malloc(sizeof(Py_ssize_t) * (n + 1))
        self.valued = <Valued*> malloc(sizeof(Valued) * 2 * n)
        self.order = <Valued*> malloc(sizeof(Valued) * 2 * n)
        if (self.start == NULL or self.length == NULL or self.held == NULL
                or self.low == NULL or self.valued == NULL or self.order == NULL
                or self.unit_mask == NULL):
            self.sentence_room = 0
            raise MemoryError()

    cdef int64_t* _grow(self, int64_t* buffer, Py_ssize_t* room, Py_ssize_t need) except NULL:
        if need <= room[0]:
            return buffer
        cdef Py_ssize_t size = room[0] * 2 if room[0] else 64
        while size < need:
            size *= 2
        cdef int64_t* grown = <int64_t*> realloc(buffer, sizeof(int64_t) * size)
        if grown == NULL:
            raise MemoryError()
        room[0] = size
        return grown

    cdef tuple _best_window(self, read, str joined, Held h, double fixed):
        """Scorer._best_window's fast path: (value, first sentence, end sentence, coverage)
        of the best sentence or pair of sentences."""
        starts, lengths = read.starts, read.lengths
        cdef Py_ssize_t n = len(starts), a, k, count
        self._room(n)
        for a in range(n):
            self.start[a] = starts[a]
            self.length[a] = lengths[a]
            self.held[a] = 0
        count = self._matches(joined, n, h.missing)
        k = 0
        for a in range(n):  # where each sentence's matches begin among the sorted keys
            while k < count and (self.keys[k] >> 8) < self.start[a]:
                k += 1
            self.low[a] = k
        self.low[n] = count
        self._value(read, joined, n, h.present, fixed)
        return self._winner(joined, n)

    cdef Py_ssize_t _matches(self, str joined, Py_ssize_t n, uint64_t missing) except -1:
        """Every match of every word whose term is not missing (a number's digits always),
        sorted as keys, and which terms (bits) each sentence holds."""
        cdef uint64_t skip = missing & ~self.numbers, bit
        cdef Py_ssize_t w, at, k, count = 0, size = len(joined)
        cdef int i
        for w in range(self.word_count):
            i = self.term_of[w]
            bit = (<uint64_t> 1) << i
            if skip & bit:
                continue
            word = self.words[w]
            at = PyUnicode_Find(joined, word, 0, size, 1)
            k = 0
            while at >= 0:
                while k + 1 < n and self.start[k + 1] <= at:
                    k += 1
                self.keys = self._grow(self.keys, &self.key_room, count + 1)
                self.keys[count] = ((<int64_t> at) << 8) | i
                count += 1
                self.held[k] |= bit
                at = PyUnicode_Find(joined, word, at + 1, size, 1)
            if at == -2:
                return -1
        if count > 1:
            qsort(self.keys, count, sizeof(int64_t), _by_key)
        return count

    cdef int _value(self, read, str joined, Py_ssize_t n, uint64_t present,
                    double fixed) except -1:
        """Each window's value without proximity: coverage, the long-window penalty and,
        for a quantity question, the units bonus."""
        cdef uint64_t wanted = present & ~self.numbers, mask, stated
        cdef Py_ssize_t a, k, at, size
        cdef int i
        cdef double cov, value
        for a in range(n):
            self.held[a] &= wanted
        if present & self.numbers:  # a number by its pattern: "1" not inside "2021"
            for i in range(self.term_count):
                if (present & self.numbers) >> i & 1:
                    for found in self.patterns[i].finditer(joined):
                        at = found.start()
                        k = 0
                        while k + 1 < n and self.start[k + 1] <= at:
                            k += 1
                        self.held[k] |= (<uint64_t> 1) << i
        if self.quantity:
            self._units(read.units, n)
        for k in range(2 * n - 1):  # each sentence, then each pair (what either holds)
            a = k if k < n else k - n
            mask, size = self.held[a], self.length[a]
            if k >= n:
                mask |= self.held[a + 1]
                size += self.length[a + 1]
            cov = (fixed + self._sum(mask)) / self.total
            value = cov - (self.w_long if size > self.w_long_chars else 0.0)
            if self.quantity:  # the units are read only then (_units)
                stated = self.unit_mask[a] | (self.unit_mask[a + 1] if k >= n else 0)
                value += self._quantity_bonus(stated)
            self.valued[k].value = value
            self.valued[k].cov = cov
            self.valued[k].k = k
        return 0

    cdef int _units(self, tuple units, Py_ssize_t n) except -1:
        """Which of the asked units each sentence states (bit 63: it states a unit at all)."""
        cdef Py_ssize_t a
        cdef int j
        cdef uint64_t mask
        for a in range(n):
            stated = units[a]
            mask = ((<uint64_t> 1) << 63) if stated else 0
            for j in range(len(self.asked)):
                if self.asked[j] in stated:
                    mask |= (<uint64_t> 1) << j
            self.unit_mask[a] = mask
        return 0

    cdef double _quantity_bonus(self, uint64_t mask) noexcept:
        """scoring._quantity_bonus of a window stating these units (its sentences' masks
        or'ed: a unit of the pair is a unit of either sentence)."""
        cdef int found = 0, j
        if not mask >> 63:
            return self.w_no_figure
        if not self.asked:
            return self.w_any_figure
        for j in range(len(self.asked)):
            found += <int> (mask >> j & 1)
        return self.w_any_figure + self.w_asked_unit * found / <double> len(self.asked)

    cdef tuple _winner(self, str joined, Py_ssize_t n):
        """Proximity, best window first, only while it could still change the winner (the
        first window of the best value wins a tie, as in reading order)."""
        cdef Py_ssize_t m = 2 * n - 1, r, k, a, at = -1
        cdef double best = -1.0, best_cov = 0.0, value, proximity = self.w_proximity
        for r in range(m):
            self.order[r] = self.valued[r]
        _sort(self.order, m)
        for r in range(m):
            k = self.order[r].k
            value = self.order[r].value
            if value + proximity < best or (value + proximity == best and k > at):
                if value + proximity < best:
                    break
                continue
            value += proximity * self._proximity(joined, k, n)
            if value > best or (at >= 0 and value == best and k < at):
                best, at, best_cov = value, k, self.order[r].cov
        if at < 0:
            return best, 0, 1, best_cov
        a = at if at < n else at - n
        return best, a, (a + 1 if at < n else a + 2), best_cov

    cdef double _proximity(self, str joined, Py_ssize_t k, Py_ssize_t n) except? -1.0:
        """Scorer._proximity of window ``k``: its sentence's matches, or a pair's with the
        matches across its join."""
        cdef Py_ssize_t a, lo, r, count, first, second, w, size, tail, head, s, c, base
        cdef bint added = False
        if k < n:  # the gaps are the same measured from the passage's start
            a = k
            return _closeness(self.keys + self.low[a], self.low[a + 1] - self.low[a],
                              self.length[a], self.w_span)
        a = k - n
        first, second = self.length[a], self.length[a + 1]
        lo = self.low[a]
        count = self.low[a + 2] - lo
        self.window = self._grow(self.window, &self.window_room, count + 1)
        for r in range(count):  # the second sentence's matches follow the first's, no NUL
            c = <Py_ssize_t> (self.keys[lo + r] >> 8) - self.start[a]
            if lo + r >= self.low[a + 1]:
                c -= 1
            self.window[r] = ((<int64_t> c) << 8) | (self.keys[lo + r] & 0xFF)
        if (first and second and joined[self.start[a] + first - 1] in self.chars
                and joined[self.start[a + 1]] in self.chars):
            for w in range(self.word_count):
                size = self.size_of[w]
                if size <= 1:
                    continue
                tail = size - 1 if size - 1 < first else first
                head = size - 1 if size - 1 < second else second
                joint = (joined[self.start[a] + first - tail: self.start[a] + first]
                         + joined[self.start[a + 1]: self.start[a + 1] + head])
                base = first - tail
                s = PyUnicode_Find(joint, self.words[w], 0, tail + head, 1)
                while s >= 0:
                    self.window = self._grow(self.window, &self.window_room, count + 1)
                    self.window[count] = ((<int64_t> (base + s)) << 8) | self.term_of[w]
                    count += 1
                    added = True
                    s = PyUnicode_Find(joint, self.words[w], s + 1, tail + head, 1)
        if added:
            qsort(self.window, count, sizeof(int64_t), _by_key)
        return _closeness(self.window, count, first + second, self.w_span)


cdef inline bint _any_in(tuple variants, str text) except -1:
    for variant in variants:
        if PyUnicode_Contains(text, variant):
            return True
    return False


cdef inline void _insert(Valued* items, Py_ssize_t count) noexcept nogil:
    """The last of ``items`` moved to its place among the others (sorted by _by_value)."""
    cdef Valued item = items[count - 1]
    cdef Py_ssize_t r = count - 1
    while r > 0 and _by_value(&item, &items[r - 1]) < 0:
        items[r] = items[r - 1]
        r -= 1
    items[r] = item


cdef void _sort(Valued* items, Py_ssize_t count) noexcept nogil:
    """Sorted by _by_value: by insertion when few (a passage's windows, a question's
    candidates), else qsort."""
    cdef Py_ssize_t r
    if count > 64:
        qsort(items, count, sizeof(Valued), _by_value)
        return
    for r in range(2, count + 1):
        _insert(items, r)
