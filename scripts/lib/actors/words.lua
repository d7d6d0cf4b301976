-- lib.actors.words: the closed word lists the actor rules use to read context.
-- Short lists of function words and verbs, kept here as Lua so they are easy to read and
-- change. Longer, open lists (names, roles, organisations) are data files in scripts/data/.
-- Every key is the normalized (lower-case) form of one token.
local M = {}

local function set(s)
  local t = {}
  for w in s:gmatch("%S+") do t[w] = true end
  return t
end
M.set = set

-- Speech verbs: "X said", "said X", "according to X". Added to the cue dictionary.
M.SAY = {
  "said", "says", "say", "told", "tells", "added", "adds", "stated", "insisted", "insists",
  "argued", "argues", "claimed", "announced", "explained", "noted", "wrote", "writes",
  "replied", "warned", "warns", "stressed", "declared", "acknowledged", "admitted",
  "confirmed", "denied", "commented", "remarked", "according to", "quoted",
}

-- Verb forms that make the name before them an acting subject ("Russia warned",
-- "China has refrained", "the US and China haven't seen"). Any lower-case word ending
-- in -ed counts too (see ctx.lua).
M.VERB = set [[
  said says say told tells warned warns announced announces accused accuses condemned condemns
  urged urges called calls rejected rejects denied denies agreed agrees signed signs launched
  launches wants want needs need seeks seek plans plan insists insist claims claim threatens
  threaten supports support opposes oppose hopes hope expects expect believes believe fears fear
  remains remain continues continue refuses refuse faces face vowed vows pledged pledges
  responded responds demanded demands criticised criticized criticises criticizes sent sends
  took takes gave gives made makes won wins lost loses met meets held holds put puts struck
  strikes hit hits fought fights began begins led leads sought built builds ran runs chose
  stood stands broke breaks bought buys sold sells set sets cut cuts kept keeps let lets
  became becomes brought brings thought thinks knew knows saw sees went goes came comes
  is was are were has have had will would could can may might must should shall did does do
  wo ca "'s" "'d" "'ll" "'ve" "'re" sees seen
  invaded invades attacked attacks imposed imposes backed backs welcomed welcomes
  recognised recognized recognises recognizes hosted hosts blamed blames praised praises
  offered offers provided provides promised promises insisted appealed appeals
  voted votes approved approves suspended suspends withdrew withdraws deployed deploys
  ordered orders released releases arrested arrests detained detains expelled expels
  summoned summons recalled recalls sanctioned sanctions banned bans blocked blocks
  tested tests fired fires shot shoots bombed bombs killed kills seized seizes captured captures
  reached reaches joined joins left leaves entered enters allowed allows
  spoke speaks talked visited visits phoned phones telephoned called wrote writes
  travelled traveled travels arrived arrives flew flies hailed hails slammed slams
]]

-- Base forms that are verbs after a list of states ("India and Australia sign trade pact",
-- headlines and present tense).
M.PLURAL_VERB = set [[
  sign agree meet hold vow pledge discuss talk clash trade boost deepen expand launch seek warn
  urge reject condemn accuse criticise criticize back support oppose sanction impose resume
  restore cut sever recall expel threaten attack fight begin start end open join leave
]]

-- Words between a subject and its verb: "China has openly condemned", "Russia also said".
M.SKIP = set [[
  also then now already still again never not n't reportedly recently previously later today
  yesterday repeatedly finally quickly immediately officially publicly openly formally once
  even just only however too apparently allegedly reportedly
]]

-- Verbs (and verb phrases' last words) whose object is an actor, not a place:
-- "condemned Russia", "accused China", "urged Iran".
M.TARGET_VERB = set [[
  condemned condemns condemn criticised criticized criticises criticizes criticise criticize
  accused accuses accuse urged urges urge warned warns warn attacked attacks attack
  sanctioned sanctions sanction threatened threatens threaten supported supports support
  backed backs back blamed blames blame praised praises praise thanked thanks thank
  welcomed welcomes welcome rejected rejects reject pressed presses press pressured pressures
  pressure defeated defeats defeat invaded invades invade bombed bombs bomb helped helps help
  aided aids armed arms punished punishes punish slammed slams slam denounced denounces
  denounce lambasted congratulated congratulates congratulate joined joins join
  recognised recognized recognises recognizes recognise recognize met meets meet
  told tells tell asked asks ask invited invites invite called calls rebuked rebukes
  reassured reassures assured assures lobbied lobbies persuaded persuades convinced
  fought fights fight beat beats outplayed opposed opposes oppose defied defies defy
  engaged engages engage
]]

-- Nouns after which "with X" / "between X and Y" names parties: "relations with the US".
M.RELATION = set [[
  relations relationship ties talks negotiations agreement agreements deal deals treaty war
  conflict cooperation co-operation dispute disputes tensions tension meeting meetings summit
  alliance partnership trade rift row standoff stand-off dialogue contacts exchanges
  consultations discussions discussion accord pact rapprochement clash clashes fight fighting
  rivalry competition confrontation feud ceasefire truce normalisation normalization talk
]]

-- Prepositions after which a place name is a place ("in Malta", "to Russia").
M.PLACE_PREP = set [[
  in at to from into across near outside inside via throughout around toward towards through
  within over off onto of on beyond along past opposite above below under
]]

-- Determiners and the like that may start a phrase before a name ("the Russian President").
M.DET = set [[ the a an this that these those his her its their our my your ]]

-- Tokens that may link the words of a capitalised name ("Bank of England", "bin Salman").
M.NAME_LINK = set [[ of for and & de du da di del della des der den van von la le al el bin ibn
  ben abu y "'s" ]]
M.ORG_LINK = set [[ of for on and & the de du des la le del "'s" ]]

-- Name particles that may begin a surname ("bin Salman", "van der Leyen", "al-Assad").
M.PARTICLE = set [[ bin ibn al el de da di del della dos das du van von der den le la ben abu
  ter ten mac st st. ]]

-- Weak organisation tails: they make an organisation only with more evidence
-- ("Manchester United" yes, a sentence-initial "United" no).
M.WEAK_ORG_TAIL = set [[ United City Times Post Guardian Express Mail Daily Observer News
  Capital Energy Oil Gas Group Network Watch Forum Centre Center Fund Trust Union Alliance
  Coalition Front Motor Motors Steel Exchange Democrats Socialists Greens Command Division
  Guard Guards Mission School College Academy Society Movement League Service Office Program
  Programme Radio Television Magazine Journal Herald Tribune Chronicle Gazette Telegraph
  Industries Systems Technologies Communications Holdings Partners Investments Securities
  Insurance Electric Electronics Mining Shipping Petroleum Enterprises Holding Company Co Co. ]]

-- Post-nominal letters, never part of the name: "Philippe Dupont QC", "Jane Roe MP".
M.POSTNOMINAL = set [[ qc kc mp msp mep am mla td obe cbe mbe kbe dbe frs phd ]]

-- Person name tokens that are initials or suffixes ("George W. Bush", "Martin Luther King Jr.").
M.NAME_SUFFIX = set [[ jr jr. sr sr. ii iii iv ]]

-- Plural nouns that refer back to people already named ("the two officials").
M.PEOPLE_PLURAL = set [[ officials leaders ministers men women diplomats sides presidents
  envoys counterparts leader's ]]
M.NUMBER_WORD = { two = 2, three = 3, both = 2 }

-- Words that never start or end a person name even when capitalised.
M.NOT_NAME = set [[ the a an this that these those it its he she they we i you his her their
  our my your there here what when where who why how which while if but and or nor so yet
  after before since until as at by for from in into of on to with without about against
  between during under over through across per via not no all any each every some many more
  most other such only own same than too very can will just should now mr mrs ms dr ]]

return M
