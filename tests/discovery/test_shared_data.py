"""Optional checks on the shared evaluation data (skipped when ../shared/data is absent).

They hold the engines to the issue's targets where a run takes seconds to a few minutes
(ECB+ and SemEval); the Globo replay takes longer and is recorded in bench/RESULTS.md.
"""

from pathlib import Path

import pytest

from broadsheet.discovery.evaluation import loaders, runner

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
ECB = DATA / "ecbplus-event-clusters" / "ecbplus_docs.jsonl"
SEMEVAL = DATA / "semeval2022-task8-en-train" / "en_en_pairs_train.csv"
GLOBO = DATA / "globo-g1-clicks-dev"


@pytest.mark.skipif(not ECB.exists(), reason="ECB+ data absent")
def test_related_on_ecbplus(tmp_path):
    articles = tmp_path / "ecbplus.jsonl"
    assert loaders.convert_ecbplus(ECB, articles) == 982
    result = runner.run_related(str(articles), baselines=False)
    assert result["queries"] == 982
    assert result["p_at_5"] >= 0.97


@pytest.mark.skipif(not SEMEVAL.exists(), reason="SemEval data absent")
def test_similarity_on_semeval_keeps_its_recorded_level(tmp_path):
    # Recorded in bench/RESULTS.md: 0.72, short of the 0.82 target and of plain TF-IDF's
    # 0.75 on this set; this guards against regressions until the gap is closed.
    pairs = tmp_path / "pairs.csv"
    assert loaders.convert_semeval(SEMEVAL, pairs) == 161
    result = runner.run_similarity(str(pairs), baselines=False)
    assert result["pairs"] == 161
    assert result["pearson"] >= 0.70


@pytest.mark.skipif(not GLOBO.exists(), reason="Globo data absent")
def test_globo_converter_reads_every_click(tmp_path):
    events = tmp_path / "globo.jsonl"
    manifest = (GLOBO / "MANIFEST.tsv").read_text().splitlines()[1:]
    expected = sum(int(line.split("\t")[1]) for line in manifest if line.strip())
    assert loaders.convert_globo(GLOBO, events) == expected
