-- Stance rules: verbs (active, passive, coordination, control verbs, targets).
-- Sentences written for these tests. Run: polis test tests/rules
local t = require "polis.test"

-- The country of a stance's source or target (actor or location).
local function country(r, id)
  local it = t.item(r, id)
  return it and (it.country or (it.code and it.code:sub(1, 3)))
end

-- A stance from country a to country b with these fields.
local function by_country(r, a, b, spec)
  for _, s in ipairs(r.stances or {}) do
    if country(r, s.source) == a and country(r, s.target) == b then
      local ok = true
      for k, v in pairs(spec or {}) do if s[k] ~= v then ok = false end end
      if ok then return s end
    end
  end
  t.fail("no stance " .. a .. " -> " .. b, 2)
end

local function one(text, spec)
  local r = t.analyze(text)
  return t.stance(r, spec), r
end

t.case("active with auxiliary and adverb", function ()
  one("America has openly condemned Russia for its conduct.",
      { source = "America", target = "Russia", type = "criticize", cameo = "111", plover = "ACCUSE",
        polarity = -1, modality = "asserted" })
end)

t.case("passive with agent: direction swapped", function ()
  one("Russia was condemned by the United States on Tuesday.",
      { source = "United States", target = "Russia", type = "criticize", polarity = -1 })
end)

t.case("passive without agent: no stance", function ()
  local r = t.analyze("Russia was condemned in a resolution on Tuesday.")
  t.no_stance(r, { source = "Russia" })
end)

t.case("every inflection of the lexicon", function ()
  for _, text in ipairs {
    "France condemns Russia.", "France condemned Russia.", "France is condemning Russia.",
    "France will condemn Russia.",
  } do
    one(text, { source = "France", target = "Russia", type = "criticize" })
  end
end)

t.case("visit: the target is a place", function ()
  local s = one("Chinese Foreign Minister Wang Yi is visiting Russia this week.",
                { source = "Wang Yi", target = "Russia", type = "visit", cameo = "042", plover = "CONSULT" })
  t.truthy(s.location, "location")
end)

t.case("meet in a third country is CAMEO 044", function ()
  one("Angela Merkel met Vladimir Putin in Finland on Monday.",
      { source = "Angela Merkel", target = "Vladimir Putin", type = "meet", cameo = "044" })
end)

t.case("meet at home stays 040", function ()
  one("Vladimir Putin met Angela Merkel in Moscow on Monday.",
      { source = "Vladimir Putin", target = "Angela Merkel", type = "meet", cameo = "040" })
end)

t.case("phrase with its preposition: held talks with", function ()
  one("Japan held talks with South Korea about fishing rights.",
      { source = "Japan", target = "South Korea", type = "meet" })
end)

t.case("frame: discuss takes its target after with, not the topic", function ()
  local r = t.analyze("Germany will discuss the Ukraine war with Poland next week.")
  t.stance(r, { source = "Germany", target = "Poland", type = "consult", modality = "future" })
  t.no_stance(r, { source = "Germany", target = "Ukraine" })
end)

t.case("head of a possessive noun phrase is the target", function ()
  one("Japan praised US President Joe Biden's adviser Jake Sullivan.",
      { source = "Japan", target = "Jake Sullivan", type = "praise" })
  one("Japan praised US President Joe Biden's national security adviser Jake Sullivan.",
      { source = "Japan", target = "Jake Sullivan", type = "praise" })
end)

t.case("coordinated subjects: one stance each", function ()
  local r = t.analyze("Russia and China condemned Japan.")
  t.stance(r, { source = "Russia", target = "Japan", type = "criticize" })
  t.stance(r, { source = "China", target = "Japan", type = "criticize" })
  t.eq(#r.stances, 2, "stances")
end)

t.case("coordinated targets: one stance each", function ()
  local r = t.analyze("Canada sanctioned Iran and Syria.")
  t.stance(r, { source = "Canada", target = "Iran", type = "sanction", plover = "SANCTION" })
  t.stance(r, { source = "Canada", target = "Syria", type = "sanction" })
end)

t.case("a reciprocal verb with two subjects: one stance, no cross product", function ()
  local r = t.analyze("India and Pakistan met in Geneva.")
  t.stance(r, { source = "India", target = "Pakistan", type = "meet" })
  t.no_stance(r, { source = "Pakistan", target = "India" })
end)

t.case("three subjects of a reciprocal verb: the pairs, once each", function ()
  local r = t.analyze("Brazil, Argentina and Chile signed an agreement with each other.")
  t.eq(#r.stances <= 3, true, "at most three pairs")
end)

t.case("apposition between subject and verb", function ()
  one("Sergei Lavrov, Russia's foreign minister, criticized Germany.",
      { source = "Sergei Lavrov", target = "Germany", type = "criticize" })
end)

t.case("time expression between subject and verb", function ()
  one("Turkey on Monday accused Greece of violating its airspace.",
      { source = "Turkey", target = "Greece", type = "accuse", cameo = "112" })
end)

t.case("demonym subject with an agent noun", function ()
  local r = t.analyze("Israeli troops shelled Lebanon overnight.")
  by_country(r, "ISR", "LBN", { type = "attack", plover = "ASSAULT" })
  r = t.analyze("The Chinese foreign minister also held meetings with Jake Sullivan.")
  by_country(r, "CHN", "USA", { type = "meet" })
end)

t.case("demonym target", function ()
  one("Egypt arrested three Sudanese fishermen.",
      { source = "Egypt", target = "Sudan", type = "arrest", plover = "COERCE" })
end)

t.case("control verb: threatened to attack is a threat", function ()
  one("North Korea threatened to attack South Korea.",
      { source = "North Korea", target = "South Korea", type = "threaten", cameo = "138", plover = "THREATEN" })
end)

t.case("control verb: urged X to hold talks is an appeal to X", function ()
  one("France urged Iran to resume talks with the IAEA.",
      { source = "France", target = "Iran", type = "appeal", plover = "REQUEST" })
end)

t.case("control verb: agreed to meet is an intent (AGREE)", function ()
  one("Serbia agreed to meet Kosovo in Brussels.",
      { source = "Serbia", target = "Kosovo", type = "agree", cameo = "036", plover = "AGREE" })
end)

t.case("control verb: refused to meet is a rejection", function ()
  one("Armenia refused to meet Azerbaijan.",
      { source = "Armenia", target = "Azerbaijan", type = "reject", cameo = "125", plover = "REJECT" })
end)

t.case("refrained from criticizing: the criticism, negated", function ()
  one("India refrained from criticizing Russia.",
      { source = "India", target = "Russia", type = "criticize", negated = true, modality = "negated" })
end)

t.case("warned that: the subject and the agent of the clause", function ()
  local r = t.analyze("The US warned that Iranian drones might be used by Russia in Ukraine.")
  t.stance(r, { source = "US", target = "Iran", type = "warn", polarity = -1 })
  t.stance(r, { source = "US", target = "Russia", type = "warn", polarity = -1 })
end)

t.case("said it would: the speaker is the source", function ()
  one("Russia said it would retaliate against Britain.",
      { source = "Russia", target = "Britain", type = "attack" })
end)

t.case("verb coordinated with an earlier one shares its subject", function ()
  local r = t.analyze("Wang Yi met Sergei Lavrov and is expected to discuss trade with Vladimir Putin.")
  t.stance(r, { source = "Wang Yi", target = "Sergei Lavrov", type = "meet" })
  t.stance(r, { source = "Wang Yi", target = "Vladimir Putin", type = "consult", modality = "future" })
  t.no_stance(r, { source = "Sergei Lavrov", target = "Vladimir Putin" })
end)

t.case("attended an event in a place: a visit to that place", function ()
  one("Sergei Shoigu attended a military parade in Pyongyang in July.",
      { source = "Sergei Shoigu", target = "Pyongyang", type = "visit" })
end)

t.case("no stance without a stance verb", function ()
  local r = t.analyze("Russia and China are large countries with long borders.")
  t.eq(#(r.stances or {}), 0, "stances")
end)

t.case("a noun after a determiner is not a verb", function ()
  local r = t.analyze("France said the meeting in Berlin had been useful.")
  t.eq(#(r.stances or {}), 0, "stances")
end)

t.case("stances carry intensity from the Goldstein scale", function ()
  local s = one("Japan criticized China.", { source = "Japan", target = "China" })
  t.eq(s.intensity, -2, "intensity")
end)

t.case("relative clause: the antecedent is the subject of both verbs", function ()
  local r = t.analyze("Russia, which invaded Ukraine in 2022, condemned Britain on Monday.")
  t.stance(r, { source = "Russia", target = "Ukraine", type = "invade" })
  t.stance(r, { source = "Russia", target = "Britain", type = "criticize" })
  t.no_stance(r, { source = "Ukraine" })
end)

t.case("a speaker after a comma is not a second target", function ()
  local r = t.analyze("Israel will never negotiate with Hamas, Benjamin Netanyahu said.")
  t.stance(r, { source = "Israel", target = "Hamas", type = "negotiate", negated = true })
  t.no_stance(r, { target = "Benjamin Netanyahu" })
end)

t.case("passive with the agent after a complement", function ()
  local r = t.analyze("China has been accused of supplying weapons to Russia by the United States.")
  t.stance(r, { source = "United States", target = "China", type = "accuse" })
end)

t.case("second verb after an object with a complement shares the subject", function ()
  local r = t.analyze("Erdogan accused Israel of genocide and recalled Turkey's ambassador from Tel Aviv.")
  t.stance(r, { source = "Erdogan", target = "Israel", type = "accuse" })
  t.stance(r, { source = "Erdogan", target = "Tel Aviv", type = "sanction", cameo = "161" })
end)

t.case("light verbs: what is held decides", function ()
  local r = t.analyze("Egypt and Ethiopia held a new round of talks on the Nile dam.")
  t.stance(r, { source = "Egypt", target = "Ethiopia", type = "meet" })
  r = t.analyze("Egypt held a ceremony on Monday.")
  t.eq(#(r.stances or {}), 0, "a ceremony is no stance")
end)

t.case("transfer verbs: what is sent decides", function ()
  local r = t.analyze("Poland is sending tanks to Ukraine.")
  t.stance(r, { source = "Poland", target = "Ukraine", type = "aid", cameo = "072", plover = "AID" })
  r = t.analyze("Poland sent a letter to Ukraine.")
  t.eq(#(r.stances or {}), 0, "a letter is no stance")
end)

t.case("order is a demand only with its infinitive", function ()
  local r = t.analyze("India ordered 30 Airbus jets last year.")
  t.eq(#(r.stances or {}), 0, "an order for jets")
  r = t.analyze("Niger ordered the French ambassador to leave the country.")
  t.stance(r, { source = "Niger", type = "demand", plover = "REQUEST" })
end)

t.case("a stance on a topic: no target, the topic named", function ()
  local s = one("The Russian Foreign Ministry condemned the meeting.",
                { source = "Russian Foreign Ministry", type = "criticize", modality = "asserted" })
  t.eq(s.target, nil, "no target")
  t.eq(s.topic, "the meeting", "topic")
  s = one("France did not criticise the plan to send troops.", { source = "France", type = "criticize" })
  t.eq(s.modality, "negated", "negated")
  t.eq(s.topic, "the plan to send troops", "topic")
end)

t.case("a topic never replaces a target the sentence names", function ()
  local r = t.analyze("China's foreign ministry said it firmly opposes the US arms sale to Taiwan.")
  for _, s in ipairs(r.stances or {}) do t.truthy(s.target ~= nil, "a target for every stance") end
  r = t.analyze("The World Bank approved a loan to Pakistan.")
  t.stance(r, { source = "World Bank", target = "Pakistan", type = "aid" })
  t.count(r.stances, 1, "stances")
end)

t.case("the object of a verb is no one's act by the subject", function ()
  -- "The EU condemned the attack on Kyiv" is no attack by the EU
  local r = t.analyze("The European Union condemned the attack on Kyiv.")
  t.no_stance(r, { type = "attack" })
  local s = t.stance(r, { source = "European Union", type = "criticize" })
  t.eq(s.topic, "the attack on Kyiv", "topic")
  t.eq(s.location, nil, "the topic's place is not where the EU spoke")
  -- a support verb keeps its subject the agent
  t.stance(t.analyze("Russia launched an attack on Kyiv."), { source = "Russia", target = "Kyiv", type = "attack" })
end)

t.case("tariffs are sanctions; a warship sent is a show of force", function ()
  t.stance(t.analyze("President Joe Biden may impose new tariffs on Chinese electric vehicles."),
           { source = "Joe Biden", type = "sanction", modality = "hypothetical" })
  t.stance(t.analyze("The Pentagon will send an aircraft carrier to the Gulf."),
           { source = "Pentagon", type = "mobilize", cameo = "154" })
end)

t.case("the object of an infinitive is no subject: 'X's bid to join Y was approved'", function ()
  local r = t.analyze("Sweden's bid to join NATO was approved by Turkey's parliament.")
  t.stance(r, { target = "Sweden", type = "support" })
  t.no_stance(r, { target = "NATO" })
end)

t.case("an appeal for a thing: 'called for an immediate ceasefire'", function ()
  local s = one("Pope Francis called for an immediate ceasefire in Gaza.", { type = "appeal" })
  t.eq(s.topic, "an immediate ceasefire", "topic")
  t.eq(s.target, nil, "no target")
end)

t.case("a conversation by phone is CAMEO 041", function ()
  one("Joe Biden spoke with Benjamin Netanyahu by phone on Sunday.",
      { source = "Joe Biden", target = "Benjamin Netanyahu", type = "phone", cameo = "041" })
end)

t.case("troops withdrawn from a place; a protest against a thing", function ()
  one("Russia withdrew its troops from the Kherson region in November.",
      { source = "Russia", type = "withdraw", plover = "RETREAT" })
  local s = one("France protested against the new tax.", { source = "France", type = "protest" })
  t.eq(s.topic, "the new tax", "topic")
end)

t.case("a control verb and the act its noun names: 'threatened military intervention in X'", function ()
  one("ECOWAS threatened military intervention in Niger.",
      { source = "Economic Community of West African States", target = "Niger", type = "threaten",
        cameo = "138" })
  one("Ukraine demanded new sanctions against Russia.",
      { source = "Ukraine", target = "Russia", type = "demand" })
end)

t.case("resume and open as light verbs: the noun decides", function ()
  one("Pakistan may resume talks with India if the ceasefire holds.",
      { source = "Pakistan", target = "India", type = "meet", modality = "hypothetical" })
  one("Iran will open negotiations with the IAEA.", { source = "Iran", type = "negotiate", modality = "future" })
end)

t.case("a visit 'for talks with X' is a meeting with X too", function ()
  local r = t.analyze("Indian Prime Minister Narendra Modi will travel to Washington next month " ..
                      "for talks with President Joe Biden.")
  t.stance(r, { source = "Narendra Modi", type = "visit", modality = "future" })
  t.stance(r, { source = "Narendra Modi", target = "Joe Biden", type = "meet", modality = "future" })
end)

t.case("'met X in A and Y in B': two targets, each in its place", function ()
  local r = t.analyze("US Secretary of State Antony Blinken met Saudi Crown Prince Mohammed bin Salman " ..
                      "in Riyadh and Egyptian President Abdel Fattah al-Sisi in Cairo.")
  local a = t.stance(r, { source = "Antony Blinken", target = "Mohammed bin Salman", type = "meet" })
  local b = t.stance(r, { source = "Antony Blinken", target = "Abdel Fattah el-Sisi", type = "meet" })
  t.eq(t.item(r, a.location).name, "Riyadh", "first place")
  t.eq(t.item(r, b.location).name, "Cairo", "second place")
  -- a place joined to a place stays one place
  r = t.analyze("Antony Blinken met Mohammed bin Salman in Riyadh and Jeddah.")
  t.count(r.stances, 1, "one meeting")
end)

t.case("a participle used as an adjective is no verb", function ()
  local r = t.analyze("Simon Taylor returns for injured flanker Jason White.")
  t.count(r.stances, 0, "stances")
  one("Israeli troops killed three Palestinians in Gaza.", { type = "attack" })
end)

t.case("launch: what is launched decides", function ()
  one("Hamas launched rockets at Israel.", { source = "Hamas", target = "Israel", type = "attack", cameo = "195" })
  local r = t.analyze("Andy Roddick launches his defence of the title on Wednesday against qualifier Paul Goldstein.")
  t.count(r.stances, 0, "a title defence is no attack")
end)

t.case("coordinated subjects before a base form; what is demanded is hypothetical", function ()
  one("India and Australia sign a trade pact.", { source = "India", target = "Australia", type = "sign" })
  one("India and Australia meet in Delhi.", { source = "India", target = "Australia", type = "meet" })
  local r = t.analyze("The UN Security Council demanded that Israel and Hamas agree to an immediate ceasefire.")
  t.stance(r, { source = "Israel", target = "Hamas", type = "agree", modality = "hypothetical" })
end)

t.case("a role phrase naming two people is both subjects: 'the two leaders agreed'", function ()
  local r = t.analyze("Narendra Modi hosted Anthony Albanese in New Delhi on Friday. " ..
                      "The two leaders agreed to deepen cooperation on defence.")
  t.stance(r, { source = "Narendra Modi", target = "Anthony Albanese", type = "agree" })
end)

t.case("protests against the government target the country; topics end before their time", function ()
  one("Thousands of protesters rallied against the government in Tbilisi.",
      { type = "protest", target = "Georgia" })
  local s = one("Opposition leader Jan Novak criticised the government on Monday.", { type = "criticize" })
  t.eq(s.topic, "the government", "topic")
end)

t.case("a group right after a transfer verb is what is sent, not where", function ()
  one("Kenya sent police officers to Haiti.", { source = "Kenya", target = "Haiti", type = "mobilize" })
end)

t.case("'provide X with Y': Y decides the kind of aid", function ()
  one("Germany will provide Ukraine with additional Patriot systems.",
      { source = "Germany", target = "Ukraine", type = "aid", cameo = "072", modality = "future" })
  one("The US supplied Israel with bombs.", { target = "Israel", type = "aid", cameo = "072" })
end)

t.case("a group named in the singular: 'executed a protester'", function ()
  local r = t.analyze("Security forces in Iran executed a protester convicted of killing a guard.")
  t.stance(r, { source = "security forces", target = "protesters", type = "kill" })
end)

t.case("an attack with missiles or drones is an aerial attack, 195", function ()
  one("Russia fired 40 missiles at Kyiv overnight.", { source = "Russia", target = "Kyiv", cameo = "195" })
  one("Kenyan police fired tear gas at protesters in Nairobi.", { type = "attack", cameo = "190" })
end)

t.case("the target is the person a possessive and a lower-case role lead to", function ()
  one("Ghana's foreign minister Shirley Botchwey met Nigeria's finance minister Wale Edun.",
      { source = "Shirley Botchwey", target = "Wale Edun", type = "meet", cameo = "040" })
  one("Britain's trade envoy Tom Hill praised Kenya's agriculture minister Mithika Linturi.",
      { source = "Tom Hill", target = "Mithika Linturi", type = "praise" })
end)

t.case("have talks, discussions, a meeting or a phone call with", function ()
  one("Indian Prime Minister Narendra Modi had discussions with French President Emmanuel Macron.",
      { source = "Narendra Modi", target = "Emmanuel Macron", type = "meet", cameo = "040" })
  one("China has had talks with Russia on trade.", { source = "China", target = "Russia", cameo = "040" })
  one("US President Joe Biden had a phone call with Ukrainian President Volodymyr Zelensky.",
      { source = "Joe Biden", target = "Volodymyr Zelensky", type = "phone", cameo = "041" })
  local r = t.analyze("Russia had condemned Ukraine before the meeting.")
  t.stance(r, { source = "Russia", target = "Ukraine", type = "criticize" })
  t.no_stance(r, { type = "meet" })
end)

t.case("voted to, and sanctions extended, tightened or renewed", function ()
  one("The United Nations Security Council voted to extend sanctions on Mali.",
      { target = "Mali", type = "sanction", cameo = "163", modality = "asserted" })
  one("The EU tightened sanctions on Belarus.", { source = "EU", target = "Belarus", cameo = "163" })
end)

t.case("the party a request or offer comes from", function ()
  one("Israeli Prime Minister Benjamin Netanyahu rejected calls from Egypt for a ceasefire.",
      { source = "Benjamin Netanyahu", target = "Egypt", type = "reject" })
  one("Sudan welcomed an offer from Qatar to mediate.", { source = "Sudan", target = "Qatar" })
  one("France received a delegation from Mali.", { source = "France", target = "Mali", type = "host" })
  local r = t.analyze("France received a proposal from Mali.")
  t.no_stance(r, { type = "host" })
end)

t.case("mediators, a border with, and missiles test-fired toward a country", function ()
  one("Egyptian mediators met Hamas officials in Cairo.", { source = "Egypt", target = "Hamas", type = "meet" })
  one("Polish farmers blocked the border with Ukraine.", { source = "Poland", target = "Ukraine" })
  one("North Korea test-fired two missiles toward Japan.",
      { source = "North Korea", target = "Japan", type = "mobilize", cameo = "150" })
  -- a test without a target is no stance
  t.count(t.analyze("North Korea test-fired a ballistic missile on Monday.").stances, 0, "stances")
end)

t.case("the armed forces and the military are groups of their country", function ()
  local s0, r0 = one("Opposition leader Maria Corina Machado called on the armed forces to abandon Maduro.",
                     { source = "Maria Corina Machado", type = "appeal" })
  t.eq(t.item(r0, s0.target).code, "VENMIL", "the armed forces' code")
  local r = t.analyze("In Myanmar the military arrested Aung San Suu Kyi.", { date = "2021-02-01" })
  local s = t.stance(r, { target = "Aung San Suu Kyi" })
  t.eq(t.item(r, s.source).code, "MMRMIL", "the military's code")
end)

t.case("a demonym and a royal title are the country acting", function ()
  one("The Saudi crown prince hosted Ukrainian President Volodymyr Zelensky in Jeddah.",
      { source = "Saudi Arabia", target = "Volodymyr Zelensky", type = "host" })
  one("The Qatari emir met Hamas leaders.", { source = "Qatar", target = "Hamas", type = "meet" })
end)

t.case("he or she: the person the sentence or the one before it is about", function ()
  local r = t.analyze("Indian Prime Minister Narendra Modi arrived in Paris on Monday. " ..
                      "He met French President Emmanuel Macron on Tuesday.", { date = "2025-06-10" })
  t.stance(r, { source = "Narendra Modi", target = "Emmanuel Macron", type = "meet" })
  r = t.analyze("Indonesian President Prabowo Subianto visited Beijing, where he met Xi Jinping.",
                { date = "2025-06-10" })
  t.stance(r, { source = "Prabowo Subianto", target = "Xi Jinping", type = "meet" })
  -- a known person of the other gender is no antecedent; a "he" inside a quotation is
  -- the speaker's, not the text's
  r = t.analyze("Annalena Baerbock arrived in Kyiv. She condemned Russia. He praised China.",
                { date = "2024-06-10" })
  t.stance(r, { source = "Annalena Baerbock", target = "Russia", type = "criticize" })
  t.no_stance(r, { target = "China" })
  r = t.analyze("Trump spoke to reporters. \"He attacked Ukraine,\" Trump said of Putin.")
  t.no_stance(r, { target = "Ukraine" })
end)

t.case("a place is no agent of a passive", function ()
  local r = t.analyze("Striker Tomas Varga has been offered a new contract by the Lombardy club.")
  t.count(r.errors, 0, "errors")
end)

t.case("it: the state or body the sentence or the one before it is about", function ()
  local r = t.analyze("China summoned the Japanese ambassador on Monday. It also accused Japan of provocation.")
  t.stance(r, { source = "China", target = "Japan", type = "accuse" })
  -- a person is no antecedent of "it"
  r = t.analyze("Emmanuel Macron arrived in Rome. It also condemned Russia.", { date = "2024-01-10" })
  t.no_stance(r, { target = "Russia" })
end)

t.case("the government, regime or administration: of the country named before", function ()
  local r = t.analyze("Kenyan police fired tear gas in Nairobi. The government accused Uganda of backing the rebels.")
  t.stance(r, { source = "Kenya", target = "Uganda", type = "accuse" })
  -- no country before: no subject
  t.count(t.analyze("The government accused Uganda of backing the rebels.").stances, 0, "stances")
  -- not its own government named in the sentence
  r = t.analyze("Indonesia was hit by the tsunami. The government offered the Indonesian government help.")
  t.no_stance(r, { source = "Indonesia" })
end)

t.case("pronouns follow the topic: past possessors, quotations and sentences that start with the pronoun", function ()
  -- a possessor gives way to another person of its sentence; a sentence that starts with
  -- "He" keeps the topic
  local r = t.analyze("Ms Okafor's report was a disgrace, opposition leader Daniel Mwangi said after greeting " ..
                      "Grace Okafor. He went on to accuse Ms Okafor of hiding costs. He urged Grace Okafor to resign.")
  t.stance(r, { source = "Daniel Mwangi", target = "Grace Okafor", type = "appeal" })
  -- a possessor alone is the topic
  r = t.analyze("Mr Lindqvist's tour of Asia is part of a regular dialogue. He will meet Li Qiang.",
                { date = "2024-02-20" })
  t.stance(r, { source = "Lindqvist", target = "Li Qiang", type = "meet" })
  -- people named inside a quotation are not the topic; a quotation that closes in a
  -- sentence ('... change soon," Mr Halvorsen said') leaves its speaker
  r = t.analyze("\"We owe this to Maria Santos,\" said Paolo Reyes. He also praised the organisers.")
  t.stance(r, { source = "Paolo Reyes", type = "praise" })
  r = t.analyze("\"We planned too little. Budgets should change soon,\" Mr Halvorsen said. " ..
                "He called on Congress to act.")
  t.stance(r, { source = "Halvorsen", target = "Congress", type = "appeal" })
end)
