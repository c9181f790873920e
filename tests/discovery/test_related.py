"""The Related engine on small hand-made newsrooms where the right answer is obvious."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from broadsheet.discovery.related.index import Document, RelatedConfig, RelatedIndex
from broadsheet.discovery.related.text import entities, words

NOW = datetime(2025, 3, 10, 12, tzinfo=UTC)

FLOOD = Document(
    id="flood", title="River Severn bursts its banks in Shrewsbury",
    standfirst="Hundreds of homes evacuated as the Severn reaches a record height.",
    body="The Environment Agency issued severe flood warnings for Shrewsbury on Monday. "
         "Firefighters from Shropshire Fire and Rescue moved residents to the Quarry leisure "
         "centre. The river peaked at 5.9 metres overnight.",
    topics=("Floods",), section="news", published_at=NOW)
FLOOD_FOLLOW_UP = Document(
    id="flood-2", title="Shrewsbury counts the cost as Severn flood water recedes",
    standfirst="Residents return to homes damaged by the record flood.",
    body="Shropshire Fire and Rescue said the Severn had fallen below two metres in Shrewsbury. "
         "The Environment Agency warned that more rain could bring fresh flood warnings.",
    topics=("Floods",), section="news", published_at=NOW + timedelta(days=2))
OTHER_FLOOD = Document(
    id="flood-york", title="Ouse floods York city centre again",
    standfirst="Businesses by the river in York are sandbagged once more.",
    body="The River Ouse rose to four metres in York, the Environment Agency said, and flood "
         "barriers were raised along the riverside pubs.",
    topics=("Floods",), section="news", published_at=NOW - timedelta(days=400))
BUDGET = Document(
    id="budget", title="Chancellor sets out spring budget",
    standfirst="Fuel duty frozen and income tax thresholds kept.",
    body="The Chancellor told the Commons the economy would grow this year. Fuel duty stays "
         "frozen and the Treasury expects borrowing to fall.",
    topics=("Economy",), section="business", published_at=NOW + timedelta(hours=3))
FOOTBALL = Document(
    id="football", title="Shrewsbury Town win at home",
    standfirst="A late goal settles the match.",
    body="Shrewsbury Town scored in the ninetieth minute to beat their rivals in League One.",
    topics=("Football",), section="sport", published_at=NOW + timedelta(hours=5))


def build(*docs, **config):
    index = RelatedIndex(RelatedConfig(**config))
    index.rebuild(docs)
    return index


def ids(results):
    return [article_id for article_id, _ in results]


def test_same_story_and_follow_up_rank_first():
    index = build(FLOOD, FLOOD_FOLLOW_UP, OTHER_FLOOD, BUDGET, FOOTBALL)
    assert ids(index.related("flood", 3))[0] == "flood-2"
    assert ids(index.related("flood-2", 3))[0] == "flood"


def test_article_is_never_related_to_itself_and_scores_descend():
    index = build(FLOOD, FLOOD_FOLLOW_UP, OTHER_FLOOD, BUDGET, FOOTBALL)
    results = index.related("flood", 10)
    assert "flood" not in ids(results)
    scores = [score for _, score in results]
    assert scores == sorted(scores, reverse=True)


def test_unrelated_story_without_shared_words_is_not_listed():
    index = build(FLOOD, BUDGET)
    assert index.related("flood", 5) == []


def test_exclude_and_allowed_are_obeyed():
    index = build(FLOOD, FLOOD_FOLLOW_UP, OTHER_FLOOD, BUDGET, FOOTBALL)
    assert "flood-2" not in ids(index.related("flood", 5, exclude={"flood-2"}))
    allowed = ids(index.related("flood", 5, allowed=lambda a: a != "flood-york"))
    assert "flood-york" not in allowed and "flood-2" in allowed


def test_closeness_in_time_breaks_ties_between_similar_stories():
    twin_old = Document(id="old", title=FLOOD_FOLLOW_UP.title, body=FLOOD_FOLLOW_UP.body,
                        published_at=NOW - timedelta(days=300))
    twin_new = Document(id="new", title=FLOOD_FOLLOW_UP.title + " today",
                        body=FLOOD_FOLLOW_UP.body, published_at=NOW + timedelta(days=1))
    index = build(FLOOD, twin_old, twin_new, duplicate_threshold=1.01)
    assert ids(index.related("flood", 2)) == ["new", "old"]


def test_syndicated_copies_collapse_to_the_earliest():
    copy = Document(id="copy", title=FLOOD_FOLLOW_UP.title, standfirst=FLOOD_FOLLOW_UP.standfirst,
                    body=FLOOD_FOLLOW_UP.body + " (Agency copy.)",
                    published_at=NOW + timedelta(days=3))
    index = build(FLOOD, FLOOD_FOLLOW_UP, copy, OTHER_FLOOD)
    related = ids(index.related("flood", 5))
    assert "flood-2" in related and "copy" not in related
    # A copy of the query itself is the same story, not a related one.
    assert "flood-2" not in ids(index.related("copy", 5))


def test_incremental_add_update_and_remove():
    index = build(FLOOD, BUDGET, FOOTBALL)
    assert "flood-2" not in ids(index.related("flood", 5))
    index.add(FLOOD_FOLLOW_UP)
    assert ids(index.related("flood", 5))[0] == "flood-2"
    index.add(Document(id="flood-2", title="Chancellor budget reaction",
                       body="Fuel duty frozen, the Treasury said; borrowing falls."))
    assert ids(index.related("budget", 1)) == ["flood-2"]
    index.remove("flood-2")
    assert "flood-2" not in index
    assert "flood-2" not in ids(index.related("budget", 5))
    with pytest.raises(KeyError):
        index.related("flood-2", 5)


def test_draft_can_be_previewed_without_indexing():
    index = build(FLOOD, BUDGET, FOOTBALL)
    assert ids(index.related_to_document(FLOOD_FOLLOW_UP, 1)) == ["flood"]
    assert "flood-2" not in index


def test_similarity_is_symmetric_and_orders_pairs():
    index = build(FLOOD, FLOOD_FOLLOW_UP, OTHER_FLOOD, BUDGET, FOOTBALL)
    same_story = index.similarity(FLOOD, FLOOD_FOLLOW_UP)
    assert same_story == pytest.approx(index.similarity(FLOOD_FOLLOW_UP, FLOOD), rel=1e-5)
    assert same_story > index.similarity(FLOOD, OTHER_FLOOD) > index.similarity(FLOOD, BUDGET)


def test_section_and_topics_count_when_text_ties():
    base = dict(title="Match report", body="A late goal settled the match.")
    query = Document(id="q", topics=("Cricket",), section="sport", **base)
    same_labels = Document(id="a", topics=("Cricket",), section="sport", **base)
    other_labels = Document(id="b", topics=("Rugby",), section="news", **base)
    index = build(query, same_labels, other_labels, duplicate_threshold=1.01)
    assert ids(index.related("q", 2)) == ["a", "b"]


def test_entities_finds_names_not_sentence_openers():
    found = entities("The Bank of England raised rates. Andrew Bailey said NATO agreed. "
                     "Later, prices rose in New York.")
    assert "bank of england" in found
    assert "andrew bailey" in found
    assert "nato" in found
    assert "new york" in found
    assert "later" not in found and "the" not in found


def test_words_drop_stop_words_and_keep_numbers():
    assert words("The river peaked at 5.9 metres in 2024") == ["river", "peaked", "5", "9",
                                                               "metres", "2024"]


def test_bulk_rebuild_lists_match_single_queries():
    docs = [FLOOD, FLOOD_FOLLOW_UP, OTHER_FLOOD, BUDGET, FOOTBALL]
    index = build(*docs, query_terms=4)
    bulk = dict(index.related_all(3, batch_size=2))
    assert set(bulk) == {doc.id for doc in docs}
    for doc in docs:
        single = index.related(doc.id, 3)
        assert ids(bulk[doc.id]) == ids(single)
        assert [s for _, s in bulk[doc.id]] == pytest.approx([s for _, s in single])


def test_latent_space_is_fitted_on_a_larger_archive():
    topics = ["flood river rain water", "budget tax treasury borrowing",
              "match goal league striker", "court judge trial verdict"]
    docs = [Document(id=f"{t.split()[0]}-{n}", title=f"{t} report {n}",
                     body=f"{t} " * 3 + f"detail{n} extra{n % 7}")
            for n in range(15) for t in topics]
    index = build(*docs)
    assert index._lsa is not None
    assert all(a.split("-")[0] == "flood" for a in ids(index.related("flood-0", 5)))


def newsroom(stories=12, per_story=6, seed=7):
    """Stories told in several articles over a few days, plus syndicated copies."""
    import random
    rng = random.Random(seed)
    common = [f"common{n}" for n in range(300)]
    docs = []
    for story in range(stories):
        own = [f"story{story}word{n}" for n in range(25)]
        names = [f"Name{story}x{n} Surname{story}y{n}" for n in range(4)]
        for n in range(per_story):
            body = rng.choices(common, k=120) + rng.choices(own, k=30)
            rng.shuffle(body)
            docs.append(Document(
                id=f"s{story}-{n}", title=" ".join(rng.choices(own, k=6)),
                standfirst=" ".join(rng.choices(own, k=10)),
                body=" ".join(body) + ". " + ". ".join(rng.choices(names, k=3)) + ".",
                topics=(f"topic{story % 4}",), section=f"section{story % 3}",
                published_at=NOW + timedelta(days=story * 3 + rng.random() * 4)))
        # An agency copy of the story's first article, a day later.
        first = docs[-per_story]
        docs.append(Document(id=f"s{story}-copy", title=first.title, standfirst=first.standfirst,
                             body=first.body + " (Agency.)", topics=first.topics,
                             section=first.section,
                             published_at=first.published_at + timedelta(days=1)))
    return docs


@pytest.mark.parametrize("workers", [1, 2])
def test_bulk_lists_in_batches_and_workers_equal_single_queries(workers):
    docs = newsroom()
    # Few query terms and candidates, so that the candidate search decides the lists.
    index = RelatedIndex(RelatedConfig(query_terms=8, candidates=8))
    index.rebuild(docs[:-10])
    assert index._lsa is not None  # the latent block takes part in the scores
    for doc in docs[-10:]:
        index.add(doc)  # some rows still unmerged when the bulk run starts
    index.remove("s3-2")  # a dead row the lists must skip
    done = []
    bulk = list(index.related_all(4, batch_size=7, workers=workers, progress=done.append))
    assert [article_id for article_id, _ in bulk] == index.ids()
    assert done[-1] == len(bulk) and done == sorted(done)
    collapsed = 0
    for article_id, listed in bulk:
        # Identical, scores included: the bulk run is the per-article ranking, batched.
        assert listed == index.related(article_id, 4)
        assert "s3-2" not in ids(listed)
        collapsed += any(i.endswith("-0") for i in ids(listed)) and any(
            i.endswith("-copy") for i in ids(listed))
    # Copies never appear beside their original in any list.
    assert collapsed == 0


def test_parallel_rebuild_gives_the_same_index():
    docs = newsroom()
    serial, forked = RelatedIndex(), RelatedIndex()
    serial.rebuild(docs, batch_size=16, workers=1)
    seen = []
    forked.rebuild(docs, batch_size=16, workers=2, progress=seen.append)
    assert seen == [min(16 * n, len(docs)) for n in range(1, len(seen) + 1)]
    assert seen[-1] == len(docs)
    assert serial.ids() == forked.ids()
    assert (serial._main != forked._main).nnz == 0
    assert np.array_equal(serial._latent, forked._latent)
