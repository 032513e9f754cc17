"""Tests for frontwire.framing: own sentences, plus the seed reports when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontwire.framing import frame_article, frame_outlets, load_lexicon, stance

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def terms(fr, side):
    return {r["term"]: r["count"] for r in fr["sides"][side]["terms"]}


def test_pro_opposition_vocabulary():
    text = (
        "Shelling by the Assad regime hit the liberated areas again; three civilians were martyred. "
        "Revolutionary factions answered the regime's militias, and the regime's jets struck a market."
    )
    fr = frame_article(text)
    assert fr["stance"] == "pro-opposition" and fr["confidence"] > 0.3
    t = terms(fr, "pro-opposition")
    assert t["assad regime"] == 1 and t["liberated areas"] == 1 and t["martyred"] == 1 and t["regime"] == 2
    for rec in fr["sides"]["pro-opposition"]["terms"]:  # example offsets point at the term
        a, b = rec["examples"][0]
        assert text[a:b].lower().replace("’", "'") == rec["term"]


def test_pro_government_vocabulary():
    text = (
        "Our heroic army liberated the town from Takfiri terrorists on Monday and restored security and "
        "stability to the area, after the gunmen shelled residential neighbourhoods."
    )
    fr = frame_article(text)
    assert fr["stance"] == "pro-government"
    t = terms(fr, "pro-government")
    assert "the army liberated" in t or "heroic army" in t
    assert t["takfiri"] == 1 and t["terrorists"] == 1 and t["gunmen"] == 1
    assert t["restored security and stability"] == 1


def test_liberated_disambiguated_by_context():
    gov = frame_article("The army liberated the village after fierce fighting.")
    assert terms(gov, "pro-government") == {"the army liberated": 1}
    opp = frame_article("Civilians fled to the liberated areas in the north.")
    assert terms(opp, "pro-opposition") == {"liberated areas": 1}
    reb = frame_article("The rebels liberated two hills near the road.")
    assert terms(reb, "pro-opposition") == {"factions liberated": 1}
    bare = frame_article("The village was liberated on Friday.")
    assert terms(bare, "ambiguous") == {"liberated": 1} and bare["stance"] == "neutral-unclear"
    # An opposition army's name is not "the army".
    sna = frame_article("Units of the Syrian National Army liberated a hill.")
    assert "the army liberated" not in terms(sna, "pro-government")
    # A group's name is not the verb.
    nlf = frame_article("The National Liberation Front said it shelled positions.")
    assert not any(fr["count"] for fr in nlf["sides"].values())


def test_martyr_and_regime_in_their_other_senses():
    gov = frame_article("Three soldiers were martyred while repelling the attack.")
    assert terms(gov, "pro-government") == {"martyred soldiers": 1} and not terms(gov, "pro-opposition")
    opp = frame_article("Two children were martyred in the shelling.")
    assert terms(opp, "pro-opposition") == {"martyred": 1}
    plain = frame_article("Violations of the ceasefire regime were reported; the sanctions regime stays.")
    assert not terms(plain, "pro-opposition") and terms(plain, "ambiguous") == {
        "ceasefire regime": 1,
        "sanctions regime": 1,
    }


def test_longest_match_wins_and_turkish_regime_is_pro_government():
    fr = frame_article("The Turkish regime sent more troops.")
    assert terms(fr, "pro-government") == {"turkish regime": 1}
    assert terms(fr, "pro-opposition") == {}


def test_neutral_and_quotes():
    wire = frame_article("Government forces and opposition factions clashed; rebels said they held the town.")
    assert wire["stance"] == "neutral-unclear" and wire["sides"]["neutral"]["count"] == 3
    # Quoted partisan words are the quoted party's voice: they count a fifth.
    quoted = frame_article(
        'A spokesman said: "the regime and its shabiha attacked the liberated areas". Government forces denied it.'
    )
    t = quoted["sides"]["pro-opposition"]["terms"]
    assert all(r["quoted"] == r["count"] for r in t)
    assert quoted["stance"] == "neutral-unclear"
    unquoted = frame_article("The regime and its shabiha attacked the liberated areas.")
    assert unquoted["stance"] == "pro-opposition"


def test_stance_formula():
    lex = load_lexicon()
    assert stance({"pro-opposition": 2.0}, lex)["stance"] == "neutral-unclear"  # below min_weight
    assert stance({"pro-opposition": 6.0, "pro-government": 5.0}, lex)["stance"] == "neutral-unclear"
    s = stance({"pro-opposition": 6.0, "pro-government": 5.0}, lex)
    assert s["mixed"]
    strong, weak = stance({"pro-government": 20.0}, lex), stance({"pro-government": 4.0}, lex)
    assert strong["stance"] == weak["stance"] == "pro-government"
    assert strong["confidence"] > weak["confidence"]
    diluted = stance({"pro-government": 20.0, "neutral": 20.0}, lex)
    assert diluted["confidence"] < strong["confidence"]


def test_article_object_and_frame_outlets():
    class A:
        text = "The Assad regime bombed the liberated areas and martyrs fell."

    a = frame_article(A())
    b = frame_article("Regime shelling and regime airstrikes continued.")
    c = frame_article("Government forces advanced.")
    out = frame_outlets([("Opp Daily", a), ("Opp Daily", b), ("Wire", c), (None, c)])
    assert set(out) == {"Opp Daily", "Wire", "unknown"}
    opp = out["Opp Daily"]
    assert opp["articles"] == 2 and opp["stance"] == "pro-opposition"
    assert {r["term"]: r["count"] for r in opp["terms"]["pro-opposition"]}["regime"] == 2
    assert out["Wire"]["stance"] == "neutral-unclear" and out["Wire"]["article_stances"] == {"neutral-unclear": 1}


EXPECTED = {"000": "neutral-unclear", "002": "pro-opposition", "003": "pro-opposition", "004": "pro-government"}


@pytest.mark.seeds
@pytest.mark.parametrize("sid", sorted(EXPECTED))
def test_seed_stances(sid):
    path = SEEDS / f"{sid}.txt"
    if not path.exists():
        pytest.skip("seed reports not available")
    fr = frame_article(path.read_text("utf-8"))
    assert fr["stance"] == EXPECTED[sid], (fr["weights"], fr["log_odds"])
