#!/usr/bin/env python3
"""Builds tests/data/stances_heldout4.jsonl: a fourth held-out set of single news sentences in
the style of wire-service event data, written for the polis project (no text taken from
anywhere else) and annotated in the output schema.

Each actor is (name, kind, country, code, mention, ...): a mention is found in the text after
the previous mention of the same actor ("word#2" is the second occurrence). Each stance is
(source, target or None, type, plover, modality). Gold codes follow CAMEO actor codes (ISO3 +
sector, IGO..., NGO...), so that tests/data/stances_events.py can score the set the way event
data is scored (dyad by country or code prefix, PLOVER category).

Run: python3 tests/data/stances_heldout4_build.py > tests/data/stances_heldout4.jsonl
"""
import json
import sys

S = []


def s(id, text, actors=(), stances=()):
    S.append((id, text, actors, stances))


def A(name, kind, country, code, *mentions):
    return (name, kind, country, code, mentions)


# ---------------------------------------------------------------- diplomacy
s("h4001", "Chinese President Xi Jinping met French President Emmanuel Macron in Beijing on Thursday.",
  [A("Xi Jinping", "person", "CHN", "CHNGOV", "Xi Jinping"),
   A("Emmanuel Macron", "person", "FRA", "FRAGOV", "Emmanuel Macron")],
  [("Xi Jinping", "Emmanuel Macron", "meet", "CONSULT", "asserted")])
s("h4002", "Indian Prime Minister Narendra Modi will travel to Washington next month for talks with President Joe Biden.",
  [A("Narendra Modi", "person", "IND", "INDGOV", "Narendra Modi"),
   A("Washington", "city", "USA", "USA", "Washington"),
   A("Joe Biden", "person", "USA", "USAGOV", "Joe Biden")],
  [("Narendra Modi", "Washington", "visit", "CONSULT", "future"),
   ("Narendra Modi", "Joe Biden", "meet", "CONSULT", "future")])
s("h4003", "Turkish Foreign Minister Hakan Fidan held talks with his Iranian counterpart Abbas Araghchi in Ankara on Monday.",
  [A("Hakan Fidan", "person", "TUR", "TURGOV", "Hakan Fidan"),
   A("Abbas Araghchi", "person", "IRN", "IRNGOV", "Abbas Araghchi")],
  [("Hakan Fidan", "Abbas Araghchi", "meet", "CONSULT", "asserted")])
s("h4004", "Saudi Crown Prince Mohammed bin Salman received Syrian President Bashar al-Assad in Jeddah.",
  [A("Mohammed bin Salman", "person", "SAU", "SAUGOV", "Mohammed bin Salman"),
   A("Bashar al-Assad", "person", "SYR", "SYRGOV", "Bashar al-Assad")],
  [("Mohammed bin Salman", "Bashar al-Assad", "host", "CONSULT", "asserted")])
s("h4005", "Japan and South Korea agreed to resume regular security talks after a five-year pause.",
  [A("Japan", "country", "JPN", "JPN", "Japan"),
   A("South Korea", "country", "KOR", "KOR", "South Korea")],
  [("Japan", "South Korea", "agree", "AGREE", "asserted")])
s("h4006", "UN Secretary-General Antonio Guterres spoke by phone with Ethiopian Prime Minister Abiy Ahmed about the conflict in Tigray.",
  [A("Antonio Guterres", "person", None, "IGOUNO", "Antonio Guterres"),
   A("Abiy Ahmed", "person", "ETH", "ETHGOV", "Abiy Ahmed")],
  [("Antonio Guterres", "Abiy Ahmed", "phone", "CONSULT", "asserted")])
s("h4007", "Qatari mediators met separately with Israeli and Hamas negotiators in Doha on Wednesday.",
  [A("Qatar", "country", "QAT", "QATGOV", "Qatari mediators"),
   A("Israel", "country", "ISR", "ISRGOV", "Israeli"),
   A("Hamas", "organization", "PSE", "PSEREB", "Hamas")],
  [("Qatar", "Israel", "meet", "CONSULT", "asserted"),
   ("Qatar", "Hamas", "meet", "CONSULT", "asserted")])
s("h4008", "Brazilian President Luiz Inacio Lula da Silva arrived in Luanda on Friday on the first leg of an African tour.",
  [A("Luiz Inacio Lula da Silva", "person", "BRA", "BRAGOV", "Luiz Inacio Lula da Silva"),
   A("Luanda", "city", "AGO", "AGO", "Luanda")],
  [("Luiz Inacio Lula da Silva", "Luanda", "visit", "CONSULT", "asserted")])
s("h4009", "Kenya's President William Ruto is due to visit Washington in May, the White House said.",
  [A("William Ruto", "person", "KEN", "KENGOV", "William Ruto"),
   A("Washington", "city", "USA", "USA", "Washington"),
   A("White House", "organization", "USA", "USAGOV", "White House")],
  [("William Ruto", "Washington", "visit", "CONSULT", "future")])
s("h4010", "German Chancellor Olaf Scholz phoned Russian President Vladimir Putin for the first time in nearly two years.",
  [A("Olaf Scholz", "person", "DEU", "DEUGOV", "Olaf Scholz"),
   A("Vladimir Putin", "person", "RUS", "RUSGOV", "Vladimir Putin")],
  [("Olaf Scholz", "Vladimir Putin", "phone", "CONSULT", "asserted")])
s("h4011", "Egypt invited Israeli and Hamas delegations to Cairo for a new round of ceasefire talks.",
  [A("Egypt", "country", "EGY", "EGY", "Egypt"),
   A("Israel", "country", "ISR", "ISRGOV", "Israeli"),
   A("Hamas", "organization", "PSE", "PSEREB", "Hamas")],
  [("Egypt", "Israel", "invite", "AGREE", "asserted"),
   ("Egypt", "Hamas", "invite", "AGREE", "asserted")])
s("h4012", "Pope Francis met Ukrainian President Volodymyr Zelensky at the Vatican on Saturday.",
  [A("Pope Francis", "person", "VAT", "VATGOV", "Pope Francis"),
   A("Volodymyr Zelensky", "person", "UKR", "UKRGOV", "Volodymyr Zelensky")],
  [("Pope Francis", "Volodymyr Zelensky", "meet", "CONSULT", "asserted")])
s("h4013", "The Armenian and Azerbaijani foreign ministers will hold peace talks in Berlin next week, Germany's foreign ministry said.",
  [A("Armenia", "country", "ARM", "ARMGOV", "Armenian"),
   A("Azerbaijan", "country", "AZE", "AZEGOV", "Azerbaijani foreign ministers"),
   A("Germany", "country", "DEU", "DEUGOV", "Germany")],
  [("Armenia", "Azerbaijan", "meet", "CONSULT", "future")])
s("h4014", "Putin hosted North Korean leader Kim Jong Un at a space launch centre in the Russian Far East.",
  [A("Vladimir Putin", "person", "RUS", "RUSGOV", "Putin"),
   A("Kim Jong Un", "person", "PRK", "PRKGOV", "Kim Jong Un")],
  [("Vladimir Putin", "Kim Jong Un", "host", "CONSULT", "asserted")])
s("h4015", "Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev met on the sidelines of a security conference in Munich.",
  [A("Nikol Pashinyan", "person", "ARM", "ARMGOV", "Nikol Pashinyan"),
   A("Ilham Aliyev", "person", "AZE", "AZEGOV", "Ilham Aliyev")],
  [("Nikol Pashinyan", "Ilham Aliyev", "meet", "CONSULT", "asserted")])
s("h4016", "US Secretary of State Antony Blinken met Saudi Crown Prince Mohammed bin Salman in Riyadh and Egyptian President Abdel Fattah al-Sisi in Cairo.",
  [A("Antony Blinken", "person", "USA", "USAGOV", "Antony Blinken"),
   A("Mohammed bin Salman", "person", "SAU", "SAUGOV", "Mohammed bin Salman"),
   A("Abdel Fattah al-Sisi", "person", "EGY", "EGYGOV", "Abdel Fattah al-Sisi")],
  [("Antony Blinken", "Mohammed bin Salman", "meet", "CONSULT", "asserted"),
   ("Antony Blinken", "Abdel Fattah al-Sisi", "meet", "CONSULT", "asserted")])
s("h4017", "South Korean President Yoon Suk Yeol visited the Netherlands and held talks with Prime Minister Mark Rutte.",
  [A("Yoon Suk Yeol", "person", "KOR", "KORGOV", "Yoon Suk Yeol"),
   A("Netherlands", "country", "NLD", "NLD", "Netherlands"),
   A("Mark Rutte", "person", "NLD", "NLDGOV", "Mark Rutte")],
  [("Yoon Suk Yeol", "Netherlands", "visit", "CONSULT", "asserted"),
   ("Yoon Suk Yeol", "Mark Rutte", "meet", "CONSULT", "asserted")])
s("h4018", "Turkish President Recep Tayyip Erdogan spoke with Putin by phone and urged him to return to the grain deal.",
  [A("Recep Tayyip Erdogan", "person", "TUR", "TURGOV", "Recep Tayyip Erdogan"),
   A("Vladimir Putin", "person", "RUS", "RUSGOV", "Putin")],
  [("Recep Tayyip Erdogan", "Vladimir Putin", "phone", "CONSULT", "asserted"),
   ("Recep Tayyip Erdogan", "Vladimir Putin", "appeal", "REQUEST", "asserted")])
s("h4019", "Macron said he would invite Chinese President Xi Jinping to Paris in the spring.",
  [A("Emmanuel Macron", "person", "FRA", "FRAGOV", "Macron"),
   A("Xi Jinping", "person", "CHN", "CHNGOV", "Xi Jinping")],
  [("Emmanuel Macron", "Xi Jinping", "invite", "AGREE", "future")])
s("h4020", "Putin is expected to visit Turkey in the coming weeks, Turkish officials said.",
  [A("Vladimir Putin", "person", "RUS", "RUSGOV", "Putin"),
   A("Turkey", "country", "TUR", "TUR", "Turkey")],
  [("Vladimir Putin", "Turkey", "visit", "CONSULT", "future")])
s("h4021", "Analysts said the visit of the Chinese premier to Australia signalled a thaw in relations.",
  [A("China", "country", "CHN", "CHNGOV", "Chinese premier"),
   A("Australia", "country", "AUS", "AUS", "Australia")],
  [("China", "Australia", "visit", "CONSULT", "reported")])
s("h4022", "Iran and Saudi Arabia restored diplomatic relations in a deal brokered by China.",
  [A("Iran", "country", "IRN", "IRN", "Iran"),
   A("Saudi Arabia", "country", "SAU", "SAU", "Saudi Arabia")],
  [("Iran", "Saudi Arabia", "cooperate", "SUPPORT", "asserted")])
s("h4023", "When Biden met Xi in California, he pressed the Chinese leader on human rights.",
  [A("Joe Biden", "person", "USA", "USAGOV", "Biden"),
   A("Xi Jinping", "person", "CHN", "CHNGOV", "Xi", "Chinese leader")],
  [("Joe Biden", "Xi Jinping", "meet", "CONSULT", "asserted"),
   ("Joe Biden", "Xi Jinping", "demand", "REQUEST", "asserted")])

# ---------------------------------------------------------------- support, praise, agreements
s("h4024", "Moldovan President Maia Sandu thanked Romania for its support and warned that Moscow was trying to destabilise her country.",
  [A("Maia Sandu", "person", "MDA", "MDAGOV", "Maia Sandu"),
   A("Romania", "country", "ROU", "ROU", "Romania"),
   A("Moscow", "city", "RUS", "RUSGOV", "Moscow")],
  [("Maia Sandu", "Romania", "praise", "SUPPORT", "asserted"),
   ("Maia Sandu", "Moscow", "warn", "ACCUSE", "asserted")])
s("h4025", "The European Union pledged 50 billion euros in aid to Ukraine over four years.",
  [A("European Union", "organization", None, "IGOEUREEC", "European Union"),
   A("Ukraine", "country", "UKR", "UKR", "Ukraine")],
  [("European Union", "Ukraine", "agree", "AGREE", "asserted")])
s("h4026", "India and the United Arab Emirates signed a bilateral investment treaty in Abu Dhabi.",
  [A("India", "country", "IND", "IND", "India"),
   A("United Arab Emirates", "country", "ARE", "ARE", "United Arab Emirates")],
  [("India", "United Arab Emirates", "sign", "SUPPORT", "asserted")])
s("h4027", "Beijing voiced support for Russia's position on the Ukraine crisis.",
  [A("China", "country", "CHN", "CHNGOV", "Beijing"),
   A("Russia", "country", "RUS", "RUS", "Russia")],
  [("China", "Russia", "support", "SUPPORT", "asserted")])
s("h4028", "South African President Cyril Ramaphosa praised Nigeria's role in stabilising West Africa.",
  [A("Cyril Ramaphosa", "person", "ZAF", "ZAFGOV", "Cyril Ramaphosa"),
   A("Nigeria", "country", "NGA", "NGA", "Nigeria")],
  [("Cyril Ramaphosa", "Nigeria", "praise", "SUPPORT", "asserted")])
s("h4029", "Japan will provide 4.5 billion dollars in additional support to Ukraine, Prime Minister Fumio Kishida said.",
  [A("Japan", "country", "JPN", "JPN", "Japan"),
   A("Ukraine", "country", "UKR", "UKR", "Ukraine"),
   A("Fumio Kishida", "person", "JPN", "JPNGOV", "Fumio Kishida")],
  [("Japan", "Ukraine", "aid", "AID", "future")])
s("h4030", "Greece and Turkey pledged to improve relations during a visit by Turkish President Recep Tayyip Erdogan to Athens.",
  [A("Greece", "country", "GRC", "GRC", "Greece"),
   A("Turkey", "country", "TUR", "TUR", "Turkey"),
   A("Recep Tayyip Erdogan", "person", "TUR", "TURGOV", "Recep Tayyip Erdogan"),
   A("Athens", "city", "GRC", "GRC", "Athens")],
  [("Greece", "Turkey", "agree", "AGREE", "asserted"),
   ("Recep Tayyip Erdogan", "Athens", "visit", "CONSULT", "asserted")])
s("h4031", "Washington welcomed the agreement between Serbia and Kosovo to normalise their relations.",
  [A("United States", "country", "USA", "USAGOV", "Washington"),
   A("Serbia", "country", "SRB", "SRB", "Serbia"),
   A("Kosovo", "country", "XKX", "XKX", "Kosovo")],
  [("United States", "Serbia", "praise", "SUPPORT", "asserted"),
   ("United States", "Kosovo", "praise", "SUPPORT", "asserted")])

# ---------------------------------------------------------------- aid and cooperation
s("h4032", "The United States delivered a new batch of Patriot missiles to Ukraine last week.",
  [A("United States", "country", "USA", "USA", "United States"),
   A("Ukraine", "country", "UKR", "UKR", "Ukraine")],
  [("United States", "Ukraine", "aid", "AID", "asserted")])
s("h4033", "Iran has supplied Russia with hundreds of attack drones, according to US intelligence officials.",
  [A("Iran", "country", "IRN", "IRN", "Iran"),
   A("Russia", "country", "RUS", "RUS", "Russia"),
   A("United States", "country", "USA", "USAGOV", "US intelligence officials")],
  [("Iran", "Russia", "aid", "AID", "reported")])
s("h4034", "France will train 2,000 Ukrainian soldiers on its territory this year.",
  [A("France", "country", "FRA", "FRA", "France"),
   A("Ukraine", "country", "UKR", "UKRMIL", "Ukrainian soldiers")],
  [("France", "Ukraine", "cooperate", "COOPERATE", "future")])
s("h4035", "The International Monetary Fund agreed to lend Sri Lanka 3 billion dollars.",
  [A("International Monetary Fund", "organization", None, "IGOUNOIMF", "International Monetary Fund"),
   A("Sri Lanka", "country", "LKA", "LKA", "Sri Lanka")],
  [("International Monetary Fund", "Sri Lanka", "agree", "AGREE", "asserted")])
s("h4036", "Indian and US troops began joint military exercises in the Himalayan state of Uttarakhand.",
  [A("India", "country", "IND", "INDMIL", "Indian"),
   A("United States", "country", "USA", "USAMIL", "US troops")],
  [("India", "United States", "cooperate", "COOPERATE", "asserted")])
s("h4037", "The Red Cross delivered food and medicine to besieged residents of Gaza.",
  [A("International Committee of the Red Cross", "organization", None, "NGOHLHIRC", "Red Cross"),
   A("Gaza", "region", "PSE", "PSE", "Gaza")],
  [("International Committee of the Red Cross", "Gaza", "aid", "AID", "asserted")])
s("h4038", "Russia extradited a Kazakh opposition activist to Kazakhstan.",
  [A("Russia", "country", "RUS", "RUS", "Russia"),
   A("Kazakhstan", "country", "KAZ", "KAZ", "Kazakh", "Kazakhstan")],
  [("Russia", "Kazakhstan", "cooperate", "COOPERATE", "asserted")])
s("h4039", "Turkey and Iraq agreed to cooperate against the PKK, which both consider a terrorist group.",
  [A("Turkey", "country", "TUR", "TUR", "Turkey"),
   A("Iraq", "country", "IRQ", "IRQ", "Iraq"),
   A("PKK", "group", "TUR", "TURREB", "PKK")],
  [("Turkey", "Iraq", "agree", "AGREE", "asserted")])
s("h4040", "The World Health Organization sent medical teams and supplies to earthquake-hit areas of Turkey.",
  [A("World Health Organization", "organization", None, "IGOUNOWHO", "World Health Organization"),
   A("Turkey", "country", "TUR", "TUR", "Turkey")],
  [("World Health Organization", "Turkey", "aid", "AID", "asserted")])
s("h4041", "The United States and the Philippines began their largest joint military exercises in the South China Sea.",
  [A("United States", "country", "USA", "USA", "United States"),
   A("Philippines", "country", "PHL", "PHL", "Philippines")],
  [("United States", "Philippines", "cooperate", "COOPERATE", "asserted")])
s("h4042", "The World Bank approved a 1.5 billion dollar loan for Pakistan to help rebuild after the floods.",
  [A("World Bank", "organization", None, "IGOWBK", "World Bank"),
   A("Pakistan", "country", "PAK", "PAK", "Pakistan")],
  [("World Bank", "Pakistan", "aid", "AID", "asserted")])

# ---------------------------------------------------------------- criticism and accusations
s("h4043", "China's foreign ministry condemned the visit of a US congressional delegation to Taiwan.",
  [A("China", "country", "CHN", "CHNGOV", "China"),
   A("United States", "country", "USA", "USALEG", "US congressional delegation"),
   A("Taiwan", "country", "TWN", "TWN", "Taiwan")],
  [("China", "United States", "criticize", "ACCUSE", "asserted")])
s("h4044", "Israel accused the United Nations of bias after the General Assembly adopted a resolution on Gaza.",
  [A("Israel", "country", "ISR", "ISR", "Israel"),
   A("United Nations", "organization", None, "IGOUNO", "United Nations", "General Assembly")],
  [("Israel", "United Nations", "accuse", "ACCUSE", "asserted")])
s("h4045", "Beijing condemned the new US export controls as economic bullying.",
  [A("China", "country", "CHN", "CHNGOV", "Beijing"),
   A("United States", "country", "USA", "USA", "US")],
  [("China", "United States", "criticize", "ACCUSE", "asserted")])
s("h4046", "Iranian Foreign Minister Hossein Amir-Abdollahian blamed Israel for the strike on the Iranian consulate in Damascus.",
  [A("Hossein Amir-Abdollahian", "person", "IRN", "IRNGOV", "Hossein Amir-Abdollahian"),
   A("Israel", "country", "ISR", "ISR", "Israel")],
  [("Hossein Amir-Abdollahian", "Israel", "accuse", "ACCUSE", "asserted")])
s("h4047", "Pakistan denounced India's decision to revoke the special status of Kashmir.",
  [A("Pakistan", "country", "PAK", "PAK", "Pakistan"),
   A("India", "country", "IND", "IND", "India")],
  [("Pakistan", "India", "criticize", "ACCUSE", "asserted")])
s("h4048", "Amnesty International criticised Egyptian authorities for the detention of hundreds of activists.",
  [A("Amnesty International", "organization", None, "NGOHRIAMN", "Amnesty International"),
   A("Egypt", "country", "EGY", "EGYGOV", "Egyptian authorities")],
  [("Amnesty International", "Egypt", "criticize", "ACCUSE", "asserted")])
s("h4049", "North Korea denounced joint drills by US and South Korean forces as a rehearsal for invasion.",
  [A("North Korea", "country", "PRK", "PRK", "North Korea"),
   A("United States", "country", "USA", "USAMIL", "US"),
   A("South Korea", "country", "KOR", "KORMIL", "South Korean forces")],
  [("North Korea", "United States", "criticize", "ACCUSE", "asserted"),
   ("North Korea", "South Korea", "criticize", "ACCUSE", "asserted")])
s("h4050", "Ukrainian President Volodymyr Zelensky criticised Hungary for blocking a European Union aid package.",
  [A("Volodymyr Zelensky", "person", "UKR", "UKRGOV", "Volodymyr Zelensky"),
   A("Hungary", "country", "HUN", "HUN", "Hungary")],
  [("Volodymyr Zelensky", "Hungary", "criticize", "ACCUSE", "asserted")])
s("h4051", "Azerbaijan accused Armenian forces of opening fire on its positions along the border.",
  [A("Azerbaijan", "country", "AZE", "AZE", "Azerbaijan"),
   A("Armenia", "country", "ARM", "ARMMIL", "Armenian forces")],
  [("Azerbaijan", "Armenia", "accuse", "ACCUSE", "asserted")])
s("h4052", "The Kremlin said the new sanctions would not change Moscow's course and accused Washington of trying to prolong the war.",
  [A("Kremlin", "organization", "RUS", "RUSGOV", "Kremlin"),
   A("Washington", "country", "USA", "USAGOV", "Washington")],
  [("Kremlin", "Washington", "accuse", "ACCUSE", "asserted")])
s("h4053", "Myanmar's military government blamed ethnic rebel groups for the bombing of a market in Shan state.",
  [A("Myanmar", "country", "MMR", "MMRMIL", "Myanmar"),
   A("ethnic rebel groups", "group", "MMR", "MMRREB", "ethnic rebel groups")],
  [("Myanmar", "ethnic rebel groups", "accuse", "ACCUSE", "asserted")])
s("h4054", "The International Atomic Energy Agency criticised Iran for failing to cooperate with its inspectors.",
  [A("International Atomic Energy Agency", "organization", None, "IGOUNOIAE", "International Atomic Energy Agency"),
   A("Iran", "country", "IRN", "IRN", "Iran")],
  [("International Atomic Energy Agency", "Iran", "criticize", "ACCUSE", "asserted")])
s("h4055", "The UN General Assembly adopted a resolution condemning Russia's annexation of four Ukrainian regions.",
  [A("United Nations", "organization", None, "IGOUNO", "UN General Assembly"),
   A("Russia", "country", "RUS", "RUS", "Russia"),
   A("Ukraine", "country", "UKR", "UKR", "Ukrainian")],
  [("United Nations", "Russia", "criticize", "ACCUSE", "asserted"),
   ("Russia", "Ukraine", "occupy", "COERCE", "asserted")])
s("h4056", "Belarus was accused by Poland of orchestrating a migrant crisis on the border.",
  [A("Belarus", "country", "BLR", "BLR", "Belarus"),
   A("Poland", "country", "POL", "POL", "Poland")],
  [("Poland", "Belarus", "accuse", "ACCUSE", "asserted")])
s("h4057", "The Russian foreign ministry condemned the decision as a hostile step.",
  [A("Russia", "country", "RUS", "RUSGOV", "Russian foreign ministry")],
  [("Russia", None, "criticize", "ACCUSE", "asserted")])
s("h4058", "Serbia's president rebuked the Kosovo government for sending police into northern Kosovo.",
  [A("Serbia", "country", "SRB", "SRBGOV", "Serbia"),
   A("Kosovo", "country", "XKX", "XKXGOV", "Kosovo")],
  [("Serbia", "Kosovo", "criticize", "ACCUSE", "asserted")])

# ---------------------------------------------------------------- threats, demands, appeals
s("h4059", "North Korea threatened to launch a nuclear strike on the United States if Washington deployed more strategic weapons to the region.",
  [A("North Korea", "country", "PRK", "PRK", "North Korea"),
   A("United States", "country", "USA", "USA", "United States", "Washington")],
  [("North Korea", "United States", "threaten", "THREATEN", "asserted")])
s("h4060", "Russia warned Finland that it would take countermeasures if NATO troops were stationed on its border.",
  [A("Russia", "country", "RUS", "RUS", "Russia"),
   A("Finland", "country", "FIN", "FIN", "Finland")],
  [("Russia", "Finland", "warn", "THREATEN", "asserted")])
s("h4061", "Niger's junta ordered French troops to leave the country within a month.",
  [A("Niger", "country", "NER", "NERMIL", "Niger"),
   A("France", "country", "FRA", "FRAMIL", "French troops")],
  [("Niger", "France", "demand", "REQUEST", "asserted")])
s("h4062", "Ukraine called on Germany to speed up deliveries of Taurus cruise missiles.",
  [A("Ukraine", "country", "UKR", "UKR", "Ukraine"),
   A("Germany", "country", "DEU", "DEU", "Germany")],
  [("Ukraine", "Germany", "appeal", "REQUEST", "asserted")])
s("h4063", "Israel's defence minister threatened to expand the ground offensive into Rafah.",
  [A("Israel", "country", "ISR", "ISRGOV", "Israel"),
   A("Rafah", "city", "PSE", "PSE", "Rafah")],
  [("Israel", "Rafah", "threaten", "THREATEN", "asserted")])
s("h4064", "China warned the Philippines against further provocations in the South China Sea.",
  [A("China", "country", "CHN", "CHN", "China"),
   A("Philippines", "country", "PHL", "PHL", "Philippines")],
  [("China", "Philippines", "warn", "THREATEN", "asserted")])
s("h4065", "The European Commission asked Hungary to explain why it had delayed the ratification.",
  [A("European Commission", "organization", None, "IGOEUREEC", "European Commission"),
   A("Hungary", "country", "HUN", "HUN", "Hungary")],
  [("European Commission", "Hungary", "appeal", "REQUEST", "asserted")])
s("h4066", "Protesters in Dhaka demanded the resignation of Prime Minister Sheikh Hasina.",
  [A("protesters", "group", "BGD", "BGDOPP", "Protesters"),
   A("Sheikh Hasina", "person", "BGD", "BGDGOV", "Sheikh Hasina")],
  [("protesters", "Sheikh Hasina", "demand", "REQUEST", "asserted")])
s("h4067", "Lebanon's caretaker prime minister Najib Mikati urged Hezbollah not to drag the country into a war.",
  [A("Najib Mikati", "person", "LBN", "LBNGOV", "Najib Mikati"),
   A("Hezbollah", "group", "LBN", "LBNREB", "Hezbollah")],
  [("Najib Mikati", "Hezbollah", "appeal", "REQUEST", "asserted")])
s("h4068", "The UN Security Council demanded that Israel and Hamas agree to an immediate ceasefire.",
  [A("United Nations", "organization", None, "IGOUNO", "UN Security Council"),
   A("Israel", "country", "ISR", "ISR", "Israel"),
   A("Hamas", "organization", "PSE", "PSEREB", "Hamas")],
  [("United Nations", "Israel", "demand", "REQUEST", "asserted"),
   ("United Nations", "Hamas", "demand", "REQUEST", "asserted")])
s("h4069", "NATO Secretary General Jens Stoltenberg urged member states to send more air defence systems to Ukraine.",
  [A("North Atlantic Treaty Organization", "organization", None, "IGOWSTNAT", "NATO", "member states"),
   A("Jens Stoltenberg", "person", None, "IGOWSTNAT", "Jens Stoltenberg"),
   A("Ukraine", "country", "UKR", "UKR", "Ukraine")],
  [("Jens Stoltenberg", "North Atlantic Treaty Organization", "appeal", "REQUEST", "asserted")])
s("h4070", "ECOWAS leaders threatened military intervention in Niger if the ousted president was not reinstated.",
  [A("ECOWAS", "organization", None, "IGOWAFWAS", "ECOWAS"),
   A("Niger", "country", "NER", "NER", "Niger")],
  [("ECOWAS", "Niger", "threaten", "THREATEN", "asserted")])

# ---------------------------------------------------------------- violence
s("h4071", "Israeli warplanes struck targets in southern Lebanon on Tuesday, killing two Hezbollah fighters.",
  [A("Israel", "country", "ISR", "ISRMIL", "Israeli warplanes"),
   A("Lebanon", "country", "LBN", "LBN", "Lebanon"),
   A("Hezbollah", "group", "LBN", "LBNREB", "Hezbollah")],
  [("Israel", "Lebanon", "attack", "ASSAULT", "asserted"),
   ("Israel", "Hezbollah", "attack", "ASSAULT", "asserted")])
s("h4072", "Houthi rebels fired a ballistic missile at a US destroyer in the Red Sea.",
  [A("Houthis", "group", "YEM", "YEMREB", "Houthi rebels"),
   A("United States", "country", "USA", "USAMIL", "US")],
  [("Houthis", "United States", "attack", "ASSAULT", "asserted")])
s("h4073", "Sudan's paramilitary Rapid Support Forces attacked the city of El Fasher in North Darfur.",
  [A("Rapid Support Forces", "group", "SDN", "SDNMIL", "Rapid Support Forces"),
   A("El Fasher", "city", "SDN", "SDN", "El Fasher")],
  [("Rapid Support Forces", "El Fasher", "attack", "ASSAULT", "asserted")])
s("h4074", "Gunmen kidnapped more than 200 pupils from a school in northern Nigeria's Kaduna state.",
  [A("gunmen", "group", "NGA", "NGAREB", "Gunmen"),
   A("Nigeria", "country", "NGA", "NGA", "Nigeria")],
  [("gunmen", "Nigeria", "abduct", "ASSAULT", "asserted")])
s("h4075", "Al-Shabaab militants stormed a hotel in Mogadishu, killing at least nine people.",
  [A("al-Shabaab", "group", "SOM", "SOMREB", "Al-Shabaab militants"),
   A("Mogadishu", "city", "SOM", "SOM", "Mogadishu")],
  [("al-Shabaab", "Mogadishu", "attack", "ASSAULT", "asserted")])
s("h4076", "Russian troops captured the village of Robotyne in the Zaporizhzhia region, the Russian defence ministry said.",
  [A("Russia", "country", "RUS", "RUSMIL", "Russian troops", "Russian defence ministry"),
   A("Robotyne", "place", "UKR", "UKR", "Robotyne")],
  [("Russia", "Robotyne", "occupy", "COERCE", "asserted")])
s("h4077", "Pakistani security forces killed six militants in a raid in North Waziristan, the army said.",
  [A("Pakistan", "country", "PAK", "PAKMIL", "Pakistani security forces"),
   A("militants", "group", "PAK", "PAKREB", "militants")],
  [("Pakistan", "militants", "attack", "ASSAULT", "asserted")])
s("h4078", "A Ukrainian drone attack set fire to an oil depot in Russia's Bryansk region.",
  [A("Ukraine", "country", "UKR", "UKRMIL", "Ukrainian"),
   A("Russia", "country", "RUS", "RUS", "Russia")],
  [("Ukraine", "Russia", "attack", "ASSAULT", "asserted")])
s("h4079", "Indian and Chinese soldiers clashed along their disputed border in the Tawang sector.",
  [A("India", "country", "IND", "INDMIL", "Indian"),
   A("China", "country", "CHN", "CHNMIL", "Chinese soldiers")],
  [("India", "China", "fight", "ASSAULT", "asserted")])
s("h4080", "Turkish drones hit Kurdish militant positions in northern Iraq and Syria.",
  [A("Turkey", "country", "TUR", "TURMIL", "Turkish drones"),
   A("Iraq", "country", "IRQ", "IRQ", "Iraq"),
   A("Syria", "country", "SYR", "SYR", "Syria")],
  [("Turkey", "Iraq", "attack", "ASSAULT", "asserted"),
   ("Turkey", "Syria", "attack", "ASSAULT", "asserted")])
s("h4081", "Kyiv was attacked by dozens of Russian drones overnight.",
  [A("Kyiv", "city", "UKR", "UKR", "Kyiv"),
   A("Russia", "country", "RUS", "RUSMIL", "Russian drones")],
  [("Russia", "Kyiv", "attack", "ASSAULT", "asserted")])
s("h4082", "Police arrested the opposition leader Ousmane Sonko in Dakar on Friday.",
  [A("police", "group", "SEN", "SENCOP", "Police"),
   A("Ousmane Sonko", "person", "SEN", "SENOPP", "Ousmane Sonko")],
  [("police", "Ousmane Sonko", "arrest", "COERCE", "asserted")])
s("h4083", "Security forces opened fire on protesters in the Iranian city of Zahedan.",
  [A("security forces", "group", "IRN", "IRNCOP", "Security forces"),
   A("protesters", "group", "IRN", "IRNOPP", "protesters")],
  [("security forces", "protesters", "attack", "ASSAULT", "asserted")])
s("h4084", "According to Syrian state media, Israeli missiles struck the airport in Aleppo.",
  [A("Israel", "country", "ISR", "ISRMIL", "Israeli missiles"),
   A("Aleppo", "city", "SYR", "SYR", "Aleppo")],
  [("Israel", "Aleppo", "attack", "ASSAULT", "reported")])
s("h4085", "Rebels of the M23 movement seized the mining town of Rubaya in eastern Congo.",
  [A("M23", "group", "COD", "CODREB", "M23"),
   A("Rubaya", "place", "COD", "COD", "Rubaya")],
  [("M23", "Rubaya", "occupy", "COERCE", "asserted")])
s("h4086", "Hezbollah fired rockets at northern Israel and claimed responsibility for a drone attack on an army base.",
  [A("Hezbollah", "group", "LBN", "LBNREB", "Hezbollah"),
   A("Israel", "country", "ISR", "ISR", "Israel")],
  [("Hezbollah", "Israel", "attack", "ASSAULT", "asserted")])
s("h4087", "The Israeli military said it had killed a senior Hamas commander in an air strike in Gaza City.",
  [A("Israel", "country", "ISR", "ISRMIL", "Israeli military"),
   A("Hamas", "organization", "PSE", "PSEREB", "Hamas")],
  [("Israel", "Hamas", "attack", "ASSAULT", "asserted")])
s("h4088", "Colombia's ELN guerrillas attacked a military base in Arauca, killing two soldiers.",
  [A("ELN", "group", "COL", "COLREB", "ELN"),
   A("Arauca", "admin1", "COL", "COL", "Arauca")],
  [("ELN", "Arauca", "attack", "ASSAULT", "asserted")])

# ---------------------------------------------------------------- sanctions and coercion
s("h4089", "The European Union imposed new sanctions on Belarus over its role in the war.",
  [A("European Union", "organization", None, "IGOEUREEC", "European Union"),
   A("Belarus", "country", "BLR", "BLR", "Belarus")],
  [("European Union", "Belarus", "sanction", "SANCTION", "asserted")])
s("h4090", "Britain expelled a Russian defence attache accused of spying.",
  [A("United Kingdom", "country", "GBR", "GBR", "Britain"),
   A("Russia", "country", "RUS", "RUSGOV", "Russian")],
  [("United Kingdom", "Russia", "expel", "SANCTION", "asserted")])
s("h4091", "Canada froze the assets of 20 Russian oligarchs and their relatives.",
  [A("Canada", "country", "CAN", "CAN", "Canada"),
   A("Russia", "country", "RUS", "RUSBUS", "Russian oligarchs")],
  [("Canada", "Russia", "sanction", "SANCTION", "asserted")])
s("h4092", "China banned imports of Japanese seafood after the release of treated water from the Fukushima plant.",
  [A("China", "country", "CHN", "CHN", "China"),
   A("Japan", "country", "JPN", "JPN", "Japanese")],
  [("China", "Japan", "ban", "SANCTION", "asserted")])
s("h4093", "Niger's military government suspended cooperation with the European Union.",
  [A("Niger", "country", "NER", "NERMIL", "Niger"),
   A("European Union", "organization", None, "IGOEUREEC", "European Union")],
  [("Niger", "European Union", "sanction", "SANCTION", "asserted")])
s("h4094", "The US Treasury blacklisted two Chinese companies for helping Iran build drones.",
  [A("United States", "country", "USA", "USAGOV", "US Treasury"),
   A("China", "country", "CHN", "CHNBUS", "Chinese companies")],
  [("United States", "China", "sanction", "SANCTION", "asserted")])
s("h4095", "The African Union suspended Gabon after soldiers seized power in the capital.",
  [A("African Union", "organization", None, "IGOAFRAFU", "African Union"),
   A("Gabon", "country", "GAB", "GAB", "Gabon")],
  [("African Union", "Gabon", "sanction", "SANCTION", "asserted")])
s("h4096", "Venezuelan authorities arrested two opposition activists and expelled a Spanish journalist.",
  [A("Venezuela", "country", "VEN", "VENGOV", "Venezuelan authorities"),
   A("Spain", "country", "ESP", "ESPMED", "Spanish journalist")],
  [("Venezuela", "Spain", "expel", "SANCTION", "asserted")])
s("h4097", "Hamas released two American hostages on Friday, and Israel freed 39 Palestinian prisoners.",
  [A("Hamas", "organization", "PSE", "PSEREB", "Hamas"),
   A("United States", "country", "USA", "USA", "American hostages"),
   A("Israel", "country", "ISR", "ISR", "Israel"),
   A("Palestine", "country", "PSE", "PSE", "Palestinian prisoners")],
  [("Hamas", "United States", "release", "RETREAT", "asserted"),
   ("Israel", "Palestine", "release", "RETREAT", "asserted")])

# ---------------------------------------------------------------- protest
s("h4098", "Thousands of farmers blocked roads across France to protest against falling incomes.",
  [A("farmers", "group", "FRA", "FRAAGR", "farmers")],
  [("farmers", None, "protest", "PROTEST", "asserted")])
s("h4099", "Students in Nairobi staged a sit-in against the new finance bill.",
  [A("students", "group", "KEN", "KENEDU", "Students")],
  [("students", None, "protest", "PROTEST", "asserted")])
s("h4100", "Opposition supporters in Caracas marched against President Nicolas Maduro.",
  [A("opposition supporters", "group", "VEN", "VENOPP", "Opposition supporters"),
   A("Nicolas Maduro", "person", "VEN", "VENGOV", "Nicolas Maduro")],
  [("opposition supporters", "Nicolas Maduro", "protest", "PROTEST", "asserted")])
s("h4101", "Palestinian prisoners in Israeli jails began a hunger strike on Monday.",
  [A("Palestine", "country", "PSE", "PSE", "Palestinian prisoners")],
  [("Palestine", None, "protest", "PROTEST", "asserted")])

# ---------------------------------------------------------------- negation, refusal, rejection
s("h4102", "Brazil has not condemned Russia's invasion of Ukraine.",
  [A("Brazil", "country", "BRA", "BRA", "Brazil"),
   A("Russia", "country", "RUS", "RUS", "Russia"),
   A("Ukraine", "country", "UKR", "UKR", "Ukraine")],
  [("Brazil", "Russia", "criticize", "ACCUSE", "negated"),
   ("Russia", "Ukraine", "invade", "ASSAULT", "asserted")])
s("h4103", "Mexico refused to extradite the former governor to the United States.",
  [A("Mexico", "country", "MEX", "MEX", "Mexico"),
   A("United States", "country", "USA", "USA", "United States")],
  [("Mexico", "United States", "reject", "REJECT", "asserted")])
s("h4104", "Hungarian Prime Minister Viktor Orban did not attend the meeting of EU leaders in Brussels.",
  [A("Viktor Orban", "person", "HUN", "HUNGOV", "Viktor Orban"),
   A("European Union", "organization", None, "IGOEUREEC", "EU")],
  [("Viktor Orban", "European Union", "visit", "CONSULT", "negated")])
s("h4105", "Hamas has rejected the latest Israeli proposal, sources close to the talks said.",
  [A("Hamas", "organization", "PSE", "PSEREB", "Hamas"),
   A("Israel", "country", "ISR", "ISR", "Israeli")],
  [("Hamas", "Israel", "reject", "REJECT", "reported")])
s("h4106", "Macron said France would not send ground troops to Ukraine.",
  [A("Emmanuel Macron", "person", "FRA", "FRAGOV", "Macron"),
   A("France", "country", "FRA", "FRA", "France"),
   A("Ukraine", "country", "UKR", "UKR", "Ukraine")],
  [("France", "Ukraine", "mobilize", "MOBILIZE", "negated")])
s("h4107", "The Chinese ambassador was summoned by Lithuania's foreign ministry on Thursday.",
  [A("China", "country", "CHN", "CHNGOV", "Chinese ambassador"),
   A("Lithuania", "country", "LTU", "LTUGOV", "Lithuania")],
  [("Lithuania", "China", "complain", "ACCUSE", "asserted")])
s("h4108", "Russia recalled its ambassador from Moldova after the expulsion of a Russian diplomat.",
  [A("Russia", "country", "RUS", "RUS", "Russia"),
   A("Moldova", "country", "MDA", "MDA", "Moldova")],
  [("Russia", "Moldova", "sanction", "SANCTION", "asserted")])
s("h4109", "Moscow banned entry to 500 American citizens, including former President Barack Obama.",
  [A("Russia", "country", "RUS", "RUSGOV", "Moscow"),
   A("United States", "country", "USA", "USA", "American citizens"),
   A("Barack Obama", "person", "USA", "USAELI", "Barack Obama")],
  [("Russia", "United States", "ban", "COERCE", "asserted")])

# ---------------------------------------------------------------- no stance
s("h4110", "Oil prices rose on Monday after OPEC announced further output cuts.")
s("h4111", "The meeting between the two ministers lasted more than three hours.")
s("h4112", "Turkey's central bank raised its main interest rate to 50 percent.")
s("h4113", "The United Nations estimates that more than 8 million people have fled their homes in Sudan since April.")
s("h4114", "Voters in Portugal go to the polls on Sunday in a snap parliamentary election.")
s("h4115", "Russia's economy grew by 3.6 percent last year despite Western sanctions.")
s("h4116", "The Indian and Pakistani cricket teams will meet in the final in Colombo on Sunday.")
s("h4117", "The Japanese yen weakened sharply against the US dollar on Tuesday.")


def find(text, mention, after):
    want = 1
    if "#" in mention:
        mention, n = mention.rsplit("#", 1)
        want = int(n)
    pos = after
    for _ in range(want):
        i = text.find(mention, pos)
        if i < 0:
            sys.exit("mention %r not found in %r" % (mention, text))
        pos = i + len(mention)
    return i


def main():
    ids = set()
    for id, text, actors, stances in S:
        assert id not in ids, id
        ids.add(id)
        raw = text.encode("utf-8")
        out_actors, out_locs, byname = [], [], {}
        for name, kind, country, code, mentions in actors:
            ms, after = [], 0
            for m in mentions:
                c = find(text, m, after)
                after = c + len(m)
                b = len(text[:c].encode("utf-8"))
                ms.append({"start": b, "end": b + len(m.encode("utf-8")), "text": m})
            # places are actors in the gold when they are acted upon as a party; the
            # eval matches items by overlapping mentions whatever list they are in
            a = {"id": "a%d" % (len(out_actors) + 1), "name": name,
                 "kind": kind if kind in ("person", "country", "organization", "group") else "country",
                 "mentions": ms}
            if country:
                a["country"] = country
            a["code"] = code
            out_actors.append(a)
            byname[name] = a["id"]
        st = []
        for src, tgt, typ, plover, mod in stances:
            st.append({"source": byname[src], "target": byname[tgt] if tgt else None, "type": typ,
                       "plover": plover, "modality": mod})
        print(json.dumps({"id": id, "text": text, "actors": out_actors, "locations": out_locs,
                          "stances": st}, ensure_ascii=False))


main()
