"""Phrases: English text of the core that can be shown in Chinese, stored and read
back (pushback.domain.phrases, pushback.i18n.phrases)."""

from __future__ import annotations

import copy
import json
import pickle

from pushback.domain.phrases import (
    Phrase,
    exercise_phrase,
    from_json,
    joined,
    msg,
    msg_n,
    read_words,
    to_json,
    with_words,
)
from pushback.i18n.phrases import localize

ZH = "zh_Hans_CN"


def test_a_phrase_is_its_english_text() -> None:
    text = joined(
        "; ",
        [
            msg(
                "Warm-up: %(name)s", name=exercise_phrase("arm-circles", "Arm circles")
            ),
            msg_n("%(num)d set", "%(num)d sets", 3),
        ],
    )
    assert text == "Warm-up: Arm circles; 3 sets"
    assert isinstance(text, str)
    assert json.dumps({"reason": text}) == '{"reason": "Warm-up: Arm circles; 3 sets"}'


def test_a_stored_phrase_reads_back_with_its_recipe() -> None:
    text = msg(
        "%(what)s: %(name)s",
        what=msg("Main push-up"),
        name=exercise_phrase("push-up", "Push-up"),
    )
    back = from_json(json.loads(json.dumps(to_json(text))))
    assert isinstance(back, Phrase)
    assert back == text
    assert localize(back, ZH) == localize(text, ZH)
    assert localize(copy.deepcopy(text), ZH) == localize(text, ZH)
    assert localize(pickle.loads(pickle.dumps(text)), ZH) == localize(text, ZH)


def test_plain_text_and_damaged_records_stay_readable() -> None:
    assert from_json("Saved before phrases") == "Saved before phrases"
    assert not isinstance(from_json("x"), Phrase)
    assert from_json({"k": "text", "m": 3, "en": "old words"}) == "old words"
    assert from_json({"nothing": 1}) == ""
    assert localize("the user's own note", ZH) == "the user's own note"


def test_chinese_rebuilds_the_sentence_from_its_parts() -> None:
    name = exercise_phrase("wide-push-up", "Wide push-up")
    assert localize(name, ZH) not in ("", "Wide push-up")
    assert all(ord(ch) > 0x2E80 for ch in localize(name, ZH).replace(" ", "")[:1])
    sets = msg_n("%(num)d set", "%(num)d sets", 2)
    assert localize(sets, "en") == "2 sets"
    both = joined("; ", [name, name])
    assert localize(both, ZH) == localize(name, ZH) + "；" + localize(name, ZH)


def test_stored_json_keeps_the_recipes_of_its_phrases() -> None:
    reason = msg("%(name)s today", name=exercise_phrase("push-up", "Push-up"))
    data = with_words({"slug": "push-up", "reason": reason, "cues": ["own", reason]})
    stored = json.loads(json.dumps({"items": [data]}))
    assert stored["items"][0]["reason"] == "Push-up today"
    back = read_words(stored)["items"][0]
    assert "words" not in back
    assert isinstance(back["reason"], Phrase)
    assert back["cues"][0] == "own"
    assert localize(back["cues"][1], ZH) == localize(reason, ZH)
    assert read_words({"reason": "old English"}) == {"reason": "old English"}


def test_a_video_reports_coaching_line_reads_in_chinese_after_storage() -> None:
    from pushback import i18n
    from pushback.analysis.faults import FAULT_CODES, catalog_cue, fault_advice
    from pushback.analysis.feedback import FeedbackItem, _message
    from pushback.domain.catalog import load_catalog
    from pushback.domain.translations import load_texts, localized_catalog
    from pushback.render.report_view import report_view

    push_up = load_catalog().get("push-up")
    local = localized_catalog(ZH).get("push-up")
    for code in FAULT_CODES:
        cue = catalog_cue(code, push_up, None)
        shown = localize(cue, ZH)
        if cue in push_up.cues:  # a catalog cue: the catalog's Chinese cue
            assert shown == local.cues[push_up.cues.index(cue)]
        else:  # no cue fits: the fault's own advice, from the Chinese table
            assert shown == load_texts(ZH, "faults")[code]["advice"]
        assert (
            localize(fault_advice(code), ZH) == load_texts(ZH, "faults")[code]["advice"]
        )
    line = _message("shrug", [2, 3], 8, catalog_cue("shrug", push_up, None))
    assert line.startswith('Shrugging on reps 2, 3. Cue: "')
    stored = json.loads(
        json.dumps({"feedback": [FeedbackItem("shrug", line, (2, 3)).to_dict()]})
    )
    with i18n.language(ZH):
        (item,) = report_view(stored).feedback
    assert item["message"] == localize(line, ZH)
    assert "2、3" in item["message"]
    assert not any("a" <= ch.lower() <= "z" for ch in item["message"])
