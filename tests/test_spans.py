"""Whole-word occurrences of a quote: the fast search finds exactly what a pattern finds."""

from __future__ import annotations

import random
import re

from provkb.annotations.spans import word_occurrences


def _by_pattern(text: str, quote: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(quote) + r"(?!\w)", text)]


def test_word_occurrences_agree_with_a_word_bounded_pattern_on_random_texts() -> None:
    rng = random.Random(7)
    alphabet = "ab c-’é_1\n.aa"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        quote = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4)))
        assert word_occurrences(text, quote) == _by_pattern(text, quote), (text, quote)


def test_word_occurrences_skip_parts_of_longer_words_and_do_not_overlap() -> None:
    assert word_occurrences("Iran, Iranian and Iran.", "Iran") == [0, 18]
    assert word_occurrences("aa aaa aa", "aa") == [0, 7]
