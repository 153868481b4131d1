"""Spotting place names in running text."""

from __future__ import annotations

import re

import numpy as np

from strikemap.gazetteer._stopwords import ENGLISH_WORDS
from strikemap.gazetteer._store import key_hashes
from strikemap.gazetteer.base import Mention
from strikemap.gazetteer.candidate_search import CandidateSearch
from strikemap.gazetteer.name_phrases import HEADLINE_VERBS
from strikemap.gazetteer.normalize import GENERIC_WORDS, fold_text
from strikemap.gazetteer.resolver_constants import (
    ARABIC_PREFIXES,
    ARTICLE_TOKENS,
    INNER_LOWER,
    KIND_CUES,
    MAX_TOKENS,
)
from strikemap.gazetteer.spelling_match import is_latin_char

_SPOT_CACHE = 50_000
"""Spotting keys whose place ids are kept per gazetteer (all forgotten when full)."""
_UNSEEN: tuple[str, ...] = ("",)
"""What a key not in the spotting memo reads as (compared by identity: the memo holds
fresh tuples or None)."""
_TOKEN = re.compile(r"\S+")
# What the first character of a token allows spot to do with it: a capital or a letter
# of a non-Latin script may start or continue a name, a digit only continue one.
_UPPER, _OTHER_SCRIPT, _DIGIT = 1, 2, 4


class _FirstKinds(dict[str, int]):
    """Flags of a character (``_UPPER``, ``_OTHER_SCRIPT``, ``_DIGIT``), computed once each."""

    def __missing__(self, ch: str) -> int:
        flags = (
            (_UPPER if ch.isupper() else 0)
            | (_OTHER_SCRIPT if ch.isalpha() and not ch.isascii() and not is_latin_char(ch) else 0)
            | (_DIGIT if ch.isdigit() else 0)
        )
        self[ch] = flags
        return flags


_FIRST_KINDS = _FirstKinds()


class Spotting(CandidateSearch):
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
        toks = [m.span() for m in _TOKEN.finditer(folded)]
        n = len(toks)
        # What each token's first character (as written) allows, read once per character.
        kinds = _FIRST_KINDS
        flags = [kinds[text[pos[s]]] for s, _e in toks]
        cands: list[tuple[int, int, int, int]] = []  # (fold start, fold end, tok i, tok j)
        for i in self._start_tokens(folded, toks, flags):
            s = toks[i][0]
            # (Only a token of a non-Latin script may hold a name after a prefix.)
            starts = (
                self._token_starts(folded, toks[i], flags[i]) if flags[i] & _OTHER_SCRIPT else (s,)
            )
            for st in starts:
                for j in range(i, min(i + MAX_TOKENS, n)):
                    # Which tokens may continue a name: capitalised or non-Latin, a
                    # digit, or an inner word.
                    if j > i and not (flags[j] or folded[toks[j][0] : toks[j][1]] in INNER_LOWER):
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
        found = self._spot_ids(keys)
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
            out.append(Mention(start, end, surface, found[folded[a:b]]))
            last_end = b
        return out

    def _spot_ids(self, keys: list[str]) -> dict[str, tuple[str, ...]]:
        """Return the place ids of each key that names places (keys without any left out).

        A key's ids depend on the opened files only: they are kept per key (up to
        ``_SPOT_CACHE`` keys), and only keys not seen before are hashed and looked up.
        The answer is built from what this call read, so another thread clearing the
        memo meanwhile changes nothing.
        """
        memo = self._spot_memo
        ids_of: dict[str, tuple[str, ...] | None] = {}
        new: list[str] = []
        for k in dict.fromkeys(keys):
            # (A miss is most keys of a new text: get, not a caught KeyError.)
            known = memo.get(k, _UNSEEN)
            if known is _UNSEEN:
                new.append(k)
            else:
                ids_of[k] = known
        if new:
            hashes = key_hashes(new)
            found: dict[str, list[str]] = {}
            for di, db in enumerate(self._dbs):
                post = db.post["sp"]
                ok, _lo = post.find_many(hashes)
                for ki in np.nonzero(ok)[0].tolist():
                    x, y = post.range(int(hashes[ki]))
                    ids = found.setdefault(new[ki], [])
                    for idx in post.vals[x:y].tolist():
                        pid = self._pid(di, idx)
                        if pid not in ids:
                            ids.append(pid)
            if len(memo) + len(new) > _SPOT_CACHE:
                memo.clear()
            for key in new:
                memo[key] = ids_of[key] = tuple(found[key]) if key in found else None
        return {k: v for k, v in ids_of.items() if v is not None}

    @staticmethod
    def _start_tokens(folded: str, toks: list[tuple[int, int]], flags: list[int]) -> list[int]:
        """Return the indexes of the tokens a name may start at (see _token_starts)."""
        # (An article starts a name only before a capital: its text is read only then.)
        return [
            i
            for i, (f, after) in enumerate(zip(flags, [*flags[1:], 0], strict=False))
            if f & (_UPPER | _OTHER_SCRIPT)
            or (after & _UPPER and folded[toks[i][0] : toks[i][1]] in ARTICLE_TOKENS)
        ]

    @staticmethod
    def _token_starts(folded: str, tok: tuple[int, int], flag: int) -> list[int]:
        """Return where names may start in a start token: its start, or after a prefix."""
        s, e = tok
        if flag & _OTHER_SCRIPT and folded[s] in ARABIC_PREFIXES and e - s >= 4:
            return [s, s + 1]  # و/ب/ل/ف written attached: "بإدلب" = "in Idlib"
        return [s]

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
            after in KIND_CUES or before in KIND_CUES or (before == "of" and before2 in KIND_CUES)
        )

    @staticmethod
    def _surface_ok(surface: str, folded: str, toks: list[tuple[int, int]], i: int, j: int) -> bool:
        words = [folded[toks[k][0] : toks[k][1]] for k in range(i, j + 1)]
        # Written in capitals ("RUSSIAN STRIKES HIT IDLIB"), a headline's verbs look like
        # names too ("Hit", a town in Anbar): they need a kind cue like English words.
        shouted = surface.isupper() and all(w in HEADLINE_VERBS for w in words)
        if not shouted and not all(w in ENGLISH_WORDS or w in GENERIC_WORDS for w in words):
            return True
        before = folded[toks[i - 1][0] : toks[i - 1][1]] if i > 0 else ""
        before2 = folded[toks[i - 2][0] : toks[i - 2][1]] if i > 1 else ""
        after = folded[toks[j + 1][0] : toks[j + 1][1]] if j + 1 < len(toks) else ""
        if after in KIND_CUES:
            return True
        return before == "of" and before2 in KIND_CUES
