"""Reporting verbs: which words introduce speech, and the assertion kind each one signals."""

from __future__ import annotations

import re

# Verb forms (present 3rd person, past, and -ing where useful) by the assertion kind they signal.
# Neutral verbs ("say", "add") signal a claim; the quote's own words may make it more specific.
_VERBS: dict[str, str] = {
    "claim": "say says said saying state states stated stating claiming noting adding arguing "
    "reply replies replied replying answer answers answered "
    "insisting stressing asserting declaring emphasising emphasizing add adds added note "
    "notes noted explain explains explained stress stresses stressed emphasise "
    "emphasises emphasised emphasize emphasizes emphasized highlight highlights "
    "highlighted point points pointed confirm confirms confirmed claim claims claimed "
    "argue argues argued insist insists insisted maintain maintains maintained assert "
    "asserts asserted tell tells told recall recalls recalled observe observes observed "
    "remark remarks remarked suggest suggests suggested write writes wrote written continue "
    "continues continued declare declares declared inform informs informed underline "
    "underlines underlined reaffirm reaffirms reaffirmed repeat repeats repeated mention "
    "mentions mentioned complain complains complained testify testifies testified describe "
    "describes described show shows showed demonstrate demonstrates demonstrated find finds "
    "found remind reminds reminded convey conveys conveyed post posts posted tweet tweets "
    "tweeted",
    "accusation": "accuse accuses accused accusing alleging blame blames blamed allege alleges "
    "alleged",
    "denial": "deny denies denied denying reject rejects rejected refute refutes refuted dismiss "
    "dismisses dismissed dispute disputes disputed",
    "demand": "demand demands demanded demanding",
    "appeal": "urge urges urged urging calling appeal appeals appealed call calls called ask asks "
    "asked request requests requested recommend recommends recommended",
    "warning": "warn warns warned warning caution cautions cautioned",
    "threat": "threaten threatens threatened",
    "condemnation": "condemn condemns condemned condemning denounce denounces denounced criticise "
    "criticises criticised criticize criticizes criticized",
    "announcement": "announce announces announced unveil unveils unveiled",
    "report": "report reports reported",
    "opinion": "believe believes believed deem deems deemed think thinks thought consider "
    "considers considered feel feels felt interpret interprets interpreted hope hopes hoped "
    "conclude concludes concluded estimate estimates estimated",
    "prediction": "predict predicts predicted expect expects expected forecast forecasts",
    "commitment": "promise promises promised pledge pledges pledged vow vows vowed assure "
    "assures assured",
    "question": "wonder wonders wondered question questions questioned",
    "refusal": "refuse refuses refused decline declines declined",
    "gratitude": "thank thanks thanked",
    "congratulation": "congratulate congratulates congratulated",
    "support": "welcome welcomes welcomed endorse endorses endorsed",
    "statement": "admit admits admitted acknowledge acknowledges acknowledged concede concedes "
    "conceded express expresses expressed reiterate reiterates reiterated",
    "slogan": "chant chants chanted chanting",
}
VERB_KIND: dict[str, str] = {form: kind for kind, forms in _VERBS.items() for form in forms.split()}

# Verbs that introduce speech only with a particle ("pointed out", "called on"); the bare verb
# ("called him", "points to") is not speech.
_NEEDS_PARTICLE = {
    "point": "out",
    "points": "out",
    "pointed": "out",
    "call": "on for upon",
    "calls": "on for upon",
    "called": "on for upon",
    "calling": "on for upon",
}
# Forms so common outside speech that they count only before "that" or a quotation.
_ONLY_BEFORE_CLAUSE = frozenset(
    "continue continues continued feel feels felt think thinks thought consider considers "
    "considered expect expects expected question questions questioned write writes wrote written "
    "note notes noted add adds added state states maintain maintains maintained "
    "observe observes observed ask asks asked stating noting adding warning deem deems deemed "
    "demanding reply replies replied replying answer answers answered hope hopes hoped "
    "conclude concludes concluded "
    "estimate estimates estimated underline underlines underlined reaffirm reaffirms "
    "reaffirmed repeat repeats repeated mention mentions mentioned show shows showed "
    "demonstrate demonstrates demonstrated find finds found suggest suggests suggested".split()
)
# "reminded the Assembly that ...", "conveyed the Government's position that ...": speech only
# with an object, then a clause.
_OBJECT_THEN_CLAUSE = frozenset("remind reminds reminded convey conveys conveyed".split())
# "posted this on X:", "tweeted that": a post gives words only before a colon, "that" or a quote.
_POSTED = frozenset("post posts posted tweet tweets tweeted".split())
# "described the talks as “...”": describing is speech only when "as" gives the words.
_DESCRIBE = frozenset("describe describes described".split())
VERB_PATTERN = re.compile(r"\b(" + "|".join(sorted(VERB_KIND, key=len, reverse=True)) + r")\b")
# "called it/them/this “...”": an object, then (perhaps an article and) the quote.
_NAMING = re.compile(
    r"(\s+(?:it|them|this|that|him|her|(?:the|this|that|his|her|its|their)"
    r"(?:\s+[\w’'\-]+){1,4}))\s+(?:an?\s+|the\s+)?[“\"«„‘]"
)
_DETERMINER_BEFORE = re.compile(r"\b(?i:the|a|an|this|that|its|their|his|her|our)\s+$")
# A determiner or a possessive before a verb form makes it a noun ("her demand", "the call");
# "she's said" is a contraction, not a possessive.
_NOUN_BEFORE = re.compile(
    r"(?:\b(?i:the|a|an|its|their|his|her|our|my)"
    r"|\b(?!(?i:he|she|it|that|who|what|there|here)['’])\w+['’]s?)\s+$"
)
_OF_AFTER = re.compile(r"\s+of\b")
# A present-tense form followed by "by <someone>" is a noun: "remarks by the minister", "claims
# by the union" ("X remarks by" is no English sentence).
_BY_AFTER = re.compile(r"\s+by\s+(?:the\s+|an?\s+)?[\w’'\-]")
# A negated verb reports no words: "did not deny", "has never claimed", "didn't say".
_NEGATED = re.compile(r"(?i:\bnot|n['’]t|\bnever)\s+$")
_PASSIVE = re.compile(r"\b(?:was|were|is|are|be|been|being|has been|had been)\s+$", re.IGNORECASE)


# Speech given as a noun: "issued a statement", "sent an open letter", "made claims".
_NOMINAL = re.compile(
    r"\b(?:issued|issues|released|releases|prepared|published|publishes|made|makes|sent|sends|"
    r"signed|adopted|read|addressed|addresses|delivered|delivers|filed|lodged)\s+"
    r"(?:a|an|the|its|their|his|her|several|two|three|many)?\s*"
    r"(?:(?:joint|public|open|official|formal|strong|short|written|threatening|unfounded|"
    r"blatantly|new|further)\s+){0,2}"
    r"(statements?|declarations?|appeals?|letters?|resolutions?|communiqu[ée]s?|protests?|"
    r"complaints?|petitions?|warnings?|calls?|claims?|accusations?|allegations?|demands?|"
    r"threats?|remarks?)\b"
)
_NOMINAL_KIND = {
    "appeal": "appeal", "call": "appeal", "petition": "appeal", "protest": "condemnation",
    "complaint": "condemnation", "warning": "warning", "claim": "claim", "remark": "claim",
    "accusation": "accusation", "allegation": "accusation", "demand": "demand",
    "threat": "threat",
}  # fmt: skip


def speech_verbs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Speech verbs in ``text[start:end]``: (start, end, kind), particles included, passives out.

    A verb counts when it is not passive ("it was reported"), carries its particle when it needs
    one ("called on", "pointed out"), and, for the common ones, introduces a clause or a quote.
    """
    end = len(text) if end is None else end
    found = []
    for match in VERB_PATTERN.finditer(text, start, end):
        word = match.group(1)
        if _PASSIVE.search(text, max(0, match.start() - 16), match.start()):
            continue
        if _NEGATED.search(text, max(0, match.start() - 8), match.start()):
            continue
        if _NOUN_BEFORE.search(text, max(0, match.start() - 24), match.start()) or (
            word.endswith("ing")
            and _DETERMINER_BEFORE.search(text, max(0, match.start() - 8), match.start())
        ):
            continue  # "the calling card", "her demand for": a noun or an adjective
        if not word.endswith(("ed", "ing")) and _OF_AFTER.match(text, match.end()):
            continue  # "the main demands of X", "reports of fighting": a noun
        if word.endswith("s") and _BY_AFTER.match(text, match.end()):
            continue  # "followed remarks by the minister": a noun
        stop = match.end()
        rest = text[stop : min(end, stop + 40)]
        if word in _NEEDS_PARTICLE:
            particle = re.match(r"\s+(\w+)", rest)
            naming = _NAMING.match(text, stop) if word.startswith("call") else None
            if naming:
                # "called it “a provocation”": naming something in quoted words is speech.
                found.append((match.start(), naming.end(1), "claim"))
                continue
            if not particle or particle.group(1) not in _NEEDS_PARTICLE[word].split():
                continue
            stop += particle.end()
            rest = text[stop : min(end, stop + 40)]
        if word in _ONLY_BEFORE_CLAUSE and not re.match(
            # "wrote on Telegram that", "noted in parliament that": where, then the clause;
            # "wrote to the ministry:", "added to his colleagues that": to whom
            r"(?:\s+(?:on|in)\s+(?:the\s+)?[A-Za-z][\w\-]*(?:\s+[A-Z][\w\-]*)?"
            r"|\s+to\s+(?:the|his|her|its|their|our)\s+[a-z][\w\-]*(?:\s+[a-z][\w\-]*)?"
            r"|\s+to\s+[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3})?"
            # "answered within hours that", "said on Monday that": when
            r"(?:\s+(?:within|on|last|this|later|again|immediately|quickly|yesterday|today)"
            r"(?:\s+[\w\-]+){0,2}?)?"
            r"\s*(?:,|:|that\b|[“\"«„]|$)",
            rest,
        ):
            continue
        if word in _POSTED and not re.match(r"[^.\n]{0,40}?(?::|\bthat\b|[“\"«„])", rest):
            continue  # "posted this on X:" gives words; "posted a photograph" does not
        if word in _OBJECT_THEN_CLAUSE and not re.match(r"\s+(?:[\w’'\-]+\s+){1,4}that\b", rest):
            continue  # "reminded the Assembly that ..." reports; "reminds me of" does not
        if word in _DESCRIBE and not re.search(r"\bas\s+[“\"«„‘]", text[stop : stop + 40]):
            # (past ``end`` too: a quote's frame ends at its opening mark, "described it as")
            continue
        if word in ("thank", "thanks") and re.match(r"\s+(?:you|for)\b", rest):
            continue  # "thank you for joining us": the speaker's own thanks, no report
        if VERB_KIND[word] == "refusal" and not re.match(r"\s+to\b", rest):
            continue  # "refused to comment" reports words; "refused every offer" an act
        found.append((match.start(), stop, VERB_KIND[word]))
    for match in _NOMINAL.finditer(text, start, end):
        if _PASSIVE.search(text, max(0, match.start() - 16), match.start()):
            continue
        noun = match.group(1).lower().rstrip("s")
        noun = "communiqué" if noun.startswith("communiqu") else noun
        # The noun ("claims") is not a second, verbal cue inside the phrase.
        found = [f for f in found if not match.start() <= f[0] < match.end()]
        found.append((match.start(), match.end(), _NOMINAL_KIND.get(noun, "statement")))
    found.sort()
    return found


# First-person cues inside a quote that make a neutral verb's kind specific.
_CONTENT_CUES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (r"\b(?:we|i)\s+(?:\w+\s+)?demand\b|\bdemand that\b", "demand"),
        (r"\b(?:we|i)\s+(?:\w+\s+)?(?:strongly\s+)?condemn\b", "condemnation"),
        (r"\b(?:we|i)\s+(?:\w+\s+)?(?:urge|call on|call upon|appeal to|ask)\b", "appeal"),
        (r"\b(?:we|i)\s+(?:\w+\s+)?(?:thank|express our (?:deep )?gratitude)\b", "gratitude"),
        (r"\b(?:we|i)\s+(?:will\s+)?(?:never|not)\s+accept\b|\b(?:we|i)\s+refuse\b", "refusal"),
        (r"\b(?:we|i)\s+(?:\w+\s+)?(?:support|stand with)\b", "support"),
        (r"\b(?:we|i)\s+(?:\w+\s+)?warn\b", "warning"),
        (r"\bcongratulat", "congratulation"),
        (r"\b(?:we|i)\s+(?:\w+\s+)?(?:would like to\s+)?inform\b", "statement"),
        (r"\b(?:we|i)\s+(?:will|shall|promise to|pledge to)\b", "commitment"),
    )
)


# What "expressed ..." expresses decides its kind.
_EXPRESSED = (
    (re.compile(r"^\s*(?:\w+\s+){0,2}(?:support|solidarity)\b", re.I), "support"),
    (re.compile(r"^\s*(?:\w+\s+){0,2}(?:gratitude|thanks)\b", re.I), "gratitude"),
    (re.compile(r"^\s*(?:\w+\s+){0,2}(?:concern|concerns|alarm|fear|fears)\b", re.I), "warning"),
    (re.compile(r"^\s*(?:\w+\s+){0,2}(?:condolences|regret|surprise)\b", re.I), "statement"),
)


def kind_of_complement(verb: str, complement: str, verb_kind: str) -> str:
    """The kind of a reported sentence: "expressed support" is support, "expressed concern" a
    warning; other verbs keep their own kind."""
    if verb.startswith("express"):
        for pattern, kind in _EXPRESSED:
            if pattern.search(complement):
                return kind
    return verb_kind


def kind_of_words(words: str, verb_kind: str) -> str:
    """The kind of a quoted sentence: its own first-person cue, else its verb's kind."""
    if verb_kind not in ("claim", "statement"):
        return verb_kind
    for pattern, kind in _CONTENT_CUES:
        if pattern.search(words):
            return kind
    if words.rstrip('”"»’ ').endswith("?"):
        return "question"
    return verb_kind
