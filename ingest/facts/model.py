"""The fact record and the vocabulary of relations and actions."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

#: Bumped whenever extraction rules change, so that ingest re-extracts unchanged documents.
FACTS_VERSION = 4

#: Relation label → what it covers (documented in the README).
RELATIONS: dict[str, str] = {
    "覚書": "memorandum of understanding (覚書, 協力覚書, MOU)",
    "協定": "agreement (協定, 協力協定, 連携協定)",
    "議定書": "protocol (議定書)",
    "友好都市": "friendship city (友好都市, 友好交流都市, 友好協力都市)",
    "姉妹都市": "sister city (姉妹都市)",
    "姉妹港": "sister port (姉妹港)",
    "共同声明": "joint statement (共同声明, 共同発表)",
    "契約": "contract or minutes (契約, 契約書, ミニッツ)",
    "協力関係": "a cooperation relation stated as established (協力関係を構築, パートナーシップを締結)",
}

#: Action as written → its kind: ``start`` (a relation begins) or ``renew`` (it is extended).
ACTIONS: dict[str, str] = {
    "締結": "start", "交換": "start", "調印": "start", "署名": "start", "提携": "start",
    "合意": "start", "構築": "start", "開始": "start", "発表": "start",
    "更新": "renew", "延長": "renew", "改定": "renew",
}


@dataclass(frozen=True)
class Fact:
    """One stated relation event between a subject and a partner.

    ``date`` is ISO (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) or None; ``date_as_written``
    is the text's own spelling. ``quote`` is an exact substring of the text of passage
    ``passage_id``, so a fact can always be cited.
    """

    subject: str
    partner: str
    relation: str
    doc: str
    passage_id: str
    quote: str
    action: str | None = None
    date: str | None = None
    date_as_written: str | None = None
    instrument: str | None = None
    partner_country: str | None = None
    partner_aliases: tuple[str, ...] = field(default=())

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    @property
    def action_kind(self) -> str | None:
        return ACTIONS.get(self.action or "")

    def to_record(self) -> dict:
        record = asdict(self)
        record["partner_aliases"] = list(self.partner_aliases)
        return record

    @classmethod
    def from_record(cls, record: dict) -> Fact:
        values = {k: record.get(k) for k in cls.__dataclass_fields__}
        values["partner_aliases"] = tuple(record.get("partner_aliases") or ())
        return cls(**values)


#: The fact's fields as a table shows them (``docqa facts --csv``): who, with whom, what,
#: when, then the source. Aliases are left out of flat tables.
TABLE_COLUMNS: tuple[str, ...] = (
    "subject", "partner", "partner_country", "relation", "action", "date", "date_as_written",
    "instrument", "doc", "passage_id", "quote",
)
