"""Relations between municipalities and their partners, extracted at ingest time.

``extract_facts`` reads one document's chunks and returns :class:`Fact` records
(「大阪市 — ホーチミン市 — 覚書 — 更新 — 2016-03」), each pointing at the passage
and quoting the statement it came from; ``merge_facts`` joins the records of all
documents so that one partner is one name. The rules are general Japanese
patterns (party と party, 「instrument」を締結, 同覚書, (YYYY年更新)) over
Sudachi's parts of speech; none names a city or an agreement.
"""

from ingest.facts.extract import extract_facts, relation_named, relation_spellings, relations_in
from ingest.facts.merge import merge_facts
from ingest.facts.model import ACTIONS, FACTS_VERSION, RELATIONS, Fact

__all__ = ["ACTIONS", "FACTS_VERSION", "RELATIONS", "Fact", "extract_facts", "merge_facts", "relation_named", "relation_spellings",
           "relations_in"]
