"""Property-based tests (hypothesis): no exception on arbitrary text, and every
evidence offset indexes the cleaned text exactly."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import errors
from pipeline.clean import clean_document
from pipeline.extract import process_batch
from pipeline.models import RawDocument
from pipeline.options import Options

FRAGMENTS = [
    "On 14 March 2019,", "In late 2021", "two days later", "On December 4", "in January",
    "gunmen attacked", "a police post", "in the town of", "Kano", "Mogadishu", "Herat",
    "southern Dagestan", "killing at least 12 people", "and wounding a third", "several",
    "were arrested", "the group claimed responsibility", "The attacker was later killed.",
    "planned to attack", "Security forces", "clashed with militants", "a car bomb exploded",
    "(Kursky district)", "\n\n", "...", " ...\n", ",", ".", "4000", "AK-74", "22-year-old",
    "Islamic State", "Al-Shabaab", "Boko Haram", "•", "© 2024", "{", "}", "<p>", "&amp;",
]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(" ".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map(" ".join),
)

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@SETTINGS
@given(text=texts, as_html=st.booleans())
def test_properties_cleaning_never_raises_unexpectedly(text, as_html):
    raw = RawDocument(doc_id="p", source="p", **({"html": text} if as_html else {"text": text}))
    try:
        clean = clean_document(raw)
    except errors.InputError as exc:
        assert str(exc).startswith("E0")
        return
    assert isinstance(clean.text, str) and clean.text.strip()


@SETTINGS
@given(text=texts)
def test_properties_evidence_offsets_index_cleaned_text(nlp, text):
    raw = RawDocument(doc_id="p", source="p", text=text)
    [result] = process_batch([raw], nlp, Options(published=None, doc_timeout=30))
    assert result.document.status in ("ok", "error", "skipped")
    if result.document.status != "ok":
        assert result.document.error
        return
    assert result.document.n_events == len(result.events)
    for event in result.events:
        for ev in event.evidence:
            assert result.text[ev.start:ev.end] == ev.sentence
