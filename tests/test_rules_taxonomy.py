"""The rule coder's "what happened": every ACLED sub-type it is taught, the protest ladder,
weapon-aware attacks, strategic types and the negative cues that keep other news out.

Every text here is invented for these tests (illustrative, in many countries and styles);
each is coded through the whole pipeline with the rules alone and its main event compared.
"""

from __future__ import annotations

import pytest

from frontwire.learn.examples import NO_EVENT
from frontwire.learn.snippets import predict_snippets
from frontwire.settings import Settings

CASES: list[tuple[str, str]] = [
    # --- agreements, changes to groups, bases, other strategic acts
    ("Government and rebel negotiators signed a ceasefire in Addis Ababa on Friday.", "Agreement"),
    ("The two militias agreed to a truce in Bentiu on Monday after elders intervened.", "Agreement"),
    ("Forty fighters surrendered to the army in Maiduguri on Sunday, a spokesman said.", "Agreement"),
    (
        "A rebel commander defected to the government side in Bunia with 30 of his men on Tuesday.",
        "Change to group/activity",
    ),
    ("The army deployed reinforcements to Goma on Wednesday, officials said.", "Change to group/activity"),
    ("Two insurgent factions merged in Quetta on Saturday and announced a joint command.", "Change to group/activity"),
    ("Rebels established a new base near Kidal on Thursday, residents said.", "Headquarters or base established"),
    ("The militia set up a checkpoint on the road outside Beni on Monday.", "Headquarters or base established"),
    ("Authorities imposed a curfew on Jos on Sunday after communal unrest.", "Other"),
    # --- disrupted weapons use
    ("Soldiers defused a roadside bomb on the highway near Kandahar on Tuesday.", "Disrupted weapons use"),
    ("Police discovered a weapons cache in a house in Mombasa on Friday.", "Disrupted weapons use"),
    ("Troops seized a large stash of ammunition in Tillaberi on Wednesday.", "Disrupted weapons use"),
    ("Air defences shot down a drone over Belgorod on Monday night.", "Disrupted weapons use"),
    # --- looting and property destruction
    ("Militants torched a primary school in Borno's Gwoza area on Saturday.", "Looting/property destruction"),
    ("Armed men looted shops in the market of Kaga Bandoro on Tuesday.", "Looting/property destruction"),
    ("Insurgents set fire to a telecom mast near Mocimboa da Praia on Sunday.", "Looting/property destruction"),
    # --- territory
    (
        "Rebels pushed government troops out of Rutshuru on Thursday after heavy fighting.",
        "Non-state actor overtakes territory",
    ),
    ("Peacekeepers handed over their camp in Ber to the army on Sunday.", "Non-violent transfer of territory"),
    (
        "The army took over the base in Tessalit after the foreign troops' departure on Monday.",
        "Non-violent transfer of territory",
    ),
    # --- the protest ladder
    ("Hundreds of teachers marched in Accra on Tuesday to demand unpaid salaries.", "Peaceful protest"),
    ("Traders rallied in Lagos on Monday against a planned increase in market levies.", "Peaceful protest"),
    ("Nurses went on strike and demonstrated outside the ministry in Harare on Wednesday.", "Peaceful protest"),
    ("Police fired tear gas to disperse students protesting in Dhaka on Sunday.", "Protest with intervention"),
    ("Police arrested 20 people during a protest in Minsk on Saturday.", "Protest with intervention"),
    (
        "Security forces opened fire on protesters in Mandalay on Friday, killing three.",
        "Excessive force against protesters",
    ),
    ("Protesters threw stones at police and burned tyres in Lahore on Thursday.", "Violent demonstration"),
    ("Demonstrators clashed with riot police in Santiago on Friday and set a bus on fire.", "Violent demonstration"),
    ("A mob lynched a man accused of theft in Kinshasa on Saturday.", "Mob violence"),
    ("An angry crowd in Sialkot beat a factory manager accused of blasphemy on Friday.", "Mob violence"),
    ("Villagers attacked and burned the homes of a minority family in Minya on Sunday.", "Mob violence"),
    # --- weapon-aware attacks
    ("Gunmen attacked a bar in Kampala with grenades on Saturday night.", "Grenade"),
    ("Regime forces attacked Douma with chlorine gas on Sunday, rescuers said.", "Chemical weapon"),
    ("A suicide bomber attacked a checkpoint in Mogadishu on Tuesday, killing five soldiers.", "Suicide bomb"),
    ("Insurgents attacked an army convoy with a roadside bomb near Kunar on Monday.", "Remote explosive/landmine/IED"),
    ("Gunmen shot dead a schoolteacher in Kaduna on Wednesday.", "Attack"),
    # --- abductions, arrests apart from protests, other strategic acts
    (
        "Intelligence agents detained a blogger in Tashkent on Monday and have held him incommunicado since.",
        "Abduction/forced disappearance",
    ),
    ("Police arrested an opposition organiser in Lusaka on Friday ahead of a planned rally.", "Arrests"),
    ("The authorities imposed a three-day lockdown on Honiara on Sunday after unrest.", "Other"),
    (
        "Rebel fighters took over the abandoned army camp at Mongo on Tuesday, residents said.",
        "Non-violent transfer of territory",
    ),
    ("Ethiopian troops recaptured the town of Kobo on Saturday, the army said.", "Government regains territory"),
    # --- the ladder's edges
    ("Riot police dispersed hundreds of students marching in Bogota on Thursday.", "Protest with intervention"),
    (
        "Demonstrators burned an effigy of the governor outside the assembly in Port Harcourt on Monday.",
        "Peaceful protest",
    ),
    ("Youths threw stones at gendarmes and torched a police post in Ziguinchor on Friday.", "Violent demonstration"),
    ("Villagers in Gazipur beat to death a man suspected of stealing cattle on Sunday.", "Mob violence"),
    # --- negative cues: other news with conflict words
    ("A gas cylinder explosion at a restaurant in Karachi killed four people on Monday.", NO_EVENT),
    ("A boiler blast at a textile factory in Dhaka injured twelve workers on Tuesday.", NO_EVENT),
    ("The striker scored twice as the home attack overwhelmed the visitors in Madrid on Sunday.", NO_EVENT),
    ("A court in Istanbul issued an arrest warrant for the former mayor on Thursday.", NO_EVENT),
    ("Floods in Sylhet killed nine people on Wednesday, officials said.", NO_EVENT),
    ("A cyclonic storm crossed the coast near Chittagong on Monday, forcing thousands to evacuate.", NO_EVENT),
    ("Thousands of workers went on strike at the port of Durban on Monday over pay.", "Peaceful protest"),
    ("Health workers distributed chlorine tablets to households in Lusaka on Monday.", NO_EVENT),
]


@pytest.fixture(scope="module")
def coded() -> list[str]:
    return predict_snippets([t for t, _ in CASES], Settings.default().replace(coder="rules"))


def test_each_case_is_coded_as_written(coded: list[str]) -> None:
    wrong = [f"{t!r}: {p} (expected {e})" for (t, e), p in zip(CASES, coded) if p != e]
    # a few cases may miss on a place or a parse the typing does not decide; the floor keeps it honest
    assert len(wrong) <= 3, "\n".join(wrong)


@pytest.mark.parametrize(
    "family",
    [
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
        "Violent demonstration",
        "Mob violence",
        NO_EVENT,
    ],
)
def test_no_family_is_lost_entirely(coded: list[str], family: str) -> None:
    wanted = [i for i, (_, e) in enumerate(CASES) if e == family]
    assert sum(coded[i] == family for i in wanted) >= len(wanted) - 1
