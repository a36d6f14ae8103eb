"""A small bilingual glossary so that English questions work without a multilingual model.

English key terms and place names are mapped to the Japanese the documents use;
the mapped question is then analysed and retrieved like a Japanese one.

Conventions of :data:`GLOSSARY`: keys are lower case (matching ignores case) and whole words;
plural and inflected forms are keys of their own (「signed」 and 「sign」); each value is the
term as the documents write it (NFKC), mostly one term; the longest key wins where keys
overlap (「water supply」 over 「water」, 「how many years」 over 「how many」).
"""

from __future__ import annotations

import re

#: English words and phrases → the Japanese the documents write, by topic.
GLOSSARY: dict[str, str] = {
    # What kind of answer a question asks
    "when": "いつ", "on what date": "いつ", "what date": "いつ", "which date": "いつ", "date": "いつ",
    "to date": "これまで", "so far": "これまで", "what year": "何年", "which year": "何年", "in what year": "何年",
    "what fiscal year": "何年度", "which fiscal year": "何年度", "what month": "何月", "which month": "何月",
    "how many years": "何年間", "how long": "何年間", "where": "どこ", "who": "誰", "which cities": "どの都市",
    "which countries": "どの国", "which city": "どの都市", "which country": "どの国", "what kind of": "どのような",
    "which language": "何語", "which languages": "何語", "what language": "何語", "what languages": "何語",
    "stand for": "とは", "stands for": "とは", "abbreviation": "略称", "known as": "通称",
    "how many countries": "何か国", "how many languages": "何か国語", "how many people": "何人",
    "how many participants": "参加者 何名", "how many visitors": "視察者 何人", "how many trainees": "研修生 何名",
    "how many staff": "職員 何名", "how many companies": "何社", "how many member companies": "会員企業 何社",
    "how many cities": "何都市", "how many municipalities": "何自治体", "how many local governments": "何自治体",
    "how many organizations": "何団体", "how many organisations": "何団体", "how many facilities": "何施設",
    "how many sites": "何カ所", "how many cases": "何件", "how many projects": "何件", "how many times": "何回",
    "how many kilometers": "何km", "how far": "何km", "what rank": "何位", "how many": "いくつ", "number of": "いくつ",
    "how much money": "いくら", "how much": "いくら", "what percentage": "割合", "what percent": "割合",
    "what proportion": "割合", "percentage": "割合", "percent": "割合", "proportion": "割合", "share": "割合",
    "ratio": "比率", "rate": "率", "land area": "面積", "population": "人口", "total": "合計",
    # Contact details
    "e-mail address": "E-mail", "email address": "E-mail", "e-mail": "E-mail", "email": "E-mail",
    "fax number": "ファックス番号", "fax": "ファックス番号", "phone number": "電話番号", "telephone number": "電話番号",
    "telephone": "電話番号", "address": "住所",
    # Agreements and relations
    "memoranda of understanding": "覚書", "memorandum of understanding": "覚書", "memorandums": "覚書",
    "memorandum": "覚書", "memoranda": "覚書", "mous": "覚書", "mou": "覚書", "memorandum of cooperation": "協力覚書",
    "sister cities": "姉妹都市", "sister city": "姉妹都市", "friendship cities": "友好都市", "friendship city": "友好都市",
    "twin city": "友好都市", "sister port": "姉妹港", "friendship": "友好", "agreement": "協定", "agreements": "協定",
    "protocol": "議定書", "joint statement": "共同声明", "paris agreement": "パリ協定", "partnership": "連携",
    "partnerships": "連携", "collaboration": "連携", "cooperative relationship": "協力関係", "relationship": "関係",
    "relations": "関係", "city-to-city": "都市間連携", "inter-city": "都市間連携", "city-to-city collaboration": "都市間連携",
    "city-to-city cooperation": "都市間協力", "minutes (contract)": "ミニッツ(契約書)", "minutes": "ミニッツ",
    # Meetings, events and programmes
    "meeting": "会議", "meetings": "会議", "conference": "会議", "conferences": "会議", "forum": "フォーラム",
    "forums": "フォーラム", "seminar": "セミナー", "seminars": "セミナー", "webinar": "ウェビナー", "workshop": "ワークショップ",
    "workshops": "ワークショップ", "symposium": "シンポジウム", "general assembly": "総会", "kick-off meeting": "キックオフ会合",
    "kickoff meeting": "キックオフ会合", "kick-off": "キックオフ", "kickoff": "キックオフ", "wrap-up meeting": "ラップアップ会議",
    "online meeting": "オンライン会議", "briefing session": "説明会", "study session": "勉強会", "study group": "勉強会",
    "talks": "会談", "panel discussion": "パネルディスカッション", "discussion": "議論", "exhibition": "展示会",
    "eco-business forum": "エコビジネスフォーラム", "event": "イベント", "events": "イベント", "signing ceremony": "締結式",
    "theme": "テーマ", "program": "プログラム", "programme": "プログラム", "opening address": "開会挨拶", "dialogue": "政策対話",
    "policy dialogue": "政策対話", "opening remarks": "開会挨拶", "lecture": "講演", "presentation": "発表",
    "venue": "会場", "in person": "会場", "online": "オンライン", "hybrid": "ハイブリッド",
    # Visits, training and exchange of people
    "study visit": "視察", "study tour": "スタディツアー", "study tours": "視察", "visit": "視察", "visits": "視察",
    "inspection": "視察", "site visit": "現地視察", "field visit": "現地視察", "courtesy call": "表敬訪問",
    "courtesy visit": "表敬訪問", "visited": "訪問", "came to japan": "来日", "visit to japan": "訪日",
    "visitors": "視察者", "delegation": "代表団", "delegates": "代表団", "delegations": "訪問団",
    "visiting delegation": "訪問団", "inspection team": "視察団", "mission": "ミッション団", "trainee": "研修員",
    "trainees": "研修員", "training": "研修", "training course": "研修コース", "training courses": "研修コース",
    "course": "コース", "training program": "研修プログラム", "online training": "オンライン研修",
    "issue-specific training": "課題別研修", "internship": "インターンシップ", "exchange": "交流", "exchanges": "交流",
    "personnel exchange": "人材交流", "international exchange": "国際交流",
    # Actions (verbs in the forms questions use, and their nouns)
    "signed": "締結", "sign": "締結", "signing": "締結", "concluded": "締結", "exchanged": "交換", "renewed": "更新",
    "renew": "更新", "renewal": "更新", "updated": "更新", "extended": "延長", "extend": "延長", "extension": "延長",
    "revised": "改定", "revise": "改定", "revision": "改定", "amended": "改正", "amendment": "改正", "formulated": "策定",
    "formulate": "策定", "formulation": "策定", "drew up": "策定", "draw up": "策定", "drawn up": "策定",
    "enacted": "制定", "adopted": "採択", "established": "設立", "establish": "設立", "establishment": "設立",
    "founded": "設立", "set up": "設立", "opened": "開設", "created": "作成", "launched": "立ち上げ", "launch": "立ち上げ",
    "started": "開始", "starts": "開始", "start": "開始", "began": "開始", "begin": "開始", "begun": "開始",
    "commenced": "開始", "held": "開催", "hold": "開催", "took place": "開催", "organized": "主催", "organised": "主催",
    "organize": "主催", "organizer": "主催", "co-organized": "共催", "co-organised": "共催", "co-hosted": "共催",
    "co-organizer": "共催", "co-organize": "共催", "co-host": "共催", "invited": "誘致", "hosted": "誘致",
    "invitation": "招へい", "participants": "参加者", "attendees": "参加者", "attended": "参加者", "participated": "参加",
    "participate": "参加", "participating": "参加", "participation": "参加", "took part": "参加", "take part": "参加",
    "joined": "参加", "join": "参加", "attend": "参加", "dispatched": "派遣", "dispatch": "派遣", "sent": "派遣",
    "accepting": "受入れ", "accepted": "受入れ", "received": "受入れ", "accept": "受入れ", "receive": "受入れ",
    "selected": "選定", "select": "選定", "selection": "選定", "chosen": "選定", "certified": "認定",
    "designated": "認定", "evaluated": "評価", "awarded": "受賞", "won": "受賞", "award": "賞", "translated": "翻訳",
    "translate": "翻訳", "translation": "翻訳", "published": "発行", "issued": "発行", "released": "公表",
    "announced": "発表", "presented": "発表", "reported": "報告", "report": "報告書", "submitted": "提出",
    "compiled": "取りまとめ", "decided": "決定", "implemented": "実施", "implement": "実施", "implementation": "実施",
    "carried out": "実施", "conducted": "実施", "conduct": "実施", "implements": "実施機関", "support": "支援",
    "supported": "支援", "assistance": "支援", "cooperation": "協力", "cooperate": "協力", "collaborate": "連携",
    "promote": "推進", "promoted": "推進", "promotion": "推進", "strengthen": "強化", "provided": "提供",
    "provide": "提供", "introduced": "導入", "introduce": "導入", "introduction": "導入", "built": "構築",
    "construction": "建設", "developed": "開発", "development": "開発", "improve": "改善", "improved": "改善",
    "improvement": "改善", "reduce": "削減", "reduced": "削減", "reduction": "削減", "expansion": "拡大",
    "contribute": "貢献", "contributed": "貢献", "contribution": "貢献", "achieve": "達成", "achieved": "達成",
    "solve": "解決", "overcome": "克服", "requested": "要請", "proposed": "提案", "proposal": "提案", "discussed": "協議",
    "discuss": "協議", "discussions": "協議", "transfer": "移転", "export": "輸出", "postponed": "延期",
    "cancelled": "中止", "canceled": "中止", "continued": "継続", "continue": "継続", "used": "利用", "use": "利用",
    "utilized": "活用", "operated": "運営", "operation": "運営", "management": "管理", "monitoring": "モニタリング",
    "shared": "共有", "aim": "目的", "purpose": "目的", "objective": "目的", "located": "位置",
    # People and titles
    "staff": "職員", "officials": "職員", "official": "職員", "employees": "職員", "city officials": "市職員",
    "government officials": "行政職員", "personnel": "人材", "engineers": "技術者", "experts": "専門家", "expert": "専門家",
    "lecturer": "講師", "speaker": "講師", "coordinator": "コーディネーター", "professor": "教授", "mayor": "市長",
    "governor": "知事", "minister": "大臣", "prime minister": "首相", "president": "大統領", "ambassador": "大使",
    "director general": "局長", "director": "局長", "chairperson": "委員長", "administrator": "管理者",
    "mayor-level": "市長級", "residents": "住民", "citizens": "市民", "ward residents": "区民",
    # Kinds of body
    "organization": "機関", "organisation": "機関", "organizations": "機関", "organisations": "機関",
    "institution": "機関", "institutions": "機関", "agency": "機関", "agencies": "機関",
    "implementing agency": "実施機関", "implementing organization": "実施機関", "participating organizations": "参加機関",
    "related organizations": "関係機関", "relevant organizations": "関係機関", "research institutions": "研究機関",
    "research institute": "研究所", "foundation": "財団", "public interest incorporated foundation": "公益財団法人",
    "incorporated administrative agency": "独立行政法人", "association": "協会", "network": "ネットワーク",
    "platform": "プラットフォーム", "committee": "委員会", "secretariat": "事務局", "office": "事務所", "ngo": "NGO",
    "ngos": "NGO", "company": "株式会社", "companies": "企業", "firms": "企業", "private companies": "民間企業",
    "private sector": "民間", "public-private": "官民", "public-private partnership": "官民連携",
    "member companies": "会員企業", "members": "会員", "member": "会員", "local companies": "市内企業",
    "japanese companies": "日本企業", "small and medium": "中小", "smes": "中小企業", "consulting": "コンサルティング",
    "banks": "銀行", "bank": "銀行", "universities": "大学", "university": "大学", "centre": "センター", "center": "センター",
    # Government
    "government": "政府", "national government": "国", "central government": "中央政府", "ministry": "省",
    "bureau": "局", "department": "部", "division": "課", "municipalities": "自治体", "municipality": "自治体",
    "local governments": "自治体", "local government": "自治体", "local authorities": "地方自治体",
    "local public bodies": "地方公共団体", "designated cities": "政令指定都市", "prefecture": "県", "prefectures": "都道府県",
    "special wards": "特別区", "ward": "区", "wards": "区", "ministry of the environment": "環境省",
    "environment ministry": "環境省", "moe": "環境省", "ministry of economy, trade and industry": "経済産業省",
    "meti": "経済産業省", "ministry of land, infrastructure, transport and tourism": "国土交通省", "mlit": "国土交通省",
    "ministry of health, labour and welfare": "厚生労働省", "ministry of foreign affairs": "外務省",
    "foreign ministry": "外務省", "ministry of internal affairs and communications": "総務省",
    "environment bureau": "環境局", "waterworks bureau": "水道局", "water bureau": "水道局",
    "water and sewerage bureau": "上下水道局", "international cooperation office": "国際協力室",
    "pollution control board": "公害管理局",
    # International bodies
    "united nations": "国際連合", "un": "国連", "un-habitat": "UN-Habitat",
    "united nations environment programme": "国連環境計画", "unep": "UNEP", "ietc": "IETC",
    "international environmental technology centre": "国際環境技術センター", "world bank": "世界銀行",
    "asian development bank": "アジア開発銀行", "adb": "アジア開発銀行", "european union": "欧州連合", "eu": "欧州連合",
    "world economic forum": "世界経済フォーラム", "jica": "JICA", "japan international cooperation agency": "国際協力機構",
    "iges": "IGES", "institute for global environmental strategies": "地球環境戦略研究機関",
    "japan external trade organization": "日本貿易振興機構", "japan bank for international cooperation": "国際協力銀行",
    "global environment centre": "地球環境センター", "wellcome": "Wellcome財団",
    "japan environmental sanitation center": "日本環境衛生センター",
    # Named bodies, programmes and facilities of the documents
    "clean authority of tokyo": "東京二十三区清掃一部事務組合", "tokyo eco service": "東京エコサービス", "team osaka": "Team OSAKA",
    "kawasaki water business network": "かわさき水ビジネスネットワーク", "green innovation cluster": "かわさきグリーンイノベーションクラスター",
    "green innovation": "グリーンイノベーション", "yachiyo engineering": "八千代エンジニヤリング株式会社",
    "oriental consultants": "オリエンタルコンサルタンツ株式会社", "kyoto university": "京都大学",
    "yangon city development committee": "ヤンゴン市開発委員会", "eastern economic corridor": "東部経済回廊", "eec": "EEC",
    "kitakyushu initiative": "北九州イニシアティブ", "tokyo model": "東京モデル", "sdgs future city": "SDGs未来都市",
    "environmental model city": "環境モデル都市", "environmental future city": "環境未来都市",
    "tianjin eco-city": "天津中新生態城", "eco-town": "エコタウン", "water purification plant": "浄水場",
    # Plans, policies and documents
    "plan": "計画", "plans": "計画", "action plan": "アクションプラン", "action program": "アクションプログラム",
    "implementation policy": "実施方針", "basic policies": "基本方針", "basic policy": "基本方針", "basic plan": "基本計画",
    "comprehensive plan": "総合計画", "medium-term plan": "中期計画", "strategy": "戦略", "strategies": "戦略",
    "growth strategy": "成長戦略", "overseas expansion strategy": "海外展開戦略",
    "development cooperation charter": "開発協力大綱", "basic goal": "基本目標", "goal": "基本目標", "goals": "目標",
    "targets": "目標", "target": "目標", "indicators": "指標", "indicator": "指標", "basic philosophy": "基本理念",
    "policy": "政策", "policies": "政策", "environmental policy": "環境施策", "measures": "対策", "vision": "ビジョン",
    "guidelines": "ガイドライン", "guideline": "ガイドライン", "manual": "マニュアル", "pamphlet": "パンフレット",
    "newsletter": "ニュースレター", "fact sheet": "ファクトシート", "factsheet": "ファクトシート", "yearbook": "年報",
    "database": "データベース", "website": "ホームページ", "homepage": "ホームページ", "ordinance": "条例", "regulations": "規制",
    "scheme": "スキーム", "system": "制度", "joint crediting mechanism": "二国間クレジット制度", "pillars": "柱",
    "challenges": "課題", "issues": "課題", "needs": "ニーズ", "implementation structure": "実施体制", "role": "役割",
    "results": "実績", "best practices": "優良事例",
    # Cooperation and business
    "international": "国際", "international cooperation": "国際協力", "international contribution": "国際貢献",
    "international community": "国際社会", "international business": "国際事業", "international expansion": "国際展開",
    "overseas": "海外", "overseas expansion": "海外展開", "abroad": "海外", "developing countries": "開発途上国",
    "developing country": "開発途上国", "emerging countries": "新興国", "partner country": "相手国",
    "counterpart": "カウンターパート", "partners": "パートナー", "japanese side": "日本側", "technical cooperation": "技術協力",
    "technical cooperation project": "技術協力プロジェクト", "grassroots": "草の根",
    "grassroots technical cooperation": "草の根技術協力事業", "technical assistance": "技術支援",
    "technical advice": "技術的助言", "advice": "助言", "capacity building": "能力構築", "capacity development": "能力向上",
    "human resource development": "人材育成", "know-how": "ノウハウ", "technology transfer": "技術移転",
    "technology": "技術", "technologies": "技術", "advanced technology": "先端技術",
    "environmental technology": "環境技術", "environmental technologies": "環境技術", "project": "プロジェクト",
    "projects": "プロジェクト", "research project": "研究プロジェクト", "joint research": "共同研究", "research": "研究",
    "model": "モデル", "demonstration project": "実証事業", "feasibility study": "実現可能性調査", "survey": "調査",
    "study": "調査", "activities": "活動", "initiatives": "取組", "business": "ビジネス", "businesses": "事業者",
    "commercialization": "事業化", "project formation": "案件形成", "business matching": "ビジネス・マッチング",
    "infrastructure export": "インフラ輸出", "budget": "予算", "funding": "資金", "fund": "基金", "grant": "助成",
    "subsidies": "補助金", "yen loans": "円借款", "official development assistance": "政府開発援助", "oda": "ODA",
    "public relations": "広報", "awareness raising": "普及啓発", "information": "情報", "information sharing": "情報共有",
    "information exchange": "情報交換", "information gathering": "情報収集", "information provision": "情報提供",
    "information dissemination": "情報発信", "field": "分野", "sector": "分野", "water sector": "水分野",
    "industry": "産業", "economy": "経済", "economic": "経済", "economic growth": "経済成長",
    # Waste, cleansing and recycling
    "waste": "廃棄物", "garbage": "ごみ", "solid waste": "固形廃棄物", "municipal solid waste": "都市固形廃棄物",
    "municipal waste": "都市廃棄物", "household waste": "家庭ごみ", "industrial waste": "産業廃棄物",
    "hazardous waste": "有害廃棄物", "disaster waste": "災害廃棄物", "plastic waste": "プラスチックごみ", "plastic": "プラスチック",
    "marine plastic": "海洋プラスチックごみ", "single-use plastic": "使い捨てプラスチック", "food loss": "食品ロス",
    "food waste": "食品残渣", "bulky waste": "粗大ごみ", "waste management": "廃棄物管理",
    "solid waste management": "固形廃棄物管理", "waste treatment": "廃棄物処理", "waste generation": "廃棄物発生量",
    "waste-to-energy": "廃棄物発電", "waste management ordinance": "廃棄物管理条例", "incineration": "焼却",
    "incinerator": "焼却施設", "incinerators": "ごみ焼却施設", "incineration plant": "ごみ焼却施設",
    "incineration plants": "ごみ焼却施設", "incineration facility": "ごみ焼却施設", "cleansing": "清掃",
    "cleansing services": "清掃事業", "intermediate treatment": "中間処理", "treatment": "処理", "sorting": "分別",
    "separation": "分別", "collection": "収集", "waste collection": "ごみ収集", "collection and transport": "収集・運搬",
    "3r": "3R", "reuse": "再利用", "recycling": "リサイクル", "recycle": "リサイクル", "recycling facility": "資源化処理施設",
    "sound material-cycle society": "循環型社会", "circular economy": "循環経済", "composting": "堆肥",
    "open dumping": "オープン・ダンピング", "illegal dumping": "不法投棄", "landfill": "埋立", "landfill site": "埋立処分場",
    "sanitary landfill": "衛生管理型埋立処分", "final disposal": "最終処分", "final disposal site": "最終処分場",
    "disposal": "処分", "night soil": "し尿",
    # Water supply, sewerage and sanitation
    "water": "上下水道", "water supply": "水道", "waterworks": "水道", "water supply and sewerage": "上下水道",
    "water and sewerage": "上下水道", "sewerage": "下水道", "sewage": "下水道", "industrial water": "工業用水道",
    "drinking water": "飲料水", "sanitation": "衛生", "sanitation facilities": "衛生施設", "public health": "公衆衛生",
    "wastewater": "排水", "wastewater treatment": "排水処理", "water treatment": "水処理",
    "water treatment center": "水処理センター", "non-revenue water": "無収水", "water shortage": "水不足",
    "water resources": "水資源", "water resources management": "水資源管理",
    "integrated water resources management": "統合水資源管理", "water quality": "水質", "water pollution": "水質汚濁",
    "water environment": "水環境", "water circulation system": "水循環システム", "waterborne diseases": "水系伝染病",
    "water supply corporation": "水道公社", "water business": "水ビジネス", "water infrastructure": "水インフラ",
    "river": "河川", "rivers": "河川", "marine pollution": "海洋汚染",
    # Air, climate change and energy
    "air quality": "大気質", "air pollution": "大気汚染", "air pollution control": "大気汚染対策",
    "vehicle air pollution": "自動車大気汚染対策", "air environment": "大気環境", "exhaust gas": "排気ガス",
    "emissions": "排出量", "greenhouse gases": "温室効果ガス", "greenhouse gas": "温室効果ガス", "co2": "CO2",
    "carbon dioxide": "二酸化炭素", "global warming": "温暖化", "climate change": "気候変動",
    "climate change measures": "気候変動対策", "climate change policy": "気候変動政策", "climate finance": "気候資金",
    "co-benefits": "コベネフィット", "heatstroke": "熱中症", "health": "健康", "decarbonized": "脱炭素",
    "decarbonised": "脱炭素", "decarbonization": "脱炭素", "decarbonisation": "脱炭素",
    "decarbonized society": "脱炭素社会", "decarbonized city": "脱炭素都市", "decarbonization management": "脱炭素経営",
    "carbon neutral": "カーボンニュートラル", "carbon neutrality": "カーボンニュートラル", "low-carbon": "低炭素",
    "low carbon": "低炭素", "low-carbon society": "低炭素社会", "low-carbon city": "低炭素都市",
    "low-carbon city formation": "低炭素都市形成", "energy": "エネルギー", "renewable energy": "再生可能エネルギー",
    "solar power": "太陽光発電", "hydropower": "水力発電", "small hydropower": "中小水力発電", "biomass": "バイオマス",
    "biomass power generation": "バイオマス発電", "power generation": "発電", "hydrogen": "水素", "energy saving": "省エネ",
    "energy-saving": "省エネ", "energy conservation": "省エネ", "energy efficiency": "省エネ", "transport": "交通",
    "public transport": "公共交通", "pollution": "公害",
    # Environment and the city
    "environmental": "環境", "environment": "環境", "global environment": "地球環境",
    "environmental problems": "環境問題", "environmental cooperation": "環境協力",
    "international environmental cooperation": "国際環境協力", "environmental conservation": "環境保全",
    "environmental protection": "環境保全", "environmental education": "環境教育",
    "environmental infrastructure": "環境インフラ", "infrastructure": "インフラ", "facility": "施設", "facilities": "施設",
    "urban infrastructure": "都市インフラ", "sustainable": "持続可能", "sustainable development": "持続可能な開発",
    "sustainable development goals": "持続可能な開発目標", "sdgs": "SDGs", "millennium development goals": "ミレニアム開発目標",
    "mdgs": "MDGs", "nature-based solutions": "自然を基盤とした解決策", "urban greening": "都市緑化",
    "green building": "グリーン・ビルディング", "smart city": "スマートシティ", "eco-city": "エコシティ", "compact city": "コンパクトシティ",
    "disaster prevention": "防災", "disaster": "災害", "urbanization": "都市化", "urban planning": "都市計画",
    "urban development": "都市開発", "region": "地域", "covid-19": "新型コロナウイルス",
    # Places in Japan
    "japan": "日本", "japanese": "日本", "osaka": "大阪市", "osaka prefecture": "大阪府", "kawasaki": "川崎市",
    "kanagawa": "神奈川県", "tokyo": "東京", "tokyo metropolitan government": "東京都", "23 wards": "23区",
    "tokyo 23 wards": "東京23区", "katsushika": "葛飾区", "kitakyushu": "北九州市", "yokohama": "横浜市", "niigata": "新潟市",
    "hachinohe": "八戸市", "nagasaki": "長崎市",
    # Places abroad
    "ho chi minh city": "ホーチミン市", "ho chi minh": "ホーチミン市", "hanoi": "ハノイ市", "da nang": "ダナン市",
    "danang": "ダナン市", "ba ria-vung tau": "バリアブントウ省", "quezon city": "ケソン市", "quezon": "ケソン市", "cebu": "セブ市",
    "metro manila": "マニラ首都圏", "manila": "マニラ首都圏", "yangon": "ヤンゴン市", "bandung": "バンドン市", "west java": "西ジャワ州",
    "jakarta": "ジャカルタ", "surabaya": "スラバヤ市", "citarum": "チタルム川", "penang": "ペナン州", "phnom penh": "プノンペン市",
    "bangkok": "バンコク", "maharashtra": "マハラシュトラ州", "kolkata": "コルカタ", "shenyang": "瀋陽市", "dalian": "大連市",
    "tianjin": "天津", "shenzhen": "深圳市", "guangzhou": "広州市", "seoul": "ソウル市",
    "greater manchester": "グレーター・マンチェスター", "manchester": "マンチェスター", "london": "ロンドン", "paris": "パリ市",
    "zagreb": "ザグレブ", "rijeka": "リエカ", "austin": "オースティン市", "texas": "テキサス州", "queensland": "クィーンズランド州",
    "west java province": "西ジャワ州", "karawang": "カラワン", "muda river": "ムダ川", "sichuan": "四川省", "jeju": "済州市",
    "namwon": "南原市", "trier": "トリーア市", "juba": "ジュバ市", "moscow": "モスクワ", "adelaide": "アデレード",
    "minnesota": "ミネソタ州",
    # Countries and regions
    "vietnam": "ベトナム", "vietnamese": "ベトナム", "philippines": "フィリピン", "indonesia": "インドネシア",
    "indonesian": "インドネシア", "malaysia": "マレーシア", "thailand": "タイ", "thai": "タイ", "myanmar": "ミャンマー",
    "cambodia": "カンボジア", "laos": "ラオス", "singapore": "シンガポール", "china": "中国", "chinese": "中国", "korea": "韓国",
    "south korea": "韓国", "mongolia": "モンゴル", "india": "インド", "sri lanka": "スリランカ", "nepal": "ネパール",
    "bangladesh": "バングラデシュ", "maldives": "モルディブ", "palau": "パラオ", "turkey": "トルコ", "russia": "ロシア",
    "croatia": "クロアチア", "germany": "ドイツ", "france": "フランス", "united kingdom": "英国", "britain": "英国",
    "united states": "アメリカ", "america": "アメリカ", "australia": "オーストラリア", "brazil": "ブラジル",
    "saudi arabia": "サウジアラビア", "palestine": "パレスチナ", "south sudan": "南スーダン", "kosovo": "コソボ", "asia": "アジア",
    "southeast asia": "東南アジア", "east asia": "東アジア", "asia-pacific": "アジア太平洋", "asia pacific": "アジア太平洋",
    "africa": "アフリカ", "europe": "欧州", "european": "欧州", "middle east": "中東", "mexico": "メキシコ",
    "algeria": "アルジェリア", "tajikistan": "タジキスタン", "bosnia and herzegovina": "ボスニアヘルツェゴビナ", "jamaica": "ジャマイカ",
    "costa rica": "コスタリカ", "belize": "ベリーズ", "cameroon": "カメルーン", "congo": "コンゴ", "malawi": "マラウイ",
    "mozambique": "モザンビーク", "uzbekistan": "ウズベキスタン", "qatar": "カタル", "poland": "ポーランド",
    "kazakhstan": "カザフスタン", "united arab emirates": "アラブ首長国連邦", "timor-leste": "東ティモール", "bhutan": "ブータン",
    "hungary": "ハンガリ",
    # Languages
    "english": "英語",
    # Time
    "fiscal": "年度", "fiscal year": "年度", "annually": "毎年", "every year": "毎年", "period": "期間",
    "project period": "事業期間", "implementation period": "実施期間", "since": "以来",
}

_PATTERN = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(k) for k in sorted(GLOSSARY, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE
)


#: The kind a which-question asks (「Which government meeting …」 → 「どの会議」), as the reader
#: reads the noun whose kind is asked (「どの会社」 is answered by 「…株式会社」).
WHICH_KINDS: dict[str, str] = {
    # Bodies
    "company": "会社", "firm": "会社", "companies": "会社", "organization": "機関", "organisation": "機関",
    "agency": "機関", "agencies": "機関", "institution": "機関", "institute": "機関", "body": "機関",
    "bodies": "機関", "ministry": "省", "ministries": "省", "bureau": "局", "department": "局",
    "office": "事務所", "secretariat": "事務局", "committee": "委員会", "university": "大学",
    "universities": "大学", "bank": "銀行", "foundation": "財団", "fund": "基金", "association": "協会",
    "network": "ネットワーク", "platform": "プラットフォーム", "embassy": "大使館",
    # Meetings, events and programmes
    "meeting": "会議", "conference": "会議", "council": "会議", "forum": "フォーラム", "seminar": "セミナー",
    "workshop": "ワークショップ", "symposium": "シンポジウム", "event": "イベント", "award": "賞", "prize": "賞",
    "programme": "プログラム", "program": "プログラム", "course": "コース", "scheme": "スキーム",
    # Plans, projects and things
    "project": "事業", "plan": "計画", "strategy": "戦略", "strategies": "戦略", "policy": "方針",
    "policies": "方針", "vision": "ビジョン", "ordinance": "条例", "technology": "技術", "technologies": "技術",
    "field": "分野", "sector": "分野", "facility": "施設", "facilities": "施設", "plant": "施設",
    "building": "建物", "port": "港", "river": "川",
    # Places
    "city": "都市", "cities": "都市", "country": "国", "countries": "国", "municipality": "自治体",
    "municipalities": "自治体", "local government": "自治体", "prefecture": "県", "province": "州",
    "provinces": "州", "ward": "区", "region": "地域",
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
    eras = [f"{_ERAS[era.lower()]}{n}年" for era, n in _ERA_YEAR.findall(question)]  # Heisei 25 → 平成25年
    question = _ERA_YEAR.sub(" ", question)
    dates, question = _dates(question)  # February 18 → 2月18日, the 20th forum → 第20回
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
    return " ".join(dict.fromkeys(found + names + fiscal + eras + years + dates))


#: Acronyms that stand for a common word, not a name the documents would write in Latin letters.
ACRONYMS = {"US": "アメリカ", "USA": "アメリカ", "U.S.": "アメリカ", "UK": "英国", "FY": "年度"}
_ACRONYM = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(a) for a in sorted(ACRONYMS, key=len, reverse=True)) + r")(?![A-Za-z])")
_FISCAL_YEAR = re.compile(r"\b(?:FY|[Ff]iscal(?:\s+[Yy]ear)?)\s?(\d{4})\b")
_ERAS = {"heisei": "平成", "reiwa": "令和", "showa": "昭和"}
_ERA_YEAR = re.compile(r"\b(Heisei|Reiwa|Showa)\s+(\d{1,2})\b", re.IGNORECASE)

#: Month names (capitalised: 「may」 and 「march」 are verbs too, so those two only before a number).
_MONTHS = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7, "August": 8,
    "September": 9, "October": 10, "November": 11, "December": 12, "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4,
    "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th)"
_MONTH_DAY = re.compile(
    rf"\b(?:(\d{{1,2}}){_ORDINAL_SUFFIX}?\s+(?:of\s+)?({_MONTH_NAME})\b\.?"
    rf"|({_MONTH_NAME})\b\.?(?:\s+(\d{{1,2}}){_ORDINAL_SUFFIX}?\b)?)"
)
_ANNIVERSARY = re.compile(rf"\b(\d{{1,3}}){_ORDINAL_SUFFIX}\s+anniversary\b", re.IGNORECASE)
_ORDINAL = re.compile(rf"\b(\d{{1,3}}){_ORDINAL_SUFFIX}\b", re.IGNORECASE)


def _dates(question: str) -> tuple[list[str], str]:
    """Months, days, anniversaries and ordinals written as the documents write them
    (「February 18」 → 「2月18日」, 「30th anniversary」 → 「30周年」, 「the 20th forum」 → 「第20回」),
    and the question without them."""
    found: list[str] = []

    def month(m: re.Match) -> str:
        name = m.group(2) or m.group(3)
        day = m.group(1) or m.group(4)
        followed = question[m.end():].lstrip()[:1].isdigit()
        if name in ("May", "March", "Mar") and not day and not followed:
            return m.group(0)  # 「March」 alone may be the verb; 「May」 alone the modal
        found.append(f"{_MONTHS[name]}月{int(day)}日" if day else f"{_MONTHS[name]}月")
        return " "

    question = _MONTH_DAY.sub(month, question)
    found += [f"{int(n)}周年" for n in _ANNIVERSARY.findall(question)]
    question = _ANNIVERSARY.sub(" ", question)
    found += [f"第{int(n)}回" for n in _ORDINAL.findall(question)]
    return found, _ORDINAL.sub(" ", question)


def matched_any(question: str) -> bool:
    return bool(_PATTERN.search(question))


_STOP = {"what", "which", "when", "where", "who", "how", "the", "is", "are", "was", "were", "did", "does", "do", "in", "of", "has", "have", "a", "an"}
