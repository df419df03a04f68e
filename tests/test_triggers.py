"""Tests of the evex_triggers component: type, modality and mention function of triggers."""
from __future__ import annotations

import pytest

from pipeline import mentions
from pipeline.components import triggers


def trigger_of(nlp, text: str, word: str):
    """The TriggerValue of the trigger span containing ``word`` (None when there is none)."""
    doc = nlp(text)
    for span in doc.spans[mentions.TRIGGERS]:
        if word in span.text:
            return span._.evex
    return None


@pytest.mark.parametrize("text, word, event_type", [
    ("Gunmen opened fire on a wedding party in Kandahar on Friday.", "opened fire", "attack"),
    ("A man stabbed two tourists near the cathedral in Marseille.", "stabbed", "attack"),
    ("Rebels ambushed an army convoy near Goma.", "ambushed", "attack"),
    ("A car bomb exploded outside a hotel in Mogadishu.", "car bomb", "bombing"),
    ("A suicide bomber detonated his vest at a checkpoint.", "detonated", "bombing"),
    ("Troops and insurgents exchanged fire for hours near Kirkuk.", "exchanged fire", "clash"),
    ("A two-hour gunfight broke out in the old quarter.", "gunfight", "clash"),
    ("Police raided a safe house in Mombasa on Monday.", "raided", "security_operation"),
    ("Soldiers killed six jihadists near Gao.", "killed", "security_operation"),
    ("Three insurgents were killed by troops in Diyala.", "killed", "security_operation"),
    ("Militants killed two soldiers at a checkpoint.", "killed", "attack"),
    ("The suspect was shot dead by police outside the station.", "shot dead", "security_operation"),
    ("Authorities detained five suspects in Ankara.", "detained", "arrest"),
    ("The man was taken into custody at the border.", "taken into custody", "arrest"),
    ("He was extradited to France in 2019.", "extradited", "arrest"),
    ("The group appointed a new emir in March.", "appointed", "strategic_development"),
    ("Fighters pledged allegiance to the new leader.", "pledged", "strategic_development"),
    ("The group released a video statement on Sunday.", "released", "strategic_development"),
    ("A court in Paris convicted the three men of terrorism.", "convicted", "strategic_development"),
    ("The militia claimed responsibility for the market fire in Kano.", "fire", "attack"),
    ("The rebels claimed responsibility for the 2019 bridge collapse.", "collapse", "attack"),
    ("In an audio message, the emir urged followers to stay.", "audio message",
     "strategic_development"),
    ("The movement was proscribed by the Home Office in 2001.", "proscribed",
     "strategic_development"),
    ("Bandits killed nine farmers in a night raid on a hamlet near Gusau.", "raid", "attack"),
    ("Rebels raided a market town in Ituri on Sunday.", "raided", "attack"),
    ("Commandos killed four suspects in a raid on a farm near Garissa.", "raid",
     "security_operation"),
    ("Gunmen stormed a checkpoint in Tillaberi, martyring six gendarmes.", "martyring",
     "attack"),
    ("Jets carried out air strikes on rebel positions near Idlib.", "air strikes",
     "security_operation"),
    ("The army launched an offensive against insurgents in Cabo Delgado.", "offensive",
     "security_operation"),
    ("An explosive charge wrecked a railway bridge outside Quetta.", "explosive charge",
     "bombing"),
])
def test_triggers_event_type(nlp, text, word, event_type):
    value = trigger_of(nlp, text, word)
    assert value is not None, f"no trigger {word!r} in {text!r}"
    assert value.event_type == event_type
    assert value.modality == "asserted"


@pytest.mark.parametrize("text, word, modality", [
    ("The group planned to attack embassies.", "attack", "hypothetical"),
    ("Officials fear militants may launch attacks in spring.", "attacks", "hypothetical"),
    ("The Taliban threatened to attack polling stations.", "attack", "hypothetical"),
    ("If the talks fail, militants will attack the city.", "attack", "hypothetical"),
    ("Security forces foiled a plot to bomb the embassy.", "bomb", "hypothetical"),
    ("Militants often attack convoys on the highway.", "attack", "hypothetical"),
    ("There have been dozens of attacks in the region this year.", "attacks", "hypothetical"),
    ("The group has carried out attacks since 2014.", "attacks", "hypothetical"),
    ("The movement said it was ready to attack the capital.", "attack", "hypothetical"),
    ("No attacks were reported.", "attacks", "negated"),
    ("Police did not arrest anyone.", "arrest", "negated"),
    ("Gunmen attacked a bank in Lagos on Tuesday.", "attacked", "asserted"),
    ("The conflict has killed 4,000 people and displaced thousands since 2017.", "killed",
     "hypothetical"),
    ("Police detained 30 suspects in raids over the past two weeks.", "detained",
     "hypothetical"),
    ("Soldiers have killed 80 insurgents so far this year.", "killed", "hypothetical"),
    ("Over 300 civilians were killed in the province last year, according to UN figures.",
     "killed", "hypothetical"),
    ("The rebels were blamed for a series of massacres in the hills that killed 90 villagers.",
     "killed", "hypothetical"),
    ("Over 300 civilians were killed in the province last year.", "killed", "asserted"),
    ("Police arrested two men in Mombasa over the stabbing.", "arrested", "asserted"),
    ("Two soldiers were wounded when a bomb exploded under their truck.", "exploded", "asserted"),
])
def test_triggers_modality(nlp, text, word, modality):
    value = trigger_of(nlp, text, word)
    assert value is not None
    assert value.modality == modality


@pytest.mark.parametrize("text, word, mention", [
    ("The group later claimed responsibility for the attack.", "attack", "reference"),
    ("Two men implicated in the bombing were arrested in Izmir.", "bombing", "background"),
    ("Gunmen stormed a hotel in Nairobi.", "stormed", "event"),
    ("Two of the wounded died in hospital on Friday.", "wounded", "reference"),
    ("One of the injured guards died overnight.", "injured", "reference"),
    ("Monday's bombing was the worst in the city for years.", "bombing", "reference"),
    ("It was the third attack on the convoy this month.", "attack", "reference"),
    ("Gunmen wounded two guards in Kano.", "wounded", "event"),
])
def test_triggers_mention_function(nlp, text, word, mention):
    value = trigger_of(nlp, text, word)
    assert value is not None
    assert value.mention == mention


@pytest.mark.parametrize("text, word", [
    ("Police found an assault rifle in the car.", "assault"),
    ("Weapons and ammunition were captured in the raid.", "captured"),
    ("The singer died of a heart attack.", "attack"),
    ("The storm flooded the valley.", "storm"),
    ("The minister named the new bridge after her father.", "named"),
    ("The fire spread quickly through the market in Kano.", "fire"),
    ("Engineers blamed the bridge collapse on corrosion.", "collapse"),
])
def test_triggers_no_trigger_outside_context(nlp, text, word):
    assert trigger_of(nlp, text, word) is None


@pytest.mark.parametrize("text, word, agents", [
    ("Bandits killed nine people in a raid on a hamlet.", "raid", ["Bandits"]),
    ("A raid by commandos freed the hostages.", "raid", ["commandos"]),
    ("The army's offensive began at dawn.", "offensive", ["army"]),
])
def test_triggers_noun_agents(nlp, text, word, agents):
    doc = nlp(text)
    noun = next(t for t in doc if t.text == word)
    assert [t.text for t in triggers.participants(noun)[0]] == agents


def test_triggers_lexicon_is_data():
    lexicon = triggers.lexicon()
    assert set(lexicon["types"]) == {"attack", "bombing", "clash", "security_operation",
                                     "arrest", "strategic_development"}
    for items in lexicon["types"].values():
        for item in items:
            assert 0.0 < item["weight"] <= 1.0
    assert "may" in triggers.cues().modal


def test_triggers_every_phrase_compiles(nlp):
    matcher, entries = triggers.build_matcher(nlp)
    assert len(matcher) == len(entries) == sum(len(v) for v in triggers.lexicon()["types"].values())
