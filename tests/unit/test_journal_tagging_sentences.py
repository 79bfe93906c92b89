"""The tagger against real-style rejection wording: what each sentence should and should not suggest.

Rejection letters praise, soften and repeat boilerplate ("another candidate", "keep your CV on file");
only what names a weak spot may become a suggestion.
"""

from __future__ import annotations

import pytest

from interview_coach.domain.journal_content import JournalContent
from interview_coach.domain.journal_tagging import suggest_tags
from interview_coach.storage.journal_resources import load_journal_content

STORY, ENTHUSIASM, FIT, STRUCTURE = "specific-story", "enthusiasm", "fit", "structure"
RED_FLAG, DELIVERY, EYES, POSTURE = "red-flag-handling", "delivery", "eye-contact", "posture"
CV, SKILLS, INDUSTRY, FOLLOW_UP = "cv-cover-letter", "skills", "industry-knowledge", "follow-up"
ALL = {STORY, ENTHUSIASM, FIT, STRUCTURE, RED_FLAG, DELIVERY, EYES, POSTURE, CV, SKILLS, INDUSTRY, FOLLOW_UP}
NONE: set[str] = set()

# (sentence, must be suggested, must not be suggested)
SENTENCES: list[tuple[str, set[str], set[str]]] = [
    # Boilerplate: nothing to work on.
    ("Thank you for your interest in the role and for taking the time to meet us.", NONE, ALL),
    ("After careful consideration, we have decided to move forward with other candidates.", NONE, ALL),
    # "Closer match" names skills and fit on purpose; "another candidate" adds nothing.
    ("We have decided to proceed with another candidate whose profile was a closer match.", {SKILLS, FIT}, NONE),
    ("We have decided to proceed with another candidate.", NONE, ALL),
    ("We will keep your CV on file and contact you if a suitable vacancy arises.", NONE, {FOLLOW_UP, CV}),
    ("We'd like to keep your details on file for future opportunities.", NONE, {FOLLOW_UP}),
    ("We are a growing business in the energy sector.", NONE, {ENTHUSIASM, INDUSTRY}),
    ("As a leading energy company, we received a very strong field of applicants.", NONE, {ENTHUSIASM, INDUSTRY}),
    ("It was a difficult decision as we met many strong candidates.", NONE, ALL),
    ("We wish you every success in your job search.", NONE, ALL),
    ("We will be in touch with all candidates by Friday.", NONE, {FOLLOW_UP}),
    ("Unfortunately you have not been successful on this occasion.", NONE, ALL),
    ("Thank you for your interest in working with our team.", NONE, {ENTHUSIASM}),
    # Praise: a strength is not a weak spot.
    ("The panel liked your technical depth.", NONE, {SKILLS}),
    ("We were impressed by your enthusiasm for the product.", NONE, {ENTHUSIASM, INDUSTRY}),
    ("Your examples were strong and well structured.", NONE, {STORY, STRUCTURE}),
    ("You came across as confident and clearly passionate about teaching.", NONE, {DELIVERY, ENTHUSIASM}),
    ("The interviewers really enjoyed your energy.", NONE, {ENTHUSIASM}),
    ("You clearly have excellent knowledge of the industry.", NONE, {INDUSTRY}),
    ("Your answers were concise and to the point.", NONE, {STRUCTURE}),
    ("We appreciated your honesty about why you left your last job.", NONE, {RED_FLAG}),
    ("Great eye contact and body language throughout.", NONE, {EYES, POSTURE}),
    ("Your qualifications are excellent.", NONE, {SKILLS}),
    ("Your cover letter was very good.", NONE, {CV}),
    ("Your technical skills stood out.", NONE, {SKILLS}),
    # Negated faults: the fault was absent.
    ("You didn't seem nervous at all.", NONE, {DELIVERY}),
    ("You never rambled, which we liked.", NONE, {STRUCTURE}),
    ("You were not defensive about the gap.", NONE, {RED_FLAG}),
    ("Your answers were not too long.", NONE, {STRUCTURE}),
    # Real weak spots.
    ("Your answers lacked concrete examples of what you personally achieved.", {STORY}, {SKILLS, FIT}),
    ("We felt your examples were too vague and hypothetical.", {STORY}, {STRUCTURE}),
    ("We'd have liked to hear more about the results you delivered.", NONE, {ENTHUSIASM}),
    ("Some answers were long-winded and hard to follow.", {STRUCTURE}, {STORY}),
    ("You spoke too fast and seemed nervous.", {DELIVERY}, {STRUCTURE}),
    ("You seemed a little flat when talking about the role.", {ENTHUSIASM}, NONE),
    ("We weren't convinced about your motivation for joining us.", {ENTHUSIASM}, NONE),
    ("We were looking for someone with more hands-on experience with SQL.", {SKILLS}, {ENTHUSIASM}),
    ("The successful candidate had more experience in the sector.", {SKILLS, INDUSTRY}, {FIT}),
    ("Your CV didn't show the leadership experience we needed.", {CV}, {FOLLOW_UP}),
    ("You appeared defensive when asked about the gap in your employment.", {RED_FLAG}, NONE),
    ("You were quite negative about your previous employer.", {RED_FLAG}, NONE),
    ("You could have shown more knowledge of our customers.", {INDUSTRY}, NONE),
    ("We didn't feel you were the right fit for the team culture.", {FIT}, NONE),
    ("You didn't make much eye contact with the panel.", {EYES}, NONE),
    ("You seemed restless and fidgeted throughout.", {POSTURE}, NONE),
    ("Your salary expectations were above our budget.", {RED_FLAG}, NONE),
    ("There were some concerns about your short tenure in recent roles.", {RED_FLAG}, NONE),
    ("We would have liked a clearer structure, for example using the STAR method.", {STORY, STRUCTURE}, NONE),
    ("You didn't ask for feedback or follow up after the interview.", {FOLLOW_UP}, NONE),
    ("You went off on a tangent in several answers.", {STRUCTURE}, NONE),
    ("Many of your answers were too general.", {STORY}, NONE),
    ("Your application didn't meet the essential criteria.", {CV}, NONE),
    ("We felt you were overqualified for this position.", {RED_FLAG}, NONE),
    ("You mumbled at times and were hard to hear.", {DELIVERY}, NONE),
    ("Your knowledge of our product was limited.", {INDUSTRY}, {ENTHUSIASM}),
    # Praise and criticism in one sentence: only the criticism counts.
    ("The panel liked your technical depth, but your examples lacked measurable results.", {STORY}, {SKILLS}),
    ("You were enthusiastic, however your answers were rambling.", {STRUCTURE}, {ENTHUSIASM}),
    ("Strong candidate, although we needed more experience with Salesforce.", {SKILLS}, NONE),
    ("Your cover letter was excellent; unfortunately, you seemed nervous in the interview.", {DELIVERY}, {CV}),
    ("We liked your energy but weren't sure you understood the role.", {FIT}, {ENTHUSIASM}),
    ("Great communication skills, but little evidence of leading a team.", {STORY}, {DELIVERY, STRUCTURE}),
    ("Good structure overall, though you went over time on a couple of answers.", NONE, NONE),
    ("Your research on the company was impressive, but you didn't explain why this role.", {FIT}, {INDUSTRY}),
    ("You answered technical questions well, but lacked a certification we require.", {SKILLS}, NONE),
]


@pytest.fixture(scope="module")
def content() -> JournalContent:
    return load_journal_content()


def test_the_table_is_large_enough() -> None:
    assert len(SENTENCES) >= 60


@pytest.mark.parametrize(("sentence", "wanted", "unwanted"), SENTENCES, ids=[s[:48] for s, _, _ in SENTENCES])
def test_sentence_gets_the_tags_it_names_and_no_others(
    sentence: str, wanted: set[str], unwanted: set[str], content: JournalContent
) -> None:
    found = {s.area for s in suggest_tags([sentence], content.rules, reading=content.reading)}
    assert wanted <= found, f"missing {wanted - found}"
    assert not (found & unwanted), f"wrongly suggested {found & unwanted}"
