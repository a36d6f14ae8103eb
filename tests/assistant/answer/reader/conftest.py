"""An index of invented documents (names found nowhere in the corpus), built by the real
ingest pipeline, for reading tests."""

from __future__ import annotations

import pytest

from tests.conftest import make_settings, write_docs

MIDORI = """第1章 国際協力の概要

1 はじめに

みどり市は、2018年5月10日にサクラ州ルナ市と環境分野の協力に関する覚書を締結した。同覚書に基づき、みどり市は廃棄物管理の研修を実施している。

2 研修の実績

研修員の受入れ人数は次のとおりである。

実績\t令和元年度\t令和2年度\t令和3年度
\t○受入 120人\t○受入 85人\t○受入 140人

3 体制

担当:みどり市環境局国際課
電話:01-2345-6789

4 主な取組

・上下水道の技術協力
・ごみの分別収集の指導
・環境教育教材の翻訳

5 フォーラム

2022年11月、第5回みどり国際環境フォーラムを開催し、約300人が参加した。開会挨拶は市長の山田太郎が行った。
"""

KAWANO = """かわの町の水道事業について

かわの町水道課は、1998年に浄水場の運転管理の研修を始めた。研修には毎年10か国程度の技術者が参加しており、これまでの参加者は延べ1,250人である。

浄水場の見学は予約制で、見学時間は約90分である。
"""

RECORDS = """みどり市の国際交流の記録

1 視察の受入れ

みどり市が受け入れた海外からの視察は次のとおりである。

• 18件(全7か国、約140名)  (注)令和2年4月~令和3年3月

2 政策対話

2023年10月、みどり市はルナ市と市長級政策対話をオンラインで実施した。

3 合併

かわの町は、1971年4月に東山、西川、北浜の三つの村の合併によって誕生した。

4 都市間の対話

2019年5月、みどり市はホクト州ソレイユ市と第1回環境政策対話を実施した。2022年8月には第2回の環境政策対話を開催した。

5 戦略と評価

みどり市は2019年2月に国際交流推進方針を策定し、同年7月には環境モデル都市に選定された。
2020年11月、2050年の脱炭素社会の実現に向けた戦略「みどりゼロ2050」を策定した。

6 目標値

番号	項目	目標値
11	1人当たりのごみ排出量	0.8kg以下
12	再生可能エネルギーの利用率	20%以上

7 編集

この記録は、国際交流課の山川 花子、森田一郎が編集した。

8 交流会

◆名称:みどり市民交流会
◆日程:2024年5月20日
◆参加者:150名(会場参加者:90名、オンライン参加者:60名)
◆会期:2023年から2025年までの3か年

交流会は、2024年3月に会期を1年延長した。

9 理念と原則

基本理念 ~環境と交流をつなぐ~

- **みどり三原則**:分別、削減、再生の徹底

10 問合せ

みどり市国際交流課 電話:01-2345-1111 FAX:01-2345-2222
"""


@pytest.fixture(scope="session")
def invented_assistant(tmp_path_factory):
    from assistant.service import Assistant
    from ingest.pipeline import run_ingest

    root = tmp_path_factory.mktemp("invented")
    docs = write_docs(root / "docs", {"midori-yearbook.txt": MIDORI, "kawano-water.txt": KAWANO, "midori-records.txt": RECORDS})
    settings = make_settings(root / "data", corpus_dir=docs)
    assert run_ingest([docs], settings).failed == []
    return Assistant.from_settings(settings, with_models=False)
