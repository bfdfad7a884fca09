from desktop.domain.comparison import RankedValue, in_conflict, shown_values
from desktop.domain.mentions import find_mentions
from desktop.domain.text import normalise_text

TEXT = "The Center for AI Standards and Innovation (CAISI) met Metaverse staff and Meta. CAISIs"


def test_mentions_are_whole_words_longest_first():
    names = {1: ["Center for AI Standards and Innovation", "CAISI"], 2: ["Meta"], 3: ["AI"]}
    found = [(m.entity_id, TEXT[m.start : m.end]) for m in find_mentions(TEXT, names)]
    assert found == [
        (1, "Center for AI Standards and Innovation"),
        (1, "CAISI"),
        (2, "Meta"),
    ]


def test_a_name_two_entities_share_is_mentioned_once():
    assert len(find_mentions("Meta", {1: ["Meta"], 2: ["Meta"]})) == 1


def test_cells_prefer_preferred_and_hide_deprecated():
    values = [RankedValue(1, "yes", "normal"), RankedValue(2, "no", "normal")]
    assert in_conflict(values)
    assert shown_values(values + [RankedValue(3, "no", "preferred")]) == ["no"]
    assert shown_values([RankedValue(1, "yes", "deprecated"), RankedValue(2, "no", "normal")]) == [
        "no"
    ]
    assert not in_conflict([RankedValue(1, "yes", "normal"), RankedValue(2, "yes", "normal")])


def test_normal_form_is_nfc_with_unix_newlines():
    assert normalise_text("\ufeffCafe\u0301\r\nx\ry") == "Caf\u00e9\nx\ny"
