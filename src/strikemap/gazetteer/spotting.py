"""Spotting place names in running text."""

from __future__ import annotations

import re

import numpy as np

from strikemap.gazetteer._stopwords import ENGLISH_WORDS
from strikemap.gazetteer._store import key_hash
from strikemap.gazetteer.base import Mention
from strikemap.gazetteer.candidate_search import _CandidateSearch
from strikemap.gazetteer.name_phrases import _HEADLINE_VERBS
from strikemap.gazetteer.normalize import GENERIC_WORDS, fold_text
from strikemap.gazetteer.resolver_constants import (
    _ARABIC_PREFIXES,
    _ARTICLE_TOKENS,
    _INNER_LOWER,
    _KIND_CUES,
    _MAX_TOKENS,
)
from strikemap.gazetteer.spelling_match import _is_latin_char


class _Spotting(_CandidateSearch):
    """Spotting names in running text, a layer of :class:`~strikemap.gazetteer.index.Gazetteer`."""

    # ------------------------------------------------------------------ spotting
    def spot(self, text: str) -> list[Mention]:
        """Find gazetteer names in free text.

        Parameters
        ----------
        text
            Any text.

        Returns
        -------
        list of Mention
            Longest non-overlapping matches, left to right, with offsets into ``text``.
            Latin names must be written capitalised (inner lower-case words only when
            they are articles, particles or kind words: "Jisr al-Shughur", "Tabqa
            dam"); a name that is also a common English word ("Said", "May") needs a
            kind cue next to it ("the village of Said", "Reading town").
        """
        folded, pos = fold_text(text)
        toks = [(m.start(), m.end()) for m in re.finditer(r"\S+", folded)]
        n = len(toks)
        # Which tokens may continue a name: capitalised or non-Latin, or an inner word.
        cont = [False] * n
        for i, (s, e) in enumerate(toks):
            first = text[pos[s]]
            cont[i] = (
                first.isupper()
                or (first.isalpha() and not first.isascii() and not _is_latin_char(first))
                or folded[s:e] in _INNER_LOWER
                or first.isdigit()
            )
        cands: list[tuple[int, int, int, int]] = []  # (fold start, fold end, tok i, tok j)
        for i, (s, _e) in enumerate(toks):
            for st in self._start_offsets(text, folded, pos, toks, i):
                for j in range(i, min(i + _MAX_TOKENS, n)):
                    if j > i and not cont[j]:
                        break
                    end = toks[j][1]
                    if folded[end - 1] == "s" and end - s > 2 and text[pos[end - 1] - 1] in "'’":
                        # "Assad's": the possessive is not part of the name.
                        cands.append((st, end - 1, i, j))
                        continue
                    cands.append((st, end, i, j))
        if not cands:
            return []
        keys = [folded[a:b] for a, b, _i, _j in cands]
        hashes = np.fromiter((key_hash(k) for k in keys), dtype=np.uint64, count=len(keys))
        found: dict[str, list[str]] = {}
        for di, db in enumerate(self._dbs):
            post = db.post["sp"]
            ok, _lo = post.find_many(hashes)
            hit = np.nonzero(ok)[0]
            for k in hit.tolist():
                key = keys[k]
                if key in found and di == 0:
                    continue
                x, y = post.range(int(hashes[k]))
                ids = found.setdefault(key, [])
                for idx in post.vals[x:y].tolist():
                    pid = self._pid(di, idx)
                    if pid not in ids:
                        ids.append(pid)
        spans = sorted(
            ((a, b, i, j) for (a, b, i, j), k in zip(cands, keys, strict=True) if k in found),
            key=lambda c: (c[0], -(c[1] - c[0])),
        )
        out: list[Mention] = []
        last_end = -1
        for a, b, i, j in spans:
            if a < last_end:
                continue
            start, end = pos[a], pos[b - 1] + 1
            surface = text[start:end]
            if not self._surface_ok(surface, folded, toks, i, j):
                continue
            if b - a <= 2 and not self._short_ok(surface, folded, toks, i, j):
                continue
            out.append(Mention(start, end, surface, tuple(found[folded[a:b]])))
            last_end = b
        return out

    @staticmethod
    def _start_offsets(
        text: str, folded: str, pos: list[int], toks: list[tuple[int, int]], i: int
    ) -> list[int]:
        s, e = toks[i]
        first = text[pos[s]]
        tok = folded[s:e]
        if first.isalpha() and not first.isascii() and not _is_latin_char(first):
            offs = [s]
            if tok[0] in _ARABIC_PREFIXES and e - s >= 4:
                offs.append(s + 1)  # و/ب/ل/ف written attached: "بإدلب" = "in Idlib"
            return offs
        if first.isupper():
            return [s]
        if tok in _ARTICLE_TOKENS and i + 1 < len(toks):
            nxt = text[pos[toks[i + 1][0]]]
            if nxt.isupper():
                return [s]
        return []

    @staticmethod
    def _short_ok(surface: str, folded: str, toks: list[tuple[int, int]], i: int, j: int) -> bool:
        """Whether a two-letter name ("Di", "Ba") is meant as a place here.

        Two letters are mostly abbreviations ("UN", "US") or words: the name must be
        written in title case and sit next to a kind cue ("Di village", "the village
        of Di", "village Di").
        """
        if not (len(surface) == 2 and surface[0].isupper() and surface[1].islower()):
            return False
        before = folded[toks[i - 1][0] : toks[i - 1][1]] if i > 0 else ""
        before2 = folded[toks[i - 2][0] : toks[i - 2][1]] if i > 1 else ""
        after = folded[toks[j + 1][0] : toks[j + 1][1]] if j + 1 < len(toks) else ""
        return (
            after in _KIND_CUES
            or before in _KIND_CUES
            or (before == "of" and before2 in _KIND_CUES)
        )

    @staticmethod
    def _surface_ok(surface: str, folded: str, toks: list[tuple[int, int]], i: int, j: int) -> bool:
        words = [folded[toks[k][0] : toks[k][1]] for k in range(i, j + 1)]
        # Written in capitals ("RUSSIAN STRIKES HIT IDLIB"), a headline's verbs look like
        # names too ("Hit", a town in Anbar): they need a kind cue like English words.
        shouted = surface.isupper() and all(w in _HEADLINE_VERBS for w in words)
        if not shouted and not all(w in ENGLISH_WORDS or w in GENERIC_WORDS for w in words):
            return True
        before = folded[toks[i - 1][0] : toks[i - 1][1]] if i > 0 else ""
        before2 = folded[toks[i - 2][0] : toks[i - 2][1]] if i > 1 else ""
        after = folded[toks[j + 1][0] : toks[j + 1][1]] if j + 1 < len(toks) else ""
        if after in _KIND_CUES:
            return True
        return before == "of" and before2 in _KIND_CUES
