"""The evaluation metrics, loaders and commands on tiny inline files with known answers."""

import io
import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from broadsheet.discovery.evaluation import loaders, metrics, runner

# --- metrics ---------------------------------------------------------------------------------


def test_precision_counts_missing_results_as_misses():
    assert metrics.precision_at_k(["a", "x", "b"], {"a", "b"}, 5) == pytest.approx(2 / 5)


def test_average_precision_by_hand():
    # Relevant at positions 1 and 3: (1/1 + 2/3) / 2.
    assert metrics.average_precision(["a", "x", "b"], {"a", "b"}) == pytest.approx(5 / 6)
    # A relevant item never retrieved still counts in the denominator.
    assert metrics.average_precision(["a"], {"a", "b"}) == pytest.approx(0.5)


def test_ndcg_by_hand():
    # One relevant of one, at position 2: 1/log2(3).
    assert metrics.ndcg_at_k(["x", "a"], {"a"}, 10) == pytest.approx(0.6309297535714575)
    assert metrics.ndcg_at_k(["a", "b"], {"a", "b"}, 10) == pytest.approx(1.0)


def test_pearson_by_hand():
    assert metrics.pearson([1, 2, 3], [1, 3, 2]) == pytest.approx(0.5)
    assert metrics.pearson([1, 1, 1], [1, 2, 3]) == 0.0


def test_next_item_scores():
    scores = metrics.NextItemScores(k=20)
    scores.add(["t", "u"], "t")
    scores.add(["u", "t"], "t")
    scores.add(["u"], "t")
    result = scores.as_dict()
    assert result["targets"] == 3
    assert result["hr_at_20"] == pytest.approx(2 / 3)
    assert result["mrr_at_20"] == pytest.approx((1 + 0.5) / 3)
    assert result["ndcg_at_20"] == pytest.approx((1 + 0.6309297535714575) / 3)


# --- files -------------------------------------------------------------------------------------

ARTICLES = [
    {"id": "a1", "title": "Volcano erupts on Iceland's Reykjanes peninsula",
     "body": "Lava from the Reykjanes volcano reached the edge of Grindavik overnight.",
     "label": "volcano"},
    {"id": "a2", "title": "Grindavik evacuated as Reykjanes volcano lava advances",
     "body": "Residents of Grindavik left as the volcano on the Reykjanes peninsula erupted.",
     "label": "volcano", "published_at": "2024-01-14T10:00:00Z"},
    {"id": "b1", "title": "Central bank raises interest rates to curb inflation",
     "body": "The central bank raised interest rates by a quarter point, citing inflation.",
     "label": "rates", "topics": ["Economy"], "section": "business"},
    {"id": "b2", "title": "Interest rates rise again at the central bank",
     "body": "Borrowers face higher interest rates after the central bank decision on inflation.",
     "label": "rates", "topics": ["Economy"]},
    {"id": "c1", "title": "Orchestra opens summer season", "body": "Violins and cellos.",
     "label": "music"},
]


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return str(path)


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    status = runner.execute(vars(runner.build_parser().parse_args(argv)), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_evaluate_related_json_by_hand(tmp_path):
    path = write_jsonl(tmp_path / "articles.jsonl", ARTICLES)
    status, out, _ = run(["related", "--articles", path, "--json"])
    assert status == 0
    result = json.loads(out)
    # Each of the four queries has one relevant article, ranked first; with no more than
    # one relevant per query, P@5 is 1/5. The lone "music" article is not a query.
    assert result["queries"] == 4
    assert result["p_at_5"] == pytest.approx(0.2)
    assert result["map"] == pytest.approx(1.0)
    assert result["ndcg_at_10"] == pytest.approx(1.0)
    assert set(result["baselines"]) == {"tfidf", "topic_overlap"}
    # Topic overlap finds the rates pair only (the volcano stories have no topics).
    assert result["baselines"]["topic_overlap"]["map"] == pytest.approx(0.5)


def test_evaluate_related_human_output_and_k(tmp_path):
    path = write_jsonl(tmp_path / "articles.jsonl", ARTICLES)
    status, out, _ = run(["related", "--articles", path, "--k", "1"])
    assert status == 0
    assert "Related: 4 queries" in out and "P@1 1.0000" in out and "tfidf" in out


def test_evaluate_similarity(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text(
        "text1,text2,similarity\n"
        '"Volcano erupts near Grindavik","Volcano erupts near Grindavik, lava flows",4\n'
        '"Volcano erupts near Grindavik","Grindavik residents return home",2.5\n'
        '"Volcano erupts near Grindavik","Interest rates rise at the central bank",1\n')
    status, out, _ = run(["similarity", "--pairs", str(path), "--json"])
    result = json.loads(out)
    assert status == 0 and result["pairs"] == 3
    assert result["pearson"] > 0.8
    assert "tfidf" in result["baselines"]


EVENTS = [
    {"reader": "r1", "session": "s1", "article": "x", "ts": 1_000},
    {"reader": "r1", "session": "s1", "article": "y", "ts": 2_000},
    {"reader": "r2", "session": "s2", "article": "y", "ts": 4_000},
    {"reader": "r2", "session": "s2", "article": "x", "ts": 3_000},  # out of order on purpose
]


def test_evaluate_recommendations_by_hand(tmp_path):
    path = write_jsonl(tmp_path / "events.jsonl", EVENTS)
    status, out, _ = run(["recommendations", "--events", path, "--json"])
    result = json.loads(out)
    # Target 1 (s1: y after x): only x was seen, and it is excluded: a miss.
    # Target 2 (s2: y after x): y is the only candidate: a hit at rank 1.
    assert status == 0
    assert result["targets"] == 2
    assert result["hr_at_20"] == pytest.approx(0.5)
    assert result["ndcg_at_20"] == pytest.approx(0.5)
    assert result["mrr_at_20"] == pytest.approx(0.5)
    assert result["ms_per_recommendation"] >= 0
    assert result["baselines"]["most_read_last_hour"]["hr_at_20"] == pytest.approx(0.5)


def test_evaluate_recommendations_every(tmp_path):
    path = write_jsonl(tmp_path / "events.jsonl", EVENTS)
    _, out, _ = run(["recommendations", "--events", path, "--every", "2", "--json"])
    result = json.loads(out)
    assert result["targets"] == 1 and result["hr_at_20"] == 1.0


@pytest.mark.parametrize("content, message", [
    ('{"reader": "r", "session": "s", "article": "a"}\n', "missing 'ts'"),
    ("not json\n", "not JSON"),
    ('{"reader": "r", "session": "s", "article": "a", "ts": "soon"}\n', "epoch milliseconds"),
])
def test_bad_events_file_gives_a_message(tmp_path, content, message):
    path = tmp_path / "events.jsonl"
    path.write_text(content)
    status, out, err = run(["recommendations", "--events", str(path)])
    assert status == 2 and message in err and out == ""


def test_bad_articles_and_pairs_files_give_messages(tmp_path):
    missing = run(["related", "--articles", str(tmp_path / "nope.jsonl")])
    assert missing[0] == 2 and "no such file" in missing[2]
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("a,b\n1,2\n")
    status, _, err = run(["similarity", "--pairs", str(pairs)])
    assert status == 2 and "missing column" in err
    dupes = write_jsonl(tmp_path / "dupes.jsonl", [ARTICLES[0], ARTICLES[0]])
    assert "duplicate id" in run(["related", "--articles", dupes])[2]


def test_globo_converter_sorts_by_time(tmp_path):
    clicks = tmp_path / "clicks"
    clicks.mkdir()
    header = ("user_id,session_id,session_start,session_size,click_article_id,"
              "click_timestamp,click_environment,click_deviceGroup,click_os,click_country,"
              "click_region,click_referrer_type\n")
    (clicks / "clicks_hour_000.csv").write_text(
        header + "7,70,1,2,500,2000,4,1,17,1,25,2\n7,70,1,2,400,1000,4,1,17,1,25,2\n")
    (clicks / "clicks_hour_001.csv").write_text(header + "8,80,1,1,400,1500,4,1,17,1,25,2\n")
    out = tmp_path / "events.jsonl"
    assert loaders.convert_globo(tmp_path, out) == 3
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert events == [
        {"reader": "7", "session": "70", "article": "400", "ts": 1000},
        {"reader": "8", "session": "80", "article": "400", "ts": 1500},
        {"reader": "7", "session": "70", "article": "500", "ts": 2000},
    ]


def test_semeval_converter_inverts_the_scale(tmp_path):
    source = tmp_path / "pairs.csv"
    source.write_text("pair_id,Overall,text1,text2\n1,1.0,a,b\n2,4.0,c,d\n")
    out = tmp_path / "out.csv"
    loaders.convert_semeval(source, out)
    assert loaders.load_pairs(out) == [("a", "b", 4.0), ("c", "d", 1.0)]


discovery_installed = pytest.mark.skipif(
    not apps.is_installed("broadsheet.discovery"),
    reason="the discovery app is not in INSTALLED_APPS yet")


@discovery_installed
def test_management_command_prints_json(tmp_path):
    path = write_jsonl(tmp_path / "events.jsonl", EVENTS)
    out = io.StringIO()
    call_command("evaluate", "recommendations", "--events", path, "--json", stdout=out)
    assert json.loads(out.getvalue())["targets"] == 2


@discovery_installed
def test_management_command_reports_bad_input(tmp_path):
    with pytest.raises(CommandError):
        call_command("evaluate", "related", "--articles", str(tmp_path / "missing.jsonl"),
                     stdout=io.StringIO(), stderr=io.StringIO())


@discovery_installed
def test_convert_clicklog_command(tmp_path):
    with pytest.raises(CommandError, match="no clicks_hour"):
        call_command("convert_clicklog", str(tmp_path), "--out", str(tmp_path / "x.jsonl"))
