"""A small bilingual glossary so that English questions work without a multilingual model.

English key terms and place names are mapped to the Japanese the documents use;
the mapped question is then analysed and retrieved like a Japanese one.
"""

from __future__ import annotations

import re

#: Longest phrases first so that "sister city" wins over "city".
GLOSSARY: dict[str, str] = {
    "memoranda of understanding": "覚書", "memorandum of understanding": "覚書", "memorandums": "覚書",
    "memorandum": "覚書", "memoranda": "覚書", "mous": "覚書", "mou": "覚書",
    "sister cities": "姉妹都市", "sister city": "姉妹都市", "friendship cities": "友好都市", "friendship city": "友好都市",
    "twin city": "友好都市", "sister port": "姉妹港", "agreement": "協定", "protocol": "議定書",
    "joint statement": "共同声明",
    "which cities": "どの都市", "which countries": "どの国", "which city": "どの都市", "which country": "どの国",
    "what year": "何年", "which year": "何年", "when": "いつ", "where": "どこ", "who": "誰",
    "how many countries": "何か国", "how many people": "何人", "how many participants": "参加者 何名",
    "how many visitors": "視察者 何人", "how many cases": "何件", "how many times": "何回",
    "how many": "いくつ", "how much money": "いくら", "how much": "いくら",
    "e-mail address": "E-mail", "email address": "E-mail", "e-mail": "E-mail", "email": "E-mail",
    "fax number": "ファックス番号", "fax": "ファックス番号", "phone number": "電話番号", "telephone number": "電話番号",
    "telephone": "電話番号", "what percentage": "割合", "percentage": "割合", "share": "割合",
    "signed": "締結", "sign": "締結", "concluded": "締結", "renewed": "更新", "renew": "更新",
    "established": "設立", "founded": "設立", "set up": "設立", "launched": "立ち上げ", "held": "開催",
    "invited": "誘致", "hosted": "誘致", "participants": "参加者", "visitors": "視察者", "trainees": "研修員",
    "dispatched": "派遣", "sent": "派遣", "engineers": "技術者", "experts": "専門家",
    "basic policies": "基本方針", "basic policy": "基本方針", "basic goal": "基本目標", "goal": "基本目標",
    # The vocabulary of the documents' field (international environmental cooperation), by topic.
    "study visit": "視察", "study tour": "スタディツアー", "visit": "視察", "trainee": "研修員", "dispatch": "派遣",
    "support": "支援", "projects": "プロジェクト", "plan": "計画", "survey": "調査", "meeting": "会議",
    "conference": "会議", "technology": "技術", "technologies": "技術", "water supply": "水道",
    "decarbonized": "脱炭素", "energy saving": "省エネ", "energy conservation": "省エネ", "air quality": "大気質",
    "climate change": "気候変動", "incinerator": "焼却施設", "facility": "施設", "facilities": "施設",
    "budget": "予算", "staff": "職員", "officials": "職員", "official": "職員", "minister": "大臣",
    "ministry": "省", "bureau": "局", "department": "部", "division": "課", "universities": "大学",
    "university": "大学", "companies": "企業", "banks": "銀行", "bank": "銀行", "partnerships": "連携",
    "partnership": "連携", "collaboration": "連携", "exchange": "交流", "expert": "専門家", "lecturer": "講師",
    "lecture": "講演", "speaker": "講師", "coordinator": "コーディネーター", "panel discussion": "パネルディスカッション",
    "theme": "テーマ", "targets": "目標", "target": "目標", "indicators": "指標", "indicator": "指標",
    "results": "実績", "total": "合計", "delegation": "代表団", "delegates": "代表団",
    "extended": "延長", "extend": "延長", "extension": "延長",
    "started": "開始", "starts": "開始", "start": "開始", "began": "開始", "begin": "開始",
    "minutes (contract)": "ミニッツ(契約書)", "minutes": "ミニッツ",
    "aim": "目的", "purpose": "目的", "objective": "目的",
    "participated": "参加", "participate": "参加", "took part": "参加",
    "co-organized": "共催", "co-organised": "共催", "co-hosted": "共催", "co-organizer": "共催",
    "kick-off meeting": "キックオフ会合", "kickoff meeting": "キックオフ会合", "kick-off": "キックオフ",
    "implementing agency": "実施機関", "implementing organization": "実施機関",
    "pillars": "柱", "action program": "アクションプログラム", "forum": "フォーラム", "network": "ネットワーク",
    "waste": "廃棄物", "incineration plants": "ごみ焼却施設", "incinerators": "ごみ焼却施設", "water business": "水ビジネス",
    "water": "上下水道", "cooperation": "協力", "international": "国際", "environmental": "環境", "environment": "環境",
    "low-carbon": "低炭素", "low carbon": "低炭素", "decarbonization": "脱炭素", "decarbonisation": "脱炭素",
    "municipalities": "自治体", "local governments": "自治体", "wards": "区",
    "osaka": "大阪市", "kawasaki": "川崎市", "tokyo": "東京", "kitakyushu": "北九州市", "yokohama": "横浜市",
    "ho chi minh city": "ホーチミン市", "ho chi minh": "ホーチミン市", "quezon city": "ケソン市", "quezon": "ケソン市",
    "yangon": "ヤンゴン市", "greater manchester": "グレーター・マンチェスター", "manchester": "マンチェスター",
    "bandung": "バンドン市", "penang": "ペナン州", "shenyang": "瀋陽市", "dalian": "大連市", "zagreb": "ザグレブ",
    "rijeka": "リエカ", "croatia": "クロアチア", "thailand": "タイ", "vietnam": "ベトナム", "philippines": "フィリピン",
    "indonesia": "インドネシア", "malaysia": "マレーシア", "china": "中国", "india": "インド", "myanmar": "ミャンマー",
    "maharashtra": "マハラシュトラ州", "seoul": "ソウル市", "bangkok": "バンコク", "eec": "EEC",
    "pollution control board": "公害管理局", "japan": "日本", "population": "人口", "company": "株式会社",
    "implements": "実施機関", "grassroots": "草の根",
    "developing countries": "開発途上国", "accepting": "受入れ", "accepted": "受入れ", "received": "受入れ",
    "hydropower": "水力発電", "small and medium": "中小", "certified": "認定", "designated": "認定",
    "opening address": "開会挨拶", "opening remarks": "開会挨拶", "sewerage": "下水道", "sewage": "下水道",
    "overseas": "海外", "centre": "センター", "center": "センター", "attended": "参加者", "in person": "会場",
    "venue": "会場", "online": "オンライン", "fact sheet": "ファクトシート", "factsheet": "ファクトシート",
    "yearbook": "年報", "seminar": "セミナー", "workshop": "ワークショップ", "symposium": "シンポジウム",
    "training": "研修", "inspection": "視察", "study tours": "視察", "visits": "視察", "project": "プロジェクト",
    "dialogue": "政策対話", "policy dialogue": "政策対話", "mayor": "市長", "incineration": "焼却",
    "recycling": "リサイクル", "carbon neutral": "カーボンニュートラル",
    "fiscal": "年度", "23 wards": "23区", "tokyo 23 wards": "東京23区",
    "river": "河川", "rivers": "河川", "water quality": "水質", "water resources": "水資源", "night soil": "し尿",
    "treatment": "処理", "improvement": "改善", "city-to-city": "都市間連携", "inter-city": "都市間連携",
    "consulting": "コンサルティング", "research": "研究", "model": "モデル", "waste management": "廃棄物管理",
    "air pollution": "大気汚染", "biomass": "バイオマス", "power generation": "発電", "hydrogen": "水素",
    "eco-town": "エコタウン", "smart city": "スマートシティ", "platform": "プラットフォーム", "strategy": "戦略",
    "guidelines": "ガイドライン", "guideline": "ガイドライン", "database": "データベース", "published": "発行",
    "environmental infrastructure": "環境インフラ", "infrastructure": "インフラ", "landfill": "埋立",
    "united nations environment programme": "国連環境計画", "unep": "UNEP", "jica": "JICA", "iges": "IGES",
}

_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(GLOSSARY, key=len, reverse=True)) + r")\b", re.I
)


#: The kind a which-question asks (「Which government meeting …」 → 「どの会議」), as the reader
#: reads the noun whose kind is asked (「どの会社」 is answered by 「…株式会社」).
WHICH_KINDS: dict[str, str] = {
    "meeting": "会議", "conference": "会議", "council": "会議", "company": "会社", "firm": "会社",
    "organization": "機関", "organisation": "機関", "agency": "機関", "institution": "機関", "ministry": "省",
    "bureau": "局", "department": "局", "university": "大学", "project": "事業", "plan": "計画",
    "strategy": "戦略", "facility": "施設", "plant": "施設", "river": "川",
    "companies": "会社", "agencies": "機関", "ministries": "省", "universities": "大学", "strategies": "戦略",
    "facilities": "施設", "building": "建物", "city": "都市", "cities": "都市", "country": "国", "countries": "国",
}
_WHICH_KIND = re.compile(
    r"\b(?:which|what)\s+(?:[\w'-]+\s+){0,2}?(" + "|".join(sorted(WHICH_KINDS, key=len, reverse=True)) + r")s?\b",
    re.IGNORECASE,
)


def translate_question(question: str) -> str:
    """The Japanese key terms of an English question, in order ("" when none is known).

    Unknown words that look like names (capitalised, acronyms) are kept as they are; the kind a
    which-question asks comes first (「どの会議」).
    """
    kind = _WHICH_KIND.search(question)
    found: list[str] = ["どの" + WHICH_KINDS[kind.group(1).lower()]] if kind else []
    fiscal = [f"{y}年度" for y in _FISCAL_YEAR.findall(question)]  # FY2020 → 2020年度
    question = _FISCAL_YEAR.sub(" ", question)
    for match in _PATTERN.finditer(question):
        found.append(GLOSSARY[match.group(1).lower()])
    rest = _PATTERN.sub(" ", question)
    # Acronyms of common words are words (US → アメリカ, FY → 年度), written in capitals only
    # (「tell us」 is no country).
    found += [ACRONYMS[w] for w in _ACRONYM.findall(rest)]
    rest = _ACRONYM.sub(" ", rest)
    # Only acronyms are carried over as names (IGES, JICA): capitalised English words
    # ("According", "Since") are not names the documents would contain.
    names = [w for w in re.findall(r"\b[A-Z][A-Z0-9/.-]+\b", rest) if w.lower() not in _STOP]
    years = [f"{y}年" for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", question)]
    return " ".join(dict.fromkeys(found + names + fiscal + years))


#: Acronyms that stand for a common word, not a name the documents would write in Latin letters.
ACRONYMS = {"US": "アメリカ", "USA": "アメリカ", "U.S.": "アメリカ", "UK": "英国", "FY": "年度"}
_ACRONYM = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(a) for a in sorted(ACRONYMS, key=len, reverse=True)) + r")(?![A-Za-z])")
_FISCAL_YEAR = re.compile(r"\bFY\s?(\d{4})\b")


def matched_any(question: str) -> bool:
    return bool(_PATTERN.search(question))


_STOP = {"what", "which", "when", "where", "who", "how", "the", "is", "are", "was", "were", "did", "does", "do", "in", "of", "has", "have", "a", "an"}
