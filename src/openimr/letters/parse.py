"""Parsing a letter's text into a Letter.

Two formats are known. The 2016-2017 letters open with a header block (Case Number, Date Assigned,
Date of Injury, Decision Date, UR Denial Date, Priority, Received) and list the reviewer's
credentials as "State(s) of Licensure:" and "Certification(s)/Specialty:". The 2014 letters (the
seed letter) have no header block and give the credentials in prose ("is Board Certified in
Internal Medicine, has a subspecialty in ... and is licensed to practice in Pennsylvania").
Both then have "CLINICAL CASE SUMMARY" and "IMR ISSUES, DECISIONS AND RATIONALES", where each
disputed item is a heading "<request>: Upheld|Overturned" followed by "Claims Administrator
guideline:", "MAXIMUS guideline:" and "Decision rationale:".

A letter cut short (a truncated file) is an error, not a shorter letter: an item with its guideline
lines but no "Decision rationale:", and a last rationale that stops before its conclusion (in the
middle of a sentence, after a sentence that says nothing of medical necessity, or in the heading of
a next item). Every rationale ends by concluding whether the request is medically necessary; a cut
exactly between two items cannot be told from a whole letter.
"""

from __future__ import annotations

import re
from datetime import date

from openimr.domain import (
    Decision,
    GuidelineLine,
    Letter,
    LetterItem,
    Priority,
    ReviewerCredentials,
)
from openimr.errors import LetterFormatError
from openimr.letters.citations import parse_guideline_line
from openimr.letters.normalize import Normalizer, lines_of

__all__ = ["parse_letter"]


def _phrase(words: str) -> str:
    return r"\s+".join(re.escape(word) for word in words.split())


_HOW = re.compile(_phrase("HOW THE IMR FINAL DETERMINATION WAS MADE"))
_SUMMARY = re.compile(_phrase("CLINICAL CASE SUMMARY"))
_SUMMARY_LEAD = re.compile(_phrase("including all medical records:"))
_ISSUES = re.compile(_phrase("IMR ISSUES, DECISIONS AND RATIONALES"))
_ISSUES_LEAD = re.compile(_phrase("set forth below:"))
_CLAIMS_LINE = re.compile(_phrase("Claims Administrator guideline:"))
# The review organization's line is named after it ("MAXIMUS guideline:"): any line that opens
# with a name and "guideline:" after the claims administrator's line.
_REVIEW_LINE = re.compile(r"^(?!Claims\s+Administrator\b)[A-Z][^\n:]{0,80}?\s+guideline:", re.M)
_RATIONALE = re.compile(_phrase("Decision rationale:"))
_DECISION_WORD = re.compile(r"\s*(Upheld|Overturned)\s*\.?\s*", re.I)
_SENTENCE_END = re.compile(r"""[.?!]["')\]]?$""")
_NOT_SENTENCE = r"(?:(?!\.\s).)+?"
_PARTIAL_REMAINING = re.compile(
    rf"(?P<original>{_NOT_SENTENCE})\s+was\s+the\s+original\s+request\.\s+"
    rf"(?P<authorized>{_NOT_SENTENCE})\s+was\s+authorized\s+by\s+the\s+Claims\s+Administrator\.\s+"
    rf"The\s+remaining\s+IMR\s+eligible\s+portion\s+of\s+the\s+original\s+request,?\s+"
    rf"(?P<remaining>{_NOT_SENTENCE})(?:\s+is)?\s*$",
    re.S,
)
_PARTIAL_WHOLE = re.compile(
    rf"(?P<original>{_NOT_SENTENCE})\s+was\s+the\s+original\s+request\.\s+"
    rf"The\s+Claims\s+Administrator\s+authorized\s+(?P<authorized>{_NOT_SENTENCE}),\s+"
    rf"leaving\s+the\s+original\s+request\s+IMR\s+eligible\.\s+"
    rf"The\s+original\s+request,?\s+(?P<remaining>{_NOT_SENTENCE})(?:\s+is)?\s*$",
    re.S,
)
_ORIGINAL_MARK = re.compile(r"\s+was\s+the\s+original\s+request\.\s")
# Every decision rationale ends with its conclusion: whether the request is medically necessary.
_CONCLUSION = re.compile(r"\bnecess(?:ary|ity)\b", re.I)
_ENDS_IN_CONCLUSION = re.compile(r"\bnecessary[\"')\]]?$", re.I)
_SENTENCE_BREAK = re.compile(r"""(?<=[.?!])["')\]]?\s+(?=["'(]?[A-Z0-9])""")
# The first sentences of a partial authorization's heading, as the last sentence of a cut letter.
_OPENS_ITEM = re.compile(
    r"\b(?:was\s+the\s+original\s+request|was\s+authorized\s+by\s+the\s+Claims\s+Administrator"
    r"|leaving\s+the\s+original\s+request\s+IMR\s+eligible)\.$",
    re.I,
)
_DATE = r"(\d{1,2}/\d{1,2}/\d{4})"
_HEADER_DATES = {
    "date_assigned": re.compile(rf"Date\s+Assigned:\s*{_DATE}"),
    "date_of_injury": re.compile(rf"Date\s+of\s+Injury:\s*{_DATE}"),
    "decision_date": re.compile(rf"Decision\s+Date:\s*{_DATE}"),
    "ur_denial_date": re.compile(rf"UR\s+Denial\s+Date:\s*{_DATE}"),
    "received": re.compile(rf"Received:\s*{_DATE}"),
}
_CASE_NUMBER = re.compile(r"Case\s+Number:\s*([A-Z]{2}\d{2}-\d+)")
_PRIORITY = re.compile(r"Priority:[ \t]*([A-Za-z]+)")
_CREDENTIALS = re.compile(
    r"State\(s\)\s+of\s+Licensure:\s*(?P<states>.*?)\s*Certification\(s\)/Specialty:\s*(?P<specialties>.*)",
    re.S,
)
_PROSE_CREDENTIALS = re.compile(
    r"is\s+Board\s+Certified\s+in\s+(?P<specialty>.+?)"
    r"(?:,?\s+(?:has|with)\s+a\s+subspecialty\s+in\s+(?P<subspecialty>.+?))?"
    r",?\s+and\s+is\s+licensed\s+to\s+practice\s+in\s+(?P<states>.+?)\.",
    re.S,
)


def parse_letter(raw: str, source: str | None = None) -> Letter:
    """Parse a letter's raw text (from a PDF or a text file).

    Raises:
        LetterFormatError: the text is not a Final Determination letter, or a section is missing.
    """
    text = lines_of(raw)
    clean = Normalizer(text)
    issues = _ISSUES.search(text)
    summary_at = _SUMMARY.search(text)
    how = _HOW.search(text)
    if not issues and not summary_at and not how:
        raise LetterFormatError(
            "not a Final Determination letter (none of its sections found)", source
        )
    if not issues:
        raise LetterFormatError("missing section 'IMR ISSUES, DECISIONS AND RATIONALES'", source)
    if not summary_at or summary_at.start() > issues.start():
        raise LetterFormatError("missing section 'CLINICAL CASE SUMMARY'", source)
    lead = _SUMMARY_LEAD.search(text, summary_at.end(), issues.start())
    summary = clean(text[(lead or summary_at).end() : issues.start()])
    if not summary:
        raise LetterFormatError("the clinical case summary is empty", source)
    head = text[: summary_at.start()]
    body_lead = _ISSUES_LEAD.search(text, issues.end())
    body = text[(body_lead or issues).end() :]
    return Letter(
        **_header(head, source),
        reviewer=_credentials(text[how.end() if how else 0 : summary_at.start()], clean),
        summary=summary,
        items=_items(body, clean, source),
    )


def _header(head: str, source: str | None) -> dict[str, object]:
    fields: dict[str, object] = {}
    case = _CASE_NUMBER.search(head)
    fields["case_number"] = case.group(1) if case else None
    for name, pattern in _HEADER_DATES.items():
        match = pattern.search(head)
        fields[name] = _date(match.group(1)) if match else None
    priority = _PRIORITY.search(head)
    if priority and priority.group(1).lower() != "not":  # "Priority: Not stated"
        word = priority.group(1).lower()
        fields["priority"] = (
            Priority.EXPEDITED if word.startswith(("exped", "urgent")) else Priority.STANDARD
        )
    return fields


def _date(text: str) -> date | None:
    """A header date as the letters write it (MM/DD/YYYY), or None when it is no such date."""
    month, _, rest = text.partition("/")
    day, _, year = rest.partition("/")
    if not (month.isdigit() and day.isdigit() and year.isdigit() and len(year) == 4):
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _credentials(section: str, clean: Normalizer) -> ReviewerCredentials:
    listed = _CREDENTIALS.search(section)
    if listed:
        return ReviewerCredentials(
            licensure=_split_list(clean(listed.group("states"))),
            specialties=_split_list(clean(listed.group("specialties"))),
        )
    prose = _PROSE_CREDENTIALS.search(section)
    if prose:
        specialties = _split_list(clean(prose.group("specialty")))
        if prose.group("subspecialty"):
            specialties += _split_list(clean(prose.group("subspecialty")))
        return ReviewerCredentials(
            licensure=_split_list(clean(prose.group("states")), conjunctions=True),
            specialties=specialties,
        )
    return ReviewerCredentials()


def _split_list(text: str, *, conjunctions: bool = False) -> list[str]:
    separator = (
        r",\s*(?:and\s+)?|\s+and\s+(?=[A-Z][a-z]+(?:\s[A-Z][a-z]+)?$)" if conjunctions else r",\s*"
    )
    parts = [part.strip(" .") for part in re.split(separator, text)]
    return [part for part in parts if part and part != "Not stated"]


def _items(body: str, clean: Normalizer, source: str | None) -> list[LetterItem]:
    claims = list(_CLAIMS_LINE.finditer(body))
    rationales = list(_RATIONALE.finditer(body))
    if len(claims) == len(rationales) + 1 and (
        not rationales or claims[-1].start() > rationales[-1].start()
    ):
        raise LetterFormatError(
            f"the letter ends early: item {len(claims)} has no 'Decision rationale:'", source
        )
    if not rationales:
        raise LetterFormatError("no disputed item found (no 'Decision rationale:')", source)
    if len(claims) != len(rationales):
        raise LetterFormatError(
            f"{len(rationales)} decision rationales but {len(claims)} claims administrator guideline lines",
            source,
        )
    # Each item's fields; its rationale is known only at the next item's heading (or the end).
    fields: list[dict[str, object]] = []
    # A letter often gives several items the same guideline line: each is parsed once.
    guideline_lines: dict[str, GuidelineLine] = {}

    def guideline_line(raw: str) -> GuidelineLine:
        line = guideline_lines.get(raw)
        if line is None:
            line = guideline_lines[raw] = parse_guideline_line(raw)
        return line

    region_start = 0
    for number, (claim, rationale) in enumerate(zip(claims, rationales, strict=False), start=1):
        region = body[region_start : claim.start()]
        colon = region.rfind(":")
        decision = _DECISION_WORD.fullmatch(region, colon + 1) if colon >= 0 else None
        if not decision:
            raise LetterFormatError(
                f"item {number} has no decision (': Upheld' or ': Overturned')", source
            )
        heading_text = region[:colon]
        heading_start = 0 if number == 1 else _heading_start(heading_text)
        if number > 1:
            fields[-1]["rationale"] = clean(heading_text[:heading_start])
        review = _REVIEW_LINE.search(body, claim.end(), rationale.start())
        if not review:
            raise LetterFormatError(
                f"item {number} has no review organization's guideline line", source
            )
        if rationale.start() < claim.start():
            raise LetterFormatError(
                f"item {number}: 'Decision rationale:' before its guideline lines", source
            )
        fields.append(
            {
                **_request(clean(heading_text[heading_start:]), number, source),
                "decision": Decision(decision.group(1).capitalize()),
                "claims_administrator_guideline": guideline_line(
                    clean(body[claim.end() : review.start()])
                ),
                "review_guideline": guideline_line(clean(body[review.end() : rationale.start()])),
            }
        )
        region_start = rationale.end()
    fields[-1]["rationale"] = clean(body[region_start:])
    items = [LetterItem(**item) for item in fields]
    for number, item in enumerate(items, start=1):
        if not item.rationale:
            raise LetterFormatError(f"item {number} has an empty decision rationale", source)
    if not _concludes(items[-1].rationale):
        raise LetterFormatError(
            f"the letter ends early: item {len(items)}'s decision rationale stops before its "
            "conclusion (whether the request is medically necessary)",
            source,
        )
    return items


def _concludes(rationale: str) -> bool:
    """Whether a letter's last rationale ends as a whole one does, not cut off by a short file.

    A rationale's last sentence, or the one before it, gives the conclusion (whether the request
    is medically necessary); a letter cut after a sentence that gives none, in the middle of a
    sentence, or in the heading of a next item does not end so. The final full stop may be
    missing, but then the last sentence is the conclusion itself.
    """
    sentences = _last_sentences(rationale.strip())
    last = sentences[-1]
    if _OPENS_ITEM.search(last):  # the start of another item's heading
        return False
    if not _SENTENCE_END.search(last):
        return bool(_ENDS_IN_CONCLUSION.search(last))
    return any(_CONCLUSION.search(sentence) for sentence in sentences[-2:])


def _last_sentences(text: str, window: int = 1000) -> list[str]:
    """``_SENTENCE_BREAK.split(text)[-2:]``, looking for the breaks in the last ``window``
    characters first.

    A break is decided by the characters around it alone (the sentence end before it, the blanks
    and quote it spans, the capital after it), and none begins inside another, so the breaks found
    from any point on are the text's own breaks from that point on.
    """
    start = max(0, len(text) - window)
    if start:
        breaks = list(_SENTENCE_BREAK.finditer(text, start))
        if len(breaks) >= 2:
            before, last = breaks[-2], breaks[-1]
            return [text[before.end() : last.start()], text[last.end() :]]
    return _SENTENCE_BREAK.split(text)[-2:]


def _heading_start(text: str) -> int:
    """Where the heading begins in text that holds the previous rationale, then the heading.

    For a partial authorization the heading is the three-sentence form; otherwise it is the last
    run of lines that follows a blank line or a line ending a sentence.
    """
    partial = _partial(text)
    if partial:
        return partial.start("original")
    position = len(text.rstrip())
    while True:
        line_start = text.rfind("\n", 0, position) + 1
        if line_start == 0:
            return 0
        previous = text[: line_start - 1].rstrip(" ")
        previous_line = previous[previous.rfind("\n") + 1 :]
        if not previous_line.strip() or _SENTENCE_END.search(previous_line.strip()):
            return line_start
        position = line_start - 1


def _request(heading: str, number: int, source: str | None) -> dict[str, str | None]:
    if not heading:
        raise LetterFormatError(f"item {number} has an empty request", source)
    match = _partial(heading)
    if match:
        return {
            "request": match.group("remaining").strip(),
            "original_request": match.group("original").strip(),
            "authorized": match.group("authorized").strip(),
            "remaining": match.group("remaining").strip(),
        }
    return {"request": heading}


def _partial(text: str) -> re.Match[str] | None:
    """The partial-authorization heading at the end of ``text``, if that is how the text ends.

    It begins with the sentence holding the last "was the original request." of the text.
    """
    if "original" not in text:  # what _ORIGINAL_MARK needs, found without trying it everywhere
        return None
    marks = list(_ORIGINAL_MARK.finditer(text))
    if not marks:
        return None
    before = marks[-1].start()
    start = max(text.rfind(". ", 0, before), text.rfind(".\n", 0, before))
    start = 0 if start < 0 else start + 2
    for pattern in (_PARTIAL_REMAINING, _PARTIAL_WHOLE):
        match = pattern.fullmatch(text, start)
        if match:
            return match
    return None
