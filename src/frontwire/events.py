"""events stage: event mentions from parsed sentences.

A sentence yields one event mention per place it names as a site of violence,
typed by the trigger that governs that place (dependency path first, nearest
preceding trigger otherwise), with agent/target actors read from the parse, a
date resolved against the publication date, and the claims (casualties,
control, occurrence) of whoever the sentence quotes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Span

from .mentions import (NUMBER_WORDS, VAGUE, COMPASS, _is_cap, cue, NEAR_WORDS, ORG_WORDS, PLACE_NOUNS, REGION_AFTER, REPORT_VERBS, ActorMention, CasualtyMention,
                       ClaimantMention, Trigger, actor_dictionary, actor_info, find_casualties, find_claimant,
                       find_times, find_triggers, infer_published, load_yaml, name_chunks, countries)
from .geo import fold
from .model import Article, Claim, EventMention, Evidence
from .nlp import Paragraph

# cue-word lists (what each does is documented in data/cues.yaml)
TRIGGER_WORDS = cue("trigger_words")
FACILITY_NOUNS = cue("facility_nouns")
ATTEMPT = cue("attempt")
TARGET_MARKERS = cue("target_markers")
POSITION_WORDS = cue("position_words")
INSTRUMENTAL = cue("instrumental")
ATTACK_INSTRUMENTS = ("Air/drone strike", "Shelling/artillery/missile attack")
LOCATIVE_PREPS = cue("locative_preps")
REGION_LEFT = cue("region_left")
SITE_LEFT = cue("site_left")


DEMONYMS = {d for c in countries().values() for d in c["demonyms"]}


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, str]:
    """sub_event_type -> event_type (ACLED)."""
    return {sub: et for et, subs in load_yaml("taxonomy.yaml").items() for sub in subs}


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return load_yaml("triggers.yaml")


@lru_cache(maxsize=1)
def _geocoder():
    from .geo import Geocoder

    return Geocoder.default()


def _inflect(word: str) -> str:
    """Inflectional endings of one word: "plan" matches "plans", "planned", "planning", not "planted"."""
    last = re.escape(word[-1]) if word else ""
    return rf"(?:s|es|d|ed|ing|{last}ed|{last}ing|ied|ies)?"


def _phrases_in(words: list[str], text: str) -> bool:
    """Whether any lexicon phrase ("lose * life", "artillery") occurs in `text` (lower-cased)."""
    return _phrase_regex(tuple(words)).search(text) is not None


@lru_cache(maxsize=64)
def _phrase_regex(words: tuple[str, ...]) -> re.Pattern:
    """One compiled alternation per lexicon list: phrases with inflections and short gaps."""
    alts = [r"\s+(?:\S+\s+){0,3}?".join(re.escape(x) + _inflect(x) for x in w.replace(" * ", " ").split())
            for w in words]
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b")


@dataclass
class PlaceCandidate:
    text: str
    start: int  # token indices (doc)
    end: int
    role: str  # site | region
    near: bool = False


@dataclass
class _ArticleState:
    published: date | None
    country: str
    carried_date: date | None = None
    last_claimant: ClaimantMention | None = None
    quote_open: bool = False
    last_group: list[EventMention] = field(default_factory=list)
    last_group_sentence: int = -10


# ---------------------------------------------------------------- places


def _region_phrase(doc, s: int, e: int, sent: Span) -> str:
    """Extend a region name to its full phrase: "southeastern Idlib countryside", "west of Aleppo"."""
    a, b = s, e
    while b < sent.end and doc[b].lower_ in REGION_AFTER:
        b += 1
    if a - 1 >= sent.start and doc[a - 1].lower_ in ("rural",):
        a -= 1
    if a - 2 >= sent.start and doc[a - 1].lower_ == "of" and (doc[a - 2].lower_ in REGION_AFTER or
                                                              COMPASS.match(doc[a - 2].text)):
        a -= 2
        while a - 1 >= sent.start and doc[a - 1].lower_ in ("the",):
            a -= 1
    while a - 1 >= sent.start and (COMPASS.match(doc[a - 1].text) or doc[a - 1].lower_ in ("the",)):
        a -= 1
    return doc[a:b].text.strip()


def find_places(sent: Span, actors: list[ActorMention]) -> tuple[list[PlaceCandidate], list[tuple[int, int, str]]]:
    """Sites (villages, towns, bases) and region phrases named in a sentence."""
    doc = sent.doc
    geo = _geocoder()
    actor_tokens = {i for a in actors for i in range(a.start, a.end)}
    ner: dict[int, str] | None = None  # read only when nothing else marks a name as a place
    sites: list[PlaceCandidate] = []
    regions: list[tuple[int, int, str]] = []  # (specificity, token, phrase)
    last_end = -1
    for s, e in name_chunks(sent):
        if actor_tokens.intersection(range(s, e)):
            last_end = -1
            continue
        text = doc[s:e].text.strip(" -’'`")
        words = {t.lower_ for t in doc[s:e]}
        if doc[s].is_sent_start and doc[s].text.isupper() and len(doc[s].text) > 2 and e < sent.end \
                and doc[e].text in (",", "(", "-", "–", "—"):
            last_end = -1
            continue  # "BEIRUT (Reuters) -", "IDLIB, Syria (North Press) –": the dateline, where the report was filed
        if words & TRIGGER_WORDS:
            last_end = -1
            continue
        if e - s == 1 and doc[s].is_sent_start and (doc[s].is_stop or doc[s].like_num or doc[s].lower_ in NUMBER_WORDS
                                                    or doc[s].lower_ in VAGUE or doc[s].pos_ != "PROPN"):
            last_end = -1
            continue
        if len(text) < 3 or not any(c.isupper() for c in text[:4]) or words & ORG_WORDS or \
                text.lower() in DEMONYMS:
            last_end = -1
            continue
        left = [t.lower_ for t in doc[max(sent.start, s - 5):s]]
        nxt = doc[e].lower_ if e < sent.end else ""
        gap = doc[last_end:s] if last_end >= 0 else None
        joined = gap is not None and len(gap) == 0 and doc[last_end - 1].text.endswith("-")
        in_list = joined or gap is not None and len(gap) <= 5 and any(t.text in (",", "-", "and", "or", "&", "/") for t in gap) \
            and all(t.text in (",", "-", "(", ")", "and", "or", "&", "/") or t.lower_ in ("the", "town", "village", "of")
                    for t in gap)
        context_place = any(w in PLACE_NOUNS or w in NEAR_WORDS for w in left[-5:]) or (
            doc[s].lower_ in PLACE_NOUNS and e - s > 1)  # "Base 46", "Camp Atmeh"
        gaz = geo.is_place(text)
        named_region = nxt in REGION_AFTER or (left and left[-1] in REGION_LEFT)
        if not (gaz or context_place or in_list or named_region):
            if ner is None:
                ner = {i: ent.label_ for ent in sent.ents for i in range(ent.start, ent.end)}
            if not (ner.get(s) in ("GPE", "LOC", "FAC") and left and left[-1] in LOCATIVE_PREPS):
                last_end = -1
                continue
        last_end = e
        country_name = text.lower() in countries()
        regionish = (nxt in REGION_AFTER or (left and left[-1] in REGION_LEFT) or
                     (len(left) >= 2 and left[-1] == "of" and (left[-2] in REGION_AFTER or COMPASS.match(left[-2]))))
        if not regionish and nxt not in ("city", "town") and not (left and left[-1] in SITE_LEFT) \
                and not (len(left) >= 2 and left[-2] in SITE_LEFT):
            # a governorate's name alone ("in Idlib") is the region unless called a city
            regionish = any(c.entry.feature == "admin1" and c.match == "exact" for c in geo.lookup(text))
        if country_name or regionish:
            regions.append((0 if country_name else 1, s, _region_phrase(doc, s, e, sent)))
            continue
        if POSITION_WORDS.intersection(left):
            continue
        if sites and doc[sites[-1].end:s].text.strip(" ,") in ("in", "in the", "of", "near", "at", "close to",
                                                               "near the", "in the area of"):
            continue  # "Sarjah near Jabal al-Arba'in", "Kafr Oweid in Jabal al-Zawiya": the second name locates the first
        if left and (left[-1] in ("told", "telling", "tells") or left[-2:] == ["according", "to"]):
            continue  # "told Idlib Monitor": whom a source spoke to
        if nxt in FACILITY_NOUNS and e + 2 < sent.end and doc[e + 1].lower_ in ("in", "of") and _is_cap(doc[e + 2].text):
            continue  # "al-Shifa hospital in Afrin": a building's name; the town follows
        near = any(w in NEAR_WORDS for w in left) or nxt in ("front", "fronts", "axis", "area")
        sites.append(PlaceCandidate(text, s, e, "site", near))
    return sites, regions


def _region_for(place_start: int, regions: list[tuple[int, int, str]]) -> str | None:
    """The region phrase that qualifies a place: the nearest one after it, else before; countries last."""
    if not regions:
        return None
    best = max(r[0] for r in regions)
    cands = [r for r in regions if r[0] == best]
    after = [r for r in cands if r[1] > place_start]
    return (min(after, key=lambda r: r[1]) if after else max(cands, key=lambda r: r[1]))[2]


# ---------------------------------------------------------------- actors


def _covers(a: ActorMention, tok_i: int) -> bool:
    return a.start <= tok_i < a.end


def _actor_at(actors: list[ActorMention], tokens) -> ActorMention | None:
    """The actor a phrase names: its head's own actor ("Army units, in cooperation with Russian
    forces" -> the army), unless that is a generic word owned by a named group ("the factions of
    Fateh al-Mubin" -> Fateh al-Mubin)."""
    tokens = list(tokens)
    found = [a for t in tokens for a in actors if _covers(a, t.i)]
    if not found:
        return None
    head = next((t for t in tokens if t.head not in tokens or t.head == t), tokens[0])
    own = next((a for a in found if _covers(a, head.i)), None)
    if own is not None and not own.entry.generic:
        return own
    owners = [a for a in found if a is not own and not a.entry.generic
              and head.doc[a.start:a.end].root.head.lower_ == "of"
              and head.doc[a.start:a.end].root.head.head.i == head.i]
    if owners:
        return owners[0]
    if own is not None:
        return own
    found.sort(key=lambda a: (a.entry.generic, a.start))
    return found[0]


def _is_target_position(doc, a: ActorMention, start: int) -> bool:
    left = [t.lower_ for t in doc[max(start, a.start - 3):a.start]]
    return any(w in TARGET_MARKERS for w in left[-2:]) or any(
        w in ("positions", "sites", "gathering", "points", "convoy", "headquarters", "members", "ranks")
        for w in left)


def _roles(sent: Span, trig: Trigger, actors: list[ActorMention], victims: set[int], hi: int) -> tuple:
    """(agent, target, pronoun_subject) for a trigger: parse relations first, then word order."""
    doc = sent.doc
    pronoun = False
    root = doc[trig.start:trig.end].root
    agent = target = None
    heads = [root] + ([root.head] if root.pos_ in ("NOUN", "PROPN") and root.head != root else [])
    for h in heads:
        for c in h.children:
            if c.dep_ in ("nsubj",) and agent is None:
                agent = _actor_at(actors, c.subtree)
                pronoun = pronoun or c.pos_ == "PRON"
            elif (c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by" and h.pos_ == "NOUN")) \
                    and agent is None:
                agent = _actor_at(actors, c.subtree)
            elif c.dep_ in ("dobj", "nsubjpass") and target is None:
                target = _actor_at(actors, c.subtree)
            elif c.dep_ == "prep" and c.lower_ in ("on", "against", "at") and target is None:
                target = _actor_at(actors, c.subtree)
    passive_subj = root.pos_ == "VERB" and any(c.dep_ == "nsubjpass" for c in root.children)
    before = [] if passive_subj else [a for a in actors if a.end <= trig.start and id(a) not in victims
                                      and not _is_target_position(doc, a, sent.start)]
    # "Russian air raids": the trigger is inside the actor's own name
    before += [a for a in actors if a.start < trig.start < a.end]
    after = [a for a in actors if trig.end <= a.start < hi]
    if agent is None and before:
        agent = before[-1]
    if target is None:
        # "an attempt by X to ...": an actor after "by" is an agent, never the target; casualties
        # counted later in the sentence ("13 soldiers were killed") are not what this trigger hit
        passive = trig.text.lower().split()[-1] in ("by", "to")
        cands = [a for a in after if a is not agent and (passive or doc[a.start - 1].lower_ != "by")
                 and (id(a) not in victims or trig.spec.get("sub") in ("victim", "attack"))]
        target = cands[0] if cands else None
    if agent is not None and target is None and trig.spec.get("sub") == "Armed clash" and not trig.spec.get("repel"):
        # "A and B clashed": the second of two conjoined subjects is the other side
        # (for one-sided acts, "Turkish forces and their allied factions shelled", both are agents)
        head = doc[agent.start:agent.end].root
        conj = [c for c in head.children if c.dep_ == "conj"]
        target = _actor_at(actors, conj[0].subtree) if conj else None
    if agent is not None and target is not None and agent.entry is target.entry:
        target = None
    return agent, target, pronoun and agent is None


BACKING = re.compile(r"\b(?:backed|supported|aided|assisted|accompanied|covered)\s+by\s*$|\b(?:with the (?:support|help|"
                     r"backing|participation) of|in cooperation with|in coordination with|alongside|along with|"
                     r"together with)\s*(?:the\s+)?$", re.I)


def _backers(doc, actors: list[ActorMention], country: str, a1: str | None, a2: str | None) -> tuple[list, list]:
    """Associated actors: "forces backed by Russian warplanes", "in cooperation with Russian forces"."""
    assoc1: list[str] = []
    assoc2: list[str] = []
    for i, a in enumerate(actors):
        before = doc[max(0, a.start - 6):a.start].text
        if not BACKING.search(before):
            continue
        backed = next((b for b in reversed(actors[:i]) if not BACKING.search(doc[max(0, b.start - 6):b.start].text)),
                      None)
        name = a.name(country)
        owner = backed.name(country) if backed else None
        if owner == a1 and name not in (a1, a2) and name not in assoc1:
            assoc1.append(name)
        elif owner == a2 and name not in (a1, a2) and name not in assoc2:
            assoc2.append(name)
    return assoc1, assoc2


def _between_pair(doc, actors: list[ActorMention], sent: Span, lo: int, hi: int) -> tuple[ActorMention, ActorMention] | None:
    """The two sides of "between A and B", when that phrase belongs to this trigger's clause."""
    for t in doc[lo:hi]:
        if t.lower_ == "between":
            after = [a for a in actors if a.start > t.i and a.start - t.i <= 12]
            if len(after) >= 2 and any(x.lower_ == "and" for x in doc[after[0].end:after[1].start]):
                return after[0], after[1]
    return None


def _opponent(name: str | None, country: str) -> str | None:
    """The default other side when a report names only one (ACLED codes both)."""
    if name is None:
        return None
    info = actor_info(name) or {}
    c = countries().get(country.lower(), {"name": country, "military": f"Military Forces of {country}"})
    if info.get("side") == "government":
        return f"Opposition Rebels ({c['name']})"
    if info.get("type") in ("rebel", "unidentified"):
        return c["military"]
    return None


# ---------------------------------------------------------------- sub-types


def _instrument(text: str, kinds: tuple[str, ...] | None = None) -> str | None:
    for sub, words in _lexicon()["instruments"].items():
        if (kinds is None or sub in kinds) and _phrases_in(words, text):
            return sub
    return None


def _classify(trig: Trigger, sent: Span, window: str, agent_name, target_name, country,
              explosive: str | None = None, alone: bool = False) -> tuple[str | None, str | None, str | None, str | None]:
    """(sub_event_type, actor1, actor2, control) for one trigger; None sub-type drops it.

    `explosive`: the device the sentence names ("An explosion targeted a patrol"), which
    types a generic verb that names no weapon of its own.
    """
    """(sub_event_type, actor1, actor2, control) for one trigger; None sub-type drops it."""
    spec = trig.spec
    doc = sent.doc
    left = {t.lower_ for t in doc[max(sent.start, trig.start - 8):trig.start]}
    territory = spec.get("territory")
    if territory:
        if left & ATTEMPT:
            return "Armed clash", agent_name, target_name or _opponent(agent_name, country), None
        if territory in ("gain_passive", "loss_object"):
            # "areas taken by X", "fell to X": X gained; the parse may give X as subject or object
            gainer, loser = (target_name, agent_name) if target_name else (agent_name, None)
        elif territory == "loss":
            gainer, loser = target_name or _opponent(agent_name, country), agent_name
        else:
            gainer, loser = agent_name, target_name
        if gainer is None:
            return None, None, None, None
        if loser and (_side_of(loser) == _side_of(gainer) or _civilian(loser)):
            loser = None  # "captured X after Russian air strikes": the ally is not who lost X
        loser = loser or _opponent(gainer, country)
        side = (actor_info(gainer) or {}).get("side")
        sub = "Government regains territory" if side == "government" else "Non-state actor overtakes territory"
        return sub, gainer, loser, gainer
    sub = spec.get("sub")
    lemma = trig.text.lower()
    if sub == "instrument":
        sub = _instrument(window) or _instrument(lemma)
        if sub is None:
            agent_air = agent_name and _instrument(agent_name.lower()) == "Air/drone strike"
            # "carried out a strike" by a state's forces, with no weapon named, is an air strike
            state_strike = lemma.startswith("strike") and (actor_info(agent_name) or {}).get("type") in ("state", "external")
            sub = "Air/drone strike" if agent_air or state_strike else explosive or (
                "Attack" if _civilian(target_name) else "Armed clash")
    elif sub == "attack":
        sub = _instrument(window, ATTACK_INSTRUMENTS) or ("Attack" if _civilian(target_name) else "Armed clash")
    elif sub == "victim":
        if _civilian(target_name):
            sub = "Attack"
        elif (spec.get("standalone") or alone) and target_name and agent_name:
            sub = "Armed clash"  # fighters killed by a named attacker: ACLED codes armed targets as battles
        else:
            return None, None, None, None
    elif sub == "protest":
        if re.search(r"\b(killed|shot|live fire|live ammunition|live bullets)\b", window):
            sub = "Excessive force against protesters"
        elif re.search(r"\b(dispers|tear gas|arrest|detain|beat|water cannon|rubber bullets)", window):
            sub = "Protest with intervention"
        else:
            sub = "Peaceful protest"
        # the force that dispersed or fired on the protest is actor2 (ACLED)
        force = target_name if target_name and not _protesters(target_name) else (
            agent_name if agent_name and not _protesters(agent_name) else None)
        return sub, f"Protesters ({country})", force, None
    if sub == "Armed clash" and spec.get("repel"):
        # "X repelled an attack by Y": Y initiated (actor1), X defended and holds the ground
        m = re.search(r"\b(?:attack|attempt|attempts|assault|advance|offensive)s?\s+by\s+", window)
        defender = agent_name
        attacker = target_name if m else (target_name or _opponent(defender, country))
        return sub, attacker or _opponent(defender, country), defender, defender
    if _protesters(target_name) and taxonomy().get(sub) != "Protests":
        # force used on a protest is coded as the protest, with the force as actor2 (ACLED)
        sub = "Excessive force against protesters" if re.search(
            r"\b(killed|killing|shot|live fire|live ammunition|opened fire|dead)\b", window) else "Protest with intervention"
        return sub, target_name, agent_name, None
    if sub in ("Attack", "Abduction/forced disappearance", "Sexual violence") and target_name is None:
        target_name = f"Civilians ({country})"
    return sub, agent_name, target_name, None


def _side_of(name: str | None) -> str | None:
    return (actor_info(name) or {}).get("side") if name else None


def _protesters(name: str | None) -> bool:
    return bool(name) and (actor_info(name) or {}).get("type") == "protesters"


def _civilian(name: str | None) -> bool:
    return bool(name) and (actor_info(name) or {}).get("type") == "civilians"


def _is_background(text: str) -> bool:
    bg = _lexicon()["background"]
    low = text.lower()
    return any(_phrases_in(bg[k], low) for k in ("intent", "summary", "history", "non_event"))


# ---------------------------------------------------------------- assembly


def _mention_id(article_id: str, start: int, location: str, sub: str) -> str:
    h = hashlib.sha1(f"{article_id}|{start}|{location}|{sub}".encode()).hexdigest()[:16]
    return f"M{h}"


def _governing_trigger(doc, place: PlaceCandidate, triggers: list[Trigger]) -> Trigger | None:
    """The trigger a place belongs to: up the dependency path, else the nearest one before it.

    None when the path passes a position verb first ("warships located near X launched ...").
    """
    tok = doc[place.start]
    # a bare "killed" reports the toll of whatever else the sentence tells ("killed in air raids on X")
    tolls = [t for t in triggers if t.spec.get("sub") == "victim" and not t.spec.get("standalone")]
    if len(tolls) < len(triggers):
        triggers = [t for t in triggers if t not in tolls]
    by_tok = {i: t for t in triggers for i in range(t.start, t.end)}
    steps = 0
    while tok.head.i != tok.i and steps < 8:
        tok = tok.head
        steps += 1
        if tok.i in by_tok:
            return by_tok[tok.i]
        if tok.lower_ in POSITION_WORDS:
            return None
    before = [t for t in triggers if t.end <= place.start]
    if before:
        return max(before, key=lambda t: (t.start, t.spec.get("priority", 0)))
    after = [t for t in triggers if t.start >= place.end]
    return after[0] if after else None


def _victim_actor(c: CasualtyMention, sent: Span, actors: list[ActorMention]) -> ActorMention | None:
    lo = sent.start_char + c.start
    hi = sent.start_char + c.end + 45
    for a in actors:
        if lo <= sent.doc[a.start].idx <= hi:
            return a
    return None


def extract_events(article: Article, paragraphs: list[Paragraph]) -> list[EventMention]:
    """Event mentions of one article, from its parsed paragraphs."""
    pub = _parse_iso(article.published) or infer_published(article.text)
    state = _ArticleState(published=pub, country=_article_country(article))
    ad = actor_dictionary()
    out: list[EventMention] = []
    coalitions: dict[str, list[str]] = {}
    leaders: dict[str, str] = {}
    seen: list[str] = []  # named actors so far, for "the operations room" / "the group"
    sent_index = 0
    for n, para in enumerate(paragraphs):
        headline = n == 0 and len(paragraphs) > 1 and len(para.doc) < 25 and not para.doc.text.rstrip().endswith(".")
        for sent in para.doc.sents:
            sent_index += 1
            found = _sentence_events(article, para, sent, sent_index, state, ad)
            for m in found:
                m.headline = headline
            out.extend(found)
            low = sent.text.lower()
            if _COALITION_CUES.search(low):
                coalitions.update(_coalition(sent, ad, state.country, seen))
            seen.extend(a.name(state.country) for a in ad.find(sent) if not a.entry.generic)
            if " by " in low:
                leaders.update(_led_by(sent, ad, state.country))
    for m in out:
        m.actor1 = leaders.get(m.actor1, m.actor1)
        m.actor2 = leaders.get(m.actor2, m.actor2)
        if m.actor1 in coalitions:
            m.assoc_actor1 = m.assoc_actor1 + [a for a in coalitions[m.actor1] if a not in m.assoc_actor1 and a != m.actor1]
    return out


COALITION_VERBS = cue("coalition_verbs")
_COALITION_CUES = re.compile(r"\b(?:includ|compris|consist|gather|unit|group|encompass)")


def _coalition(sent: Span, ad, country: str, seen: list[str]) -> dict[str, list[str]]:
    """ "X includes A, B and C" -> {X: [A, B, C]} (members become associated actors of X).

    X may be a description of a group named earlier ("The operations room includes ...").
    """
    actors = ad.find(sent)
    for tok in sent:
        if tok.lemma_.lower() in COALITION_VERBS and tok.pos_ == "VERB":
            head = [a.name(country) for a in actors if a.end <= tok.i]
            members = [a for a in actors if a.start > tok.i]
            if not head:
                subj = [c for c in tok.children if c.dep_ == "nsubj"]
                word = subj[0].lower_ if subj else ""
                head = [n for n in seen if word and len(word) > 3 and word in n.lower()][-1:]
            if head and len(members) >= 2:
                return {head[-1]: [m.name(country) for m in members]}
    return {}


def _led_by(sent: Span, ad, country: str) -> dict[str, str]:
    """ "opposition groups led by the National Liberation Front": the generic name means the leader."""
    actors = ad.find(sent)
    doc = sent.doc
    for a, b in zip(actors, actors[1:]):
        between = re.sub(r"\s+the$", "", doc[a.end:b.start].text.lower().strip())
        if between in ("led by", "headed by", "spearheaded by", ", led by") and a.entry.generic and not b.entry.generic \
                and a.entry.side == b.entry.side:
            return {a.name(country): b.name(country)}
    return {}


def _side(name: str | None) -> str | None:
    return (actor_info(name) or {}).get("side") if name else None


def _generic(name: str | None) -> bool:
    info = actor_info(name) if name else None
    return name is None or bool(info and (info.get("generic") or info.get("type") == "unidentified"))


def absorb_regional(mentions: list[EventMention]) -> list[EventMention]:
    """Fold vaguer tellings into the same article's precise tellings of that event.

    "TIP attacked army sites in Idlib on Wednesday" after "gunmen broke through on the
    al-Tah - Abu Jarif axis" is one incident: its claims and its more specific actor go to
    the village events instead of standing as a separate, vaguer event. A headline
    ("Regime warplanes strike Sarmin market") folds into the body's telling the same way.
    """
    regional = [m for m in mentions if (m.region_hint and m.location_text == m.region_hint) or m.headline]
    keep = [m for m in mentions if m not in regional]
    for r in regional:
        r_a1 = r.place.admin1 if r.place else None

        def fits(m: EventMention) -> bool:
            if m.article_id != r.article_id or m.event_type != r.event_type:
                return False
            if m.sub_event_type != r.sub_event_type and m.event_type != "Battles":
                return False
            if m.event_date and r.event_date and abs(
                    (date.fromisoformat(m.event_date) - date.fromisoformat(r.event_date)).days) > 1:
                return False
            m_a1 = m.place.admin1 if m.place else None
            if r_a1 and m_a1 and r_a1 != m_a1:
                return False
            if r.headline and not (r.place and m.place and r.place.place_id and r.place.place_id == m.place.place_id) \
                    and fold(r.location_text) != fold(m.location_text):
                return False
            if r.headline and m.headline:
                return False
            return m.actor1 == r.actor1 or ((_generic(m.actor1) or _generic(r.actor1)) and _side(m.actor1) == _side(r.actor1))

        targets = sorted((m for m in keep if fits(m)), key=lambda m: abs(
            (m.evidence.start if m.evidence else 0) - (r.evidence.start if r.evidence else 0)))
        if not targets:
            keep.append(r)
            continue
        targets[0].claims.extend(r.claims)
        for m in targets:
            if r.date_source == "sentence" and m.date_source == "published" and not r.headline:
                m.event_date = r.event_date  # the day is stated only in the regional telling
            if _generic(m.actor1) and not _generic(r.actor1):
                m.actor1 = r.actor1
                m.assoc_actor1 = sorted(set(m.assoc_actor1) | set(r.assoc_actor1))
    order = {id(m): i for i, m in enumerate(mentions)}
    return sorted(keep, key=lambda m: order[id(m)])


def _reporting_time(sent: Span, t) -> bool:
    """ "X said on Sunday that ...": the day a claim was made, not the day of the event."""
    char = sent.start_char + t.start
    tok = next((x for x in sent if x.idx >= char), None)
    if tok is not None and any(x.lemma_.lower() in REPORT_VERBS and x.pos_ == "VERB"
                               for x in sent.doc[max(sent.start, tok.i - 2):tok.i]):
        return True  # "stated Thursday dawn ...", "said on Sunday ..."
    steps = 0
    while tok is not None and steps < 5:
        if tok.lemma_.lower() in REPORT_VERBS and tok.pos_ == "VERB":
            # "X said on Sunday that ..." (the report comes first), not "... yesterday, X said"
            return any((c.dep_ in ("ccomp", "dobj") or c.lower_ == "that") and c.i > tok.i for c in tok.children)
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in REPORT_VERBS:
            return False
        tok, steps = tok.head, steps + 1
    return False


def _is_speaker(doc, a: ActorMention, claimant: ClaimantMention | None, sent: Span) -> bool:
    head = doc[a.start:a.end].root
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in REPORT_VERBS:
        return True
    if claimant is not None and claimant.start >= 0:
        lo = sent.start_char + claimant.start
        return lo <= doc[a.start].idx < lo + len(claimant.text) and \
            "according to" in sent.text[max(0, claimant.start - 20):claimant.start].lower()
    return False


def _is_intention(doc, trig: Trigger) -> bool:
    """A trigger in an infinitive of purpose ("to confront", "to support") states an intention, not an event.

    Protests are the exception: "took to the streets to protest" is the protest itself.
    """
    if trig.spec.get("sub") == "protest":
        return False
    root = doc[trig.start:trig.end].root
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in root.children):
        return False
    # "an attempt by X to infiltrate ... and by Y to advance": attempts are fighting, not intentions
    before = doc[root.sent.start:trig.start]
    return not any(t.lower_ in ATTEMPT or t.lemma_.lower() in ATTEMPT for t in before)


FUTURE_DAYS = 2  # a report may carry a date a day or two ahead of its publication date (time zones)


def _sentence_events(article, para, sent, sent_index, state, ad) -> list[EventMention]:
    text = sent.text
    country = state.country
    doc = sent.doc
    # who speaks: this sentence's claimant, or the one whose quote is still open
    claimant = find_claimant(sent)
    if claimant and state.last_claimant and re.match(
            r"^(?:the\s+)?(?:same\s+)?(source|sources|center|centre|front|ministry|statement|observatory|commander|"
            r"official|agency|group|factions|channel)$", claimant.text, re.I):
        head = claimant.text.lower().split()[-1].rstrip("s")
        if head in state.last_claimant.text.lower():
            claimant = state.last_claimant
    if claimant is None and state.quote_open:
        claimant = state.last_claimant
    opens = text.count("“") + text.count('"') % 2
    closes = text.count("”")
    state.quote_open = (state.quote_open or opens > closes) and not (closes > opens)
    if claimant is not None:
        state.last_claimant = claimant

    times = [t for t in find_times(text, state.published) if not _reporting_time(sent, t)]
    # Past events told as history, and dates after the report appeared (plans, announcements,
    # or a mistaken year): neither is an event this report witnessed.
    history = any(t.date and state.published and not -FUTURE_DAYS <= (state.published - t.date).days <= 14
                  for t in times) or any(t.precision == "year" for t in times)
    day_times = [t for t in times if t.precision == "day" and t.date]
    found_triggers = find_triggers(sent)
    continuing = bool(state.last_group) and sent_index - state.last_group_sentence <= 3
    # the background lexicon matters only where a date, an event or a follow-up may be read
    background = history or bool((day_times or found_triggers or continuing) and _is_background(text))
    if day_times and not background:
        state.carried_date = day_times[0].date
    if not day_times and state.carried_date and re.search(r"\bthe (?:next|following) (?:day|morning)\b", text, re.I):
        state.carried_date += timedelta(days=1)  # "In a separate incident the next day, ..."
        day_times = [None]
    event_date = state.carried_date or state.published
    date_source = "sentence" if day_times else ("context" if state.carried_date else "published")
    precision = "day" if event_date else "unknown"

    if not found_triggers and not continuing:
        return []  # nothing happens here and nothing to add to: the sentence only moved the context
    # whoever is quoted ("residents said", "according to activists") is neither side of the event
    actors = [a for a in ad.find(sent) if not _is_speaker(doc, a, claimant, sent)]
    types = {a.entry.type for a in actors}
    triggers = [t for t in found_triggers if not _is_intention(doc, t)
                and not (t.spec.get("needs_protesters") and "protesters" not in types)
                and not (t.spec.get("needs_civilian") and "civilians" not in types)]
    if len(triggers) > 1:
        # "an attack ... supported with car bombs": a weapon named as a means is not its own event
        triggers = [t for t in triggers if not (
            INSTRUMENTAL.intersection(x.lower_ for x in doc[max(sent.start, t.start - 6):t.start])
            and taxonomy().get(t.spec.get("sub")) == "Explosions/Remote violence")] or triggers
    # "It also targeted ...", "They shelled ...": the subject is the previous event's agent
    sent_pronoun = bool(_PRONOUN.search(text)) and any(
        t.dep_ == "nsubj" and t.lower_ in ("it", "they") and t.head.dep_ == "ROOT" for t in sent)
    casualties = find_casualties(text)
    evidence = Evidence(article.id, text, para.offset + sent.start_char, para.offset + sent.end_char)

    def claim(field_, value, kind=None, victim=None) -> Claim:
        return Claim(field_, value, kind, claimant.text if claimant else None, article.outlet, article.id,
                     evidence, victim)

    victims = {}
    cas_claims = []
    hit: dict[int, ActorMention] = {}
    for c in casualties:
        v = _victim_actor(c, sent, actors)
        if v is not None:
            victims[id(v)] = v
            if re.match(r"(?:killing|wounding|injuring|claiming)\b", c.text, re.I):
                hit[id(v)] = v  # "..., killing two HTS members": those the act itself hit
        cas_claims.append((c, claim(c.field, c.value, c.kind, v.name(country) if v else None)))
    recent = state.last_group if sent_index - state.last_group_sentence <= 3 else []

    if background or not triggers:
        # a follow-up sentence ("The attack claimed the lives of ...") adds claims to the last events
        if cas_claims and not background and recent:
            _attach(recent, [cl for _, cl in cas_claims])
        return []

    sites, regions = find_places(sent, actors)
    tolls_only = all(t.spec.get("sub") == "victim" and not t.spec.get("standalone") for t in triggers)
    if tolls_only and not acting_actors(actors, victims, country) and recent and sites:
        # "Two civilians were killed in Kafr Nabudah." after the strike there: the strike's toll
        same = [ev for ev in recent if any(fold(ev.location_text) == fold(p.text) for p in sites)]
        if same:
            _attach(same, [cl for _, cl in cas_claims])
            return []
    explosive = next((t.spec["sub"] for t in triggers if t.spec.get("sub") in (
        "Remote explosive/landmine/IED", "Suicide bomb", "Grenade")), None)
    explicit_day = bool(day_times)
    acting = acting_actors(actors, victims, country)
    if not sites and not regions and recent and not acting:
        if cas_claims:
            _attach(recent, [cl for _, cl in cas_claims])
        return []
    if not sites and not regions and recent and any(
            doc[t.start].pos_ == "VERB" and doc[t.start].dep_ not in ("amod", "compound", "acl")
            and t.spec.get("sub") in ("Armed clash", "attack", "instrument")
            for t in triggers):
        # "The raids targeted ...": the same place as the event just told
        ev = recent[0]
        sites = [PlaceCandidate(ev.location_text, sent.end, sent.end, "site", True)]
        regions = regions or ([(1, sent.end, ev.region_hint)] if ev.region_hint else [])
    if not sites and regions and explicit_day:
        # only a region is known and the day is stated: one event there, geo_precision 3
        trig = max(triggers, key=lambda t: t.spec.get("priority", 0))
        reg = _region_for(trig.end, regions)
        sites = [PlaceCandidate(reg, trig.end, trig.end, "region")]
    events: list[EventMention] = []
    for place in sites:
        trig = _governing_trigger(doc, place, triggers) if place.start < sent.end else max(
            triggers, key=lambda t: t.spec.get("priority", 0))
        if place.role == "region" or place.start >= sent.end:
            trig = max(triggers, key=lambda t: t.spec.get("priority", 0))
        if trig is None or (trig.spec.get("needs_place") and place.role != "site"):
            continue
        between = {t.lower_ for t in doc[min(trig.end, place.start):max(trig.end, place.start)]}
        if between & POSITION_WORDS:
            continue
        nxt = [t.start for t in triggers if t.start > trig.start]
        prv = [t.start for t in triggers if t.end <= trig.start]
        lo = prv[-1] if prv else sent.start
        hi = nxt[0] if nxt else sent.end
        # a new clause ("..., while a convoy was hit") belongs to its own trigger
        hi = next((t.i for t in doc[trig.end:hi] if t.lower_ in ("while", "whereas", ";") and t.i > place.end), hi)
        window = doc[lo:max(hi, min(place.end, sent.end))].text.lower()
        agent, target, pronoun = _roles(sent, trig, actors, set(victims), hi)
        agent_name = agent.name(country) if agent else None
        target_name = target.name(country) if target else None
        pair = _between_pair(doc, actors, sent, lo, hi)
        if pair:  # "clashes between A and B"
            agent_name, target_name = (a.name(country) for a in pair)
        civ_victims = [v for v in victims.values() if v.entry.type == "civilians"]
        if target_name is None and civ_victims:
            target_name = civ_victims[0].name(country)
        elif target_name is None and victims and trig.spec.get("sub") != "victim":
            # "a drone strike ... killing two HTS members": those killed were the target
            target_name = next((v.name(country) for v in hit.values()
                                if v.name(country) != agent_name and lo <= v.start < hi), None)
        spec_sub = trig.spec.get("sub")
        if recent and spec_sub in ("instrument", "attack") and not _instrument(window):
            # "The raids ...", "It also targeted ...": the previous event's kind and agent carry over
            prev = recent[0]
            if prev.event_type == "Explosions/Remote violence" and spec_sub == "instrument":
                window += " " + prev.sub_event_type.lower()
            if agent_name is None and (pronoun or spec_sub == "instrument"):
                agent_name = prev.actor1
        if agent_name is None and sent_pronoun and recent:
            agent_name = recent[0].actor1
        ff = re.search(r"\bby mistakes?\b|friendly fire", text, re.I)
        if ff and victims and min(abs(doc[place.start].idx - sent.start_char - x) for x in (ff.start(), ff.end())) < 60:
            # friendly fire: the victims' own side is the target
            target_name = next(iter(victims.values())).name(country)
            if agent_name == target_name:
                agent_name = next((a.name(country) for a in actors if a.name(country) != target_name), None)
        if agent_name and _civilian(agent_name) and spec_sub != "protest":
            agent_name = None  # residents are witnesses or victims here, not attackers
        if target_name is None and spec_sub == "victim" and any(
                c.dep_ == "dobj" for c in doc[trig.start:trig.end].root.children):
            target_name = f"Civilians ({country})"  # "shot dead a teacher": a person not named as a fighter
        sub, a1, a2, control = _classify(trig, sent, window, agent_name, target_name, country, explosive,
                                         alone=len(triggers) == 1)
        if sub is None:
            continue
        if a1 is None and a2 is not None:
            a1 = _opponent(a2, country)
        if a2 is None and a1 is not None and taxonomy()[sub] in ("Battles", "Explosions/Remote violence"):
            a2 = _opponent(a1, country)
        assoc1, assoc2 = _backers(doc, actors, country, a1, a2)
        claims = [claim("occurred", True)]
        if control:
            claims.append(claim("controls_location", control, "gained" if sub.endswith("territory") else "held"))
        region_hint = place.text if place.role == "region" else _region_for(place.start, regions)
        events.append(EventMention(
            article_id=article.id, event_type=taxonomy()[sub], sub_event_type=sub,
            event_date=event_date.isoformat() if event_date else None, date_precision=precision,
            location_text=place.text, near=place.near or place.role == "region", region_hint=region_hint,
            actor1=a1, actor2=a2, assoc_actor1=assoc1, assoc_actor2=assoc2, claims=claims, evidence=evidence, outlet=article.outlet,
            trigger=trig.text, mention_id=_mention_id(article.id, evidence.start, place.text, sub),
            date_source=date_source if event_date else "unknown"))
    if events:
        # each casualty figure goes to the event whose place is nearest to it in the sentence
        for c, cl in cas_claims:
            if c.value == 0:  # "no casualties" holds for every place the sentence names
                for ev in events:
                    ev.claims.append(cl)
                continue
            pos = sent.start_char + c.start
            best = min(events, key=lambda ev: (cl.victim is not None and ev.actor2 != cl.victim,
                                               min(abs(_place_char(doc, ev, sent) - pos),
                                                   abs(_place_char(doc, ev, sent) - pos - len(c.text)))))
            best.claims.append(cl)
        state.last_group = events
        state.last_group_sentence = sent_index
    elif cas_claims and recent:
        _attach(recent, [cl for _, cl in cas_claims])
    return events


def acting_actors(actors: list[ActorMention], victims: dict, country: str) -> list[ActorMention]:
    """Actors who can be a side of the event: not only counted among the dead, not civilians."""
    return [a for a in actors if id(a) not in victims and not _civilian(a.name(country))]


def _attach(group: list[EventMention], claims: list[Claim]) -> None:
    """Claims of a follow-up sentence: figures to the first event told, "no casualties" to all."""
    for cl in claims:
        for ev in (group if cl.value == 0 else group[:1]):
            ev.claims.append(cl)
            if cl.victim and _civilian(cl.victim) and cl.value and _generic(ev.actor2) and \
                    ev.event_type == "Explosions/Remote violence":
                ev.actor2 = cl.victim


def _place_char(doc, ev: EventMention, sent: Span) -> int:
    i = sent.text.find(ev.location_text)
    return sent.start_char + (i if i >= 0 else len(sent.text))


def _parse_iso(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


_PRONOUN = re.compile(r"\b(?:it|they)\b", re.I)


@lru_cache(maxsize=1)
def _country_regex() -> re.Pattern:
    names = sorted(countries(), key=len, reverse=True)
    return re.compile(r"\b(?:in|across|inside|of)\s+(" + "|".join(map(re.escape, names)) + r")\b", re.I)


@lru_cache(maxsize=50_000)
def _first_country_code(name: str) -> str | None:
    """Country code of a name's best gazetteer candidate (names recur across reports: cached)."""
    cands = _geocoder().lookup(name)
    return cands[0].entry.country if cands else None


def _article_country(article: Article) -> str:
    """The country a report is about: the country of most of its places (Syria when none is found).

    Demonyms do not count: "Russian warplanes" over Idlib are foreign forces in Syria.
    """
    counts: dict[str, int] = {}
    geo = _geocoder()
    by_code = {c.get("code"): c["name"] for c in countries().values()}
    text = article.text  # the same scan the geocode stage makes (cached by the geocoder)
    for start, _, name in geo.find_toponyms(text):
        # "in Idlib", "the town of Ariha" count; "brokered by Moscow", "Ankara said" do not
        if not re.search(r"\b(?:in|on|near|of|at|into|outside|around|towards?)\s+(?:the\s+)?$", text[max(0, start - 16):start]):
            continue
        country = by_code.get(_first_country_code(name))
        if country:
            counts[country] = counts.get(country, 0) + 1
    # "fighting in Syria" counts; "Turkey blamed ...", "Turkish-backed" do not
    for m in _country_regex().finditer(article.text):
        name = m.group(1).lower()
        key = countries()[name]["name"]
        counts[key] = counts.get(key, 0) + 1
    return max(sorted(counts), key=counts.get) if counts else "Syria"
