"""``docqa facts`` output formats and filters."""

from __future__ import annotations

import csv
import io
import json

import pytest

from assistant.cli import main
from ingest.core.settings import get_settings

pytestmark = pytest.mark.integration


@pytest.fixture()
def index_env(corpus_settings, monkeypatch):
    monkeypatch.setenv("DOCQA_DATA_DIR", str(corpus_settings.data_dir))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_json_filters(index_env, capsys):
    assert main(["facts", "--subject", "川崎", "--relation", "議定書", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["partner"], r["date"]) for r in rows] == [("瀋陽市", "1997-05-09")]


def test_csv_has_a_header_and_one_row_per_fact(index_env, capsys):
    assert main(["facts", "--partner", "ホーチミン", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) >= 5 and {r["partner"] for r in rows} == {"ホーチミン市"}


def test_table_says_where_the_list_comes_from(index_env, capsys):
    assert main(["facts", "--subject", "大阪市"]) == 0
    out = capsys.readouterr().out
    assert "ケソン市" in out and "as stated in the indexed documents" in out


def test_unknown_relation_is_a_usage_error(index_env, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["facts", "--relation", "同盟"])
    assert exit_info.value.code == 2


@pytest.mark.parametrize(("name", "label"), [("MOU", "覚書"), ("mou", "覚書"), ("協力覚書", "覚書"), ("連携協定", "協定")])
def test_relation_synonyms_the_readme_lists_are_accepted(index_env, capsys, name, label):
    assert main(["facts", "--relation", name, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {r["relation"] for r in rows} == {label}
