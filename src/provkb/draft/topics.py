"""What a drafted assertion is about: the entities its own words name.

A curator's ``about`` lists the entities and events an assertion concerns; the words asserted
name most of them. The drafter proposes exactly those, in the order the words name them, leaving
out the speaker (a claim is not about whoever makes it unless the words say "I" and the name
again) and nothing it cannot point to in the span: a reviewer adds what the words only imply.
"""

from __future__ import annotations

from bisect import bisect_left

from provkb.draft.model import Assertion, Mention


def propose_about(assertions: list[Assertion], mentions: list[Mention]) -> None:
    """Set each assertion's ``about`` to the entities mentioned inside its span."""
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    starts = [m.start for m in ordered]
    for assertion in assertions:
        about: list[str] = []
        for mention in ordered[bisect_left(starts, assertion.start) :]:
            if mention.start >= assertion.end:
                break
            inside = mention.end <= assertion.end
            if inside and mention.ref != assertion.speaker.ref and mention.ref not in about:
                about.append(mention.ref)
        assertion.about = about
