"""Speaker identity: every attribution read as one person, organisation or unnamed role,
short mentions linked to the full name, and the same person merged across outlets."""
from __future__ import annotations

from compare.divergence import event_speakers, voice_profile
from compare.model import Actor
from compare.score import score_article
from compare.score.voices import speech_events
from compare.speaker_labels import read_label
from compare.speakers import merge_speakers
from tests.conftest import make_articles


def speakers_of(texts: dict[str, list[str]], actors: tuple[Actor, ...] = ()):
    scores = {a.id: score_article(a, actors) for a in make_articles(texts)}
    return scores, event_speakers(scores)


def test_bare_honorifics_adverbs_and_quantities_name_no_one():
    for label in ("Mr", "Mr.", "Rep", "Now", "Ahead", "Still", "Some", "Many", "Ten", "I’ll", "It’s", "Ohio"):
        assert read_label(label).kind is None, label


def test_a_party_state_tag_alone_is_a_description_with_party_and_state_not_a_name():
    assert [(r.kind, r.party, r.state) for r in map(read_label, ("R-Texas", "D-Calif", "Democrat of Delaware"))] == [
        ("title", "R", "Texas"), ("title", "D", "California"), ("title", "D", "Delaware")]
    reading = read_label("Republican of Ohio and the chairman of the National Republican Congressional Committee")
    assert (reading.kind, reading.party, reading.state, reading.name) == ("title", "R", "Ohio", "")


def test_the_name_before_a_party_state_tag_is_the_speaker():
    (event,) = speech_events("“We will vote on it,” McConnell, R-Ky., said on Tuesday.")
    assert event.speaker == "McConnell, R-Ky."
    reading = read_label(event.speaker)
    assert (reading.last, reading.party, reading.state) == ("McConnell", "R", "Kentucky")
    (event,) = speech_events("Mr. Alexander, Republican of Tennessee, said the bill would pass.")
    reading = read_label(event.speaker)
    assert (reading.last, reading.party, reading.state) == ("Alexander", "R", "Tennessee")
    reading = read_label("Sen. Kamala Harris (D-Calif.)")
    assert (reading.name, reading.title, reading.party, reading.state) == ("Kamala Harris", "Sen.", "D", "California")


def test_an_apposition_describes_the_name_before_it():
    (event,) = speech_events("Sen. Mark Warner, the top Democrat on the Senate Intelligence Committee, also said "
                             "he is concerned.")
    assert event.speaker == "Sen. Mark Warner"


def test_titles_are_not_part_of_the_name():
    reading = read_label("Senate Majority Leader Mitch McConnell")
    assert (reading.first, reading.last, reading.title) == ("Mitch", "McConnell", "Senate Majority Leader")
    assert read_label("N.J. President Trump").last == "Trump"  # a dateline glued to the front


def test_short_mentions_and_the_president_are_the_person_named_in_full_and_merge_across_outlets():
    _, speakers = speakers_of({
        "a": ["President Trump said on Monday that the deal was “very fair.”",
              "“We will see,” Mr. Trump said.",
              "The president said that the talks would go on.",
              "“It was great,” Trump said."],
        "b": ["“This is a tremendous day,” President Donald Trump said."],
    })
    trump = [s for s in speakers if s.kind == "person"]
    assert [(s.name, dict(s.labels)) for s in trump] == [
        ("Donald Trump", {"a": ("President Trump", "Mr. Trump", "president", "Trump"),
                          "b": ("President Donald Trump",)})]
    assert set(trump[0].words) == {"a", "b"}


def test_one_row_per_person_in_a_source_voices_table():
    scores, _ = speakers_of({"a": ["Senate Majority Leader Mitch McConnell said that the vote would be held.",
                                   "“We have the votes,” Mr. McConnell said.",
                                   "McConnell said that Democrats were stalling."]})
    identities = merge_speakers({"a": scores["a"].speakers})
    rows = [(v.speaker, v.kind, v.labels, v.quotes) for v in voice_profile(scores["a"], identities).speakers]
    assert rows == [("Mitch McConnell", "person",
                     ("Senate Majority Leader Mitch McConnell", "Mr. McConnell", "McConnell"), 3)]


def test_sentence_adverbs_and_some_give_no_named_speaker():
    scores, speakers = speakers_of({"a": ["Some said the plan would fail.",
                                          "Now, he said, the plan would fail."]})
    assert [q.speaker for q in scores["a"].quotes] == [None] * len(scores["a"].quotes)
    assert speakers == ()


def test_officials_without_a_name_are_unnamed_with_their_role():
    scores, speakers = speakers_of({"a": ["Senior administration officials said that the talks had stalled."]})
    assert [(s.name, s.kind) for s in speakers] == [("Senior administration officials", "unnamed")]
    assert [(q.speaker, q.label) for q in scores["a"].quotes] == [
        ("Senior administration officials", "Senior administration officials")]


def test_same_surname_with_different_first_names_stays_two_people():
    _, speakers = speakers_of({"a": ["Paul Ryan said that the bill would pass."],
                               "b": ["Tim Ryan said that the party must change."]})
    assert sorted(s.name for s in speakers) == ["Paul Ryan", "Tim Ryan"]


def test_a_common_short_form_of_a_first_name_is_the_same_person():
    _, speakers = speakers_of({"a": ["Sen. Dick Durbin said that the bill would pass."],
                               "b": ["Senator Richard J. Durbin, Democrat of Illinois, said that it would pass."]})
    assert [(s.name, s.party, s.state) for s in speakers] == [("Richard Durbin", "D", "Illinois")]


def test_an_affiliation_after_the_name_is_not_part_of_it():
    reading = read_label("Dr. Joneigh Khaldun of the Michigan Department of Health and Human Services")
    assert (reading.name, reading.organisation) == ("Joneigh Khaldun", "the Michigan Department of Health and Human Services")
    reading = read_label("Human Rights Watch's Allison Des Forges")
    assert (reading.name, reading.organisation) == ("Allison Des Forges", "Human Rights Watch")


def test_a_government_speaks_for_its_country_and_a_ministry_named_in_part_is_the_same_ministry():
    actors = (Actor("Rwanda", ("Rwanda", "Rwandan")),)
    _, speakers = speakers_of({
        "a": ["Rwanda said that the decision was final.",
              "The Ministry of Foreign Affairs said that diplomats had 48 hours to leave."],
        "b": ["The Rwandan government said that Belgium had taken sides.",
              "The Rwandan Ministry of Foreign Affairs and International Cooperation said that it was final."],
    }, actors)
    assert sorted((s.name, s.kind, tuple(sorted(s.labels))) for s in speakers) == [
        ("Rwandan Ministry of Foreign Affairs and International Cooperation", "organisation", ("a", "b")),
        ("Rwandan government", "organisation", ("a", "b"))]


def test_a_surname_alone_takes_the_first_name_the_article_gives_it():
    scores, speakers = speakers_of({"a": ["Sen. Lindsey Graham, who chairs the committee, spoke on Monday.",
                                          "“We will not wait,” Graham said."]})
    assert [(q.label, q.speaker) for q in scores["a"].quotes] == [("Graham", "Lindsey Graham")]
    assert [(s.name, s.kind, s.title) for s in speakers] == [("Lindsey Graham", "person", "Sen.")]
