"""The seed evaluation's pairing of new speakers: one to one, same kind, never a right one."""

from __future__ import annotations

from bench.draft_eval import pair_new_speakers

LEAVE_OUT = {"collective/rally-participants", "collective/market-traders", "person/unnamed-imam"}
PROPOSED = {"collective/participants-in-the-action", "collective/hundreds", "person/an-imam"}


def test_a_proposed_group_pairs_with_the_curated_group_it_shares_most_quotes_with() -> None:
    pairs = [
        ("collective/rally-participants", "collective/participants-in-the-action", False),
        ("collective/rally-participants", "collective/participants-in-the-action", False),
        ("collective/market-traders", "collective/participants-in-the-action", False),
        ("collective/market-traders", "collective/hundreds", False),
    ]
    pairing = pair_new_speakers(pairs, LEAVE_OUT, PROPOSED)
    # One to one: the proposal goes to the group it shares two quotes with, not to both.
    assert pairing == {
        "collective/rally-participants": "collective/participants-in-the-action",
        "collective/market-traders": "collective/hundreds",
    }


def test_no_pair_across_kinds_for_known_speakers_or_for_a_proposal_already_right() -> None:
    pairs = [
        ("person/unnamed-imam", "collective/hundreds", False),  # a person is no group
        ("org/known-union", "collective/participants-in-the-action", False),  # known: no excuse
        ("collective/market-traders", "person/an-imam", False),
        ("collective/rally-participants", "collective/participants-in-the-action", True),
        ("collective/market-traders", "collective/participants-in-the-action", False),
    ]
    assert pair_new_speakers(pairs, LEAVE_OUT, PROPOSED) == {}
