"""Stories the newsroom follows over days: the same people, places and numbers each time.

Coverage of one event shares its entities and vocabulary, and stories in different threads
do not, which is what a "Related articles" engine should pick up on.
"""

from .templating import Beat, Bullets, H, Thread, person
from .world import GOVERNMENT, PLACES, N

P = {p.name: p for p in PLACES}
G = GOVERNMENT

THREADS = [
    Thread(
        key="eastport-ferry", image="waves",
        topics=["Eastport", "Ferries", "Public finances"],
        facts=dict(
            place=P["Eastport"], transport=G.transport,
            authority="the Eastport Harbour Authority",
            operator="Saltmere Shipping Lines", cost="212m crowns", old_cost="151m crowns",
            harbour=N(name="Ilse Varga", surname="Varga",
                      role="the harbour master and chief executive of the authority"),
            islander=N(name="Bram Tolliver", surname="Tolliver",
                       role="chair of the Skerrin Islands Community Council"),
            boats="two new hybrid ferries",
            background=[
                "{authority} runs the crossings between Eastport and the Skerrin Islands, "
                "where about 3,800 people live. The two ferries now on the route are more "
                "than 30 years old and broke down 41 times last winter.",
                "The contract with {operator} covers {boats} and a refit of the Eastport "
                "terminal. It was first priced at {old_cost}.",
                "Islanders depend on the ferry for hospital appointments, school, "
                "supermarket deliveries and the livestock trade.",
            ]),
        beats=[
            Beat(0, "news/regions",
                 "Harbour authority delays Eastport ferry contract after cost review",
                 "A review found the price of {boats} had risen from {old_cost} to {cost}. "
                 "Islanders fear another winter on the old boats.",
                 ["{authority} has delayed signing a contract for {boats} on the Skerrin "
                  "Islands route after a review found the cost had risen to {cost}.",
                  "The board of the authority met behind closed doors on {day} and decided "
                  "it could not sign until {operator} explained the increase.",
                  "\"We owe it to islanders and to taxpayers to get this right,\" said "
                  "{harbour.name}, {harbour.role}. \"A few weeks now is better than ten years "
                  "of regret.\"",
                  "{background}",
                  "{islander.name}, {islander.role}, said the decision was \"another kick in "
                  "the teeth\". \"Every delay means another winter on boats that should have "
                  "been scrapped years ago,\" {islander.surname} said.",
                  "{background}"],
                 topics=["Transport"], lead=True, image="waves",
                 caption="The Eastport ferry terminal, as drawn by our graphics desk."),
            Beat(2, "news/regions",
                 "Skerrin islanders fear winter without reliable ferry",
                 "After the delay to the {operator} contract, families on the Skerrin "
                 "Islands describe what a cancelled crossing means.",
                 ["On the Skerrin Islands, people measure the winter in cancelled ferries.",
                  "\"Last January I missed two hospital appointments in Eastport because the "
                  "boat broke down,\" said {resident.name}, {resident.role}. \"You cannot "
                  "just reschedule cancer treatment.\"",
                  "The delay to the {cost} contract with {operator}, announced by "
                  "{authority} this week, has left islanders expecting another season of "
                  "disruption.",
                  "{background}",
                  "{islander.name}, {islander.role}, said the community council would ask "
                  "{transport.name}, {transport.role}, to intervene. \"The harbour "
                  "authority is not accountable to anyone on these islands,\" "
                  "{islander.surname} said.",
                  "{harbour.name} said the authority would publish a timetable for its "
                  "decision within a fortnight."],
                 kind="feature", dateline="Skerrin Islands",
                 slots={"resident": person(["a farmer on the main island",
                                            "a teacher at the island school",
                                            "who runs the island shop"])}),
            Beat(3, "news/regions",
                 "Leaked report shows Eastport ferry costs rose by 40% in a year",
                 "The internal review says design changes and steel prices pushed the "
                 "{operator} contract up to {cost}.",
                 ["An internal review seen by this paper shows the cost of the Eastport "
                  "ferry contract rose by 40% in a year, from {old_cost} to {cost}.",
                  "The review, prepared for {authority}, blames late design changes, the "
                  "price of steel and the cost of borrowing.",
                  H("Design changes"),
                  "It says the authority asked {operator} to lengthen both ships and add "
                  "space for freight after the original design was agreed.",
                  "{harbour.name}, {harbour.role}, said the changes were needed to carry "
                  "lorries and livestock. \"We were not going to buy boats that could not "
                  "do the job,\" {harbour.surname} said.",
                  "{background}",
                  "{islander.name} said the report raised \"serious questions about who "
                  "was minding the shop\"."],
                 kind="news", dateline="Eastport"),
            Beat(4, "politics/assembly",
                 "Eastport harbour chief summoned by Assembly transport committee",
                 "{harbour.name} will be asked why the ferry contract rose to {cost}, and "
                 "what {transport.name} knew.",
                 ["{harbour.name}, {harbour.role}, has been called to give evidence to the "
                  "National Assembly's transport committee about the Eastport ferry "
                  "contract.",
                  "Members want to know why the price of {boats} from {operator} rose to "
                  "{cost}, and when ministers were told.",
                  "\"The public has paid for these ferries twice already: once in taxes and "
                  "once in cancelled crossings,\" said {member.name}, {member.role}.",
                  "{transport.name}, {transport.role}, said the government would co-operate "
                  "fully. \"I want the islanders to have new ferries as quickly as "
                  "possible, at a fair price,\" {transport.surname} said.",
                  "{background}"],
                 topics=["National Assembly"], dateline="Port Aldric",
                 slots={"member": person(["a Reform Union member of the committee",
                                          "the committee's chair"])}),
            Beat(2, "opinion/columnists",
                 "The Skerrin ferry fiasco shows why islands need a real say",
                 "The {cost} contract is a symptom. The disease is that nobody on the "
                 "islands gets a vote on the boats they depend on.",
                 ["Ask anyone on the Skerrin Islands about the ferry and you will get a "
                  "story. Mine is about a sheep, a storm and a crossing that took five "
                  "hours.",
                  "The latest chapter is a contract that has grown from {old_cost} to "
                  "{cost}. {authority} will tell you that boats are expensive and steel "
                  "prices rose. Both are true. Neither explains why islanders learned the "
                  "new price from a leaked report.",
                  "The problem is not one bad contract. It is that the people who depend on "
                  "the ferry have no seat at the table where decisions about it are made.",
                  "Give the islands two seats on the authority's board. Publish every "
                  "contract. Let the community council see the reliability figures every "
                  "month.",
                  "{operator} may yet build good ships. But trust is also infrastructure, "
                  "and it is in worse repair than the boats."],
                 kind="opinion", dateline="", topics=["Transport"]),
            Beat(5, "news/regions",
                 "Eastport ferry contract approved with cost cap and penalty clauses",
                 "{authority} will sign the {cost} deal with {operator}, with fines for "
                 "late delivery and two island seats on an oversight board.",
                 ["{authority} has approved the contract for {boats} with {operator}, after "
                  "the company agreed to a cap on costs and penalties for late delivery.",
                  "The deal keeps the headline price at {cost}, but any further overrun will "
                  "be paid by the builder. The first ferry is due in two years.",
                  "\"This is a better contract than the one we were asked to sign a month "
                  "ago,\" said {harbour.name}, {harbour.role}.",
                  "Islanders will have two seats on a new oversight board. {islander.name}, "
                  "{islander.role}, said: \"It has taken a fight, but we are finally in the "
                  "room.\"",
                  "{background}",
                  "{transport.name}, {transport.role}, welcomed the decision and said the "
                  "ministry would underwrite part of the borrowing."],
                 lead=True, image="waves"),
        ]),
    Thread(
        key="northline-strike", image="rail",
        topics=["Rail", "Jobs and unions", "Transport"],
        facts=dict(
            place=P["Port Aldric"], transport=G.transport,
            union="the Rail and Transport Workers' Union", union_short="the RTWU",
            leader=N(name="Halvard Brisco", surname="Brisco", role="the union's general "
                     "secretary"),
            boss=N(name="Corinne Delamere", surname="Delamere",
                   role="chief executive of Northline Rail"),
            offer="4.5%", demand="9%", members="6,400",
            background=[
                "{union_short} represents about {members} drivers, guards and station staff "
                "at Northline Rail, which runs most passenger trains in Vellmark.",
                "Northline has offered a pay rise of {offer} this year. The union wants "
                "{demand}, saying its members' pay has fallen behind prices for three years.",
                "Northline says a bigger rise would mean higher fares or cuts to services, "
                "and that it is already losing money on several regional lines.",
            ]),
        beats=[
            Beat(0, "business/economy",
                 "Rail workers vote for strikes in Northline pay dispute",
                 "Members of {union_short} backed walkouts after rejecting a {offer} offer. "
                 "Passengers could face disruption within weeks.",
                 ["Rail workers at Northline Rail have voted to strike after rejecting a pay "
                  "offer of {offer}, {union} said on {day}.",
                  "Four in five members who took part backed walkouts, on a turnout of 68%.",
                  "\"Our members kept this railway running through floods, snow and a "
                  "pandemic,\" said {leader.name}, {leader.role}. \"They are tired of being "
                  "thanked and then told to tighten their belts.\"",
                  "{background}",
                  "{boss.name}, {boss.role}, said she was disappointed. \"Our door is open. "
                  "But we cannot spend money we do not have,\" {boss.surname} said.",
                  "{background}"],
                 topics=["Cost of living"]),
            Beat(3, "news/regions",
                 "Northline strike: 48-hour walkout set for next week",
                 "{union_short} says talks have failed. Northline warns most trains will not "
                 "run and urges passengers to work from home.",
                 ["{union} has called a 48-hour strike on Northline Rail next week after "
                  "talks over pay broke down.",
                  "Northline said it expected to run fewer than one in five trains, with no "
                  "services at all on most regional lines.",
                  Bullets("Passengers are being advised to:",
                          ["work from home if they can",
                           "check the Northline website before setting out",
                           "use tickets for the strike days on the following two days",
                           "expect crowding on the trains that do run"], k=3),
                  "{leader.name}, {leader.role}, said the union was still willing to talk. "
                  "\"One phone call with a serious offer and this can be called off,\" "
                  "{leader.surname} said.",
                  "{background}",
                  "{transport.name}, {transport.role}, urged both sides to go to the "
                  "mediation service."],
                 lead=True, image="rail"),
            Beat(2, "news/regions",
                 "Commuters stranded as Northline rail strike begins",
                 "Stations in Port Aldric, Brennock and Ostwick were almost empty as "
                 "{union_short} members walked out over pay.",
                 ["Stations across Vellmark were almost deserted on {day} as the first "
                  "Northline Rail strike in eleven years began.",
                  "Only a handful of trains ran between Port Aldric and Ostwick, and none on "
                  "the Wend valley line to Brennock and Greywater.",
                  "\"I have a hospital shift at eight and no way to get there,\" said "
                  "{commuter.name}, {commuter.role}, outside Port Aldric Central.",
                  "Pickets gathered outside the main depots. {leader.name}, {leader.role}, "
                  "told strikers: \"Nobody wanted to be here. Northline put us here.\"",
                  "{background}",
                  "Roads into the capital were busier than usual, with queues on the coast "
                  "road from early morning."],
                 dateline="Port Aldric",
                 slots={"commuter": person("resident")}),
            Beat(1, "business/economy",
                 "What the Northline strike costs, and who pays",
                 "Businesses say the walkout is costing the economy millions a day. The real "
                 "question is how the gap between {offer} and {demand} gets closed.",
                 ["Each day of the Northline strike costs the economy about 30m crowns, "
                  "according to the Port Aldric Chamber of Commerce.",
                  "The sum is an estimate, and an interested one. But the point is fair: "
                  "cafés, hotels and shops near the stations have had their worst days since "
                  "the floods two winters ago.",
                  H("The gap"),
                  "The distance between the two sides is {offer} against {demand}. On "
                  "Northline's wage bill, each percentage point costs about 9m crowns a year.",
                  "{background}",
                  "A deal is likely to involve a rise somewhere in between, paid over two "
                  "years, with changes to rosters that Northline has wanted for a decade.",
                  "{expert.name}, {expert.role}, said: \"Both sides need to be able to call "
                  "it a win. That is usually where settlements land.\""],
                 kind="analysis", dateline="",
                 slots={"expert": person("academic")}),
            Beat(4, "business/economy",
                 "Northline and rail union reach pay deal, ending strikes",
                 "Staff will get 6.5% over two years. The union will put the offer to "
                 "members with a recommendation to accept.",
                 ["Northline Rail and {union} have reached a deal that will end the strikes "
                  "that have disrupted train services across Vellmark.",
                  "Staff will receive a pay rise of 6.5% over two years, between Northline's "
                  "original offer of {offer} and the union's demand of {demand}.",
                  "\"This is a fair settlement that recognises what our members do,\" said "
                  "{leader.name}, {leader.role}.",
                  "{boss.name}, {boss.role}, said: \"I am relieved for our passengers. Now "
                  "we need to win them back.\"",
                  "{background}",
                  "Members will vote on the deal over the next three weeks."],
                 lead=True, image="rail"),
        ]),
    Thread(
        key="wend-floods", image="storm",
        topics=["Flooding", "Brennock", "Climate"],
        facts=dict(
            place=P["Brennock"], env=G.environment, storm="Storm Edda",
            homes="620", barrier="the Millside flood barrier", barrier_cost="46m crowns",
            officer=N(name="Aldo Fenwick", surname="Fenwick",
                      role="the National Weather Service's chief forecaster"),
            mayor=N(name="Rhiannon Kestrell", surname="Kestrell",
                    role="the leader of Brennock council"),
            background=[
                "The River Wend runs through the centre of Brennock, past the old mills of "
                "Millside. The town flooded badly in 2007 and again six years ago.",
                "{barrier}, designed to protect about 900 homes, was approved four years ago "
                "at a cost of {barrier_cost} but has not yet been built.",
                "{storm} brought more than a month's rain to the Wend valley in two days, "
                "falling on ground that was already saturated.",
            ]),
        beats=[
            Beat(0, "science-environment/climate",
                 "Storm Edda: red warning for heavy rain in the Wend valley",
                 "Forecasters say up to 120mm of rain could fall on saturated ground. "
                 "Brennock is preparing sandbags.",
                 ["The National Weather Service has issued a red warning for heavy rain in "
                  "the Wend valley as {storm} approaches the west coast.",
                  "Up to 120mm of rain could fall in 36 hours, with the heaviest bursts over "
                  "the hills above Brennock and Greywater.",
                  "\"This is a dangerous situation. Rivers will rise quickly and people should "
                  "prepare now,\" said {officer.name}, {officer.role}.",
                  "{mayor.name}, {mayor.role}, said sandbags were being handed out at three "
                  "points in Millside.",
                  "The River Wend runs through the centre of Brennock, past the old mills of "
                  "Millside. Residents say they are watching the water level hour by hour."],
                 topics=["Weather"], image="storm"),
            Beat(1, "news/regions",
                 "River Wend bursts its banks in Brennock as {homes} homes evacuated",
                 "Residents of Millside were moved to rest centres overnight as {storm} "
                 "pushed the river to its highest level on record.",
                 ["The River Wend burst its banks in Brennock overnight, forcing the "
                  "evacuation of {homes} homes as {storm} brought torrential rain to the "
                  "valley.",
                  "Firefighters used boats to reach residents in Millside, where water was "
                  "more than a metre deep in some streets by dawn on {day}.",
                  "\"It came up through the floorboards in minutes,\" said {resident.name}, "
                  "{resident.role}. \"We got the children and the dog and that was it.\"",
                  "{mayor.name}, {mayor.role}, said: \"People have done everything asked of "
                  "them. The river has simply beaten us.\"",
                  "{background}",
                  "{background}"],
                 lead=True, image="storm", caption="Floodwater in Millside, as drawn by our "
                 "graphics desk.",
                 slots={"resident": person("resident")}),
            Beat(2, "news/regions",
                 "Brennock flood anger turns on unbuilt Millside barrier",
                 "As the clean-up begins, residents ask why the {barrier_cost} defence "
                 "approved four years ago was never built.",
                 ["As the waters fall in Brennock and the clean-up begins, anger is turning "
                  "on {barrier}, approved four years ago and still not built.",
                  "\"We were promised,\" said {resident.name}, {resident.role}, standing by a "
                  "skip full of ruined furniture. \"There were drawings in the library. Then "
                  "nothing.\"",
                  "Council documents show the project stalled over funding, with the council "
                  "and the environment ministry each saying the other should pay more.",
                  "{env.name}, {env.role}, visited Millside on {day}. She said she understood "
                  "the frustration and promised an answer \"within weeks, not months\".",
                  "{background}"],
                 slots={"resident": person("resident")}),
            Beat(2, "science-environment/climate",
                 "Why does Brennock keep flooding?",
                 "The Wend valley's geography, a changing climate and a delayed barrier: "
                 "what {storm} tells us about the risk.",
                 ["Brennock has flooded three times in less than twenty years. {storm} is "
                  "the worst yet. Here is why the town is so exposed.",
                  H("A narrow valley"),
                  "The River Wend drains a large area of steep hills into a narrow valley. "
                  "When heavy rain falls on already wet ground, water reaches the town within "
                  "hours.",
                  H("A wetter climate"),
                  "Winter rainfall in the valley has risen by about 12% since the 1980s, and "
                  "the heaviest downpours have become more intense, according to "
                  "{expert.name}, {expert.role}.",
                  H("Defences that were not built"),
                  "{background}",
                  "Engineers say the barrier would not have stopped every flood, but would "
                  "have protected most of Millside from {storm}."],
                 kind="explainer", dateline="", image="waves",
                 slots={"expert": person("academic")}),
            Beat(6, "politics",
                 "Government funds Millside flood barrier after Brennock floods",
                 "{env.name} says work on the {barrier_cost} barrier will start next spring. "
                 "Brennock's council leader calls it 'four years too late'.",
                 ["The government will pay for {barrier} in full, {env.name}, {env.role}, "
                  "announced on {day}, weeks after {storm} flooded {homes} homes in "
                  "Brennock.",
                  "Work on the {barrier_cost} scheme will start next spring and take two "
                  "years.",
                  "\"The people of Brennock should not have had to wait this long,\" "
                  "{env.surname} said. \"I am sorry that they did.\"",
                  "{mayor.name}, {mayor.role}, welcomed the money but said it came \"four "
                  "years too late for hundreds of families\".",
                  "{background}"],
                 topics=["Public finances"], lead=True, dateline="Port Aldric"),
        ]),
    Thread(
        key="budget", image="chart",
        topics=["Budget", "Public finances", "National Assembly"],
        facts=dict(
            place=P["Port Aldric"], finance=G.finance, opposition=G.opposition, pm=G.pm,
            threshold="14,500 crowns", hospitals="2.1bn crowns", fuel="four cents a litre",
            deficit="3.4%",
            council=N(name="Benedikt Orme", surname="Orme", role="chair of the Fiscal Council"),
            background=[
                "The budget raises the threshold at which people start paying income tax to "
                "{threshold}, puts {hospitals} into hospitals and raises fuel duty by "
                "{fuel}.",
                "Borrowing is forecast at {deficit} of national income next year, above the "
                "3% limit the government set itself two years ago.",
                "The Civic Alliance governs with a majority of four in the National Assembly.",
            ]),
        beats=[
            Beat(0, "politics",
                 "Budget: what to expect from Dariusz Kell's statement",
                 "Income tax, hospitals and fuel duty are expected to dominate the finance "
                 "minister's budget. Here is what we know.",
                 ["{finance.name} will deliver the government's budget to the National "
                  "Assembly on {day}. Here is what to expect.",
                  H("Income tax"),
                  "Ministers have trailed a rise in the point at which people start paying "
                  "income tax, which would put money in the pockets of the lowest paid.",
                  H("Hospitals"),
                  "A large sum for hospitals is widely expected after a winter of long waits.",
                  H("Borrowing"),
                  "The Fiscal Council has warned that borrowing is running above the "
                  "government's own limit. How {finance.surname} pays for his promises will "
                  "be the real test."],
                 kind="explainer", dateline=""),
            Beat(1, "politics",
                 "Kell budget raises tax threshold and puts {hospitals} into hospitals",
                 "The finance minister also raised fuel duty and admitted borrowing would "
                 "overshoot the government's limit.",
                 ["{finance.name}, {finance.role}, raised the income tax threshold to "
                  "{threshold} and promised {hospitals} for hospitals in a budget he called "
                  "\"fair, careful and honest\".",
                  "\"This budget asks those who can pay a little more to help those who "
                  "cannot,\" {finance.surname} told the National Assembly on {day}.",
                  "To help pay for it, fuel duty will rise by {fuel}, the first increase in "
                  "six years.",
                  "{background}",
                  "{opposition.name}, {opposition.role}, said the budget was \"a tax rise "
                  "dressed up as a tax cut\".",
                  "{background}"],
                 lead=True, image="chart", dateline="Port Aldric"),
            Beat(1, "business/economy",
                 "Budget winners and losers: who gains from Kell's plans",
                 "Low earners and hospital patients gain; drivers and higher earners pay. "
                 "Our analysis of the {finance.surname} budget.",
                 ["The headline measures in {finance.name}'s budget are easy to list. Who "
                  "actually gains is harder to see.",
                  Bullets("The main winners:",
                          ["full-time workers on the minimum wage, who gain about 600 crowns "
                           "a year from the higher threshold",
                           "patients waiting for planned operations, if the {hospitals} "
                           "reaches wards quickly",
                           "pensioners, whose state pension rises with prices"], k=3),
                  Bullets("The main losers:",
                          ["drivers, especially in rural areas, who pay {fuel} more for fuel",
                           "higher earners, whose allowance is frozen",
                           "councils, whose grants rise by less than inflation"], k=3),
                  "{background}",
                  "\"Overall it is mildly progressive, but the fuel rise lands hardest on "
                  "people outside the cities,\" said {expert.name}, {expert.role}."],
                 kind="analysis", dateline="", slots={"expert": person("analyst")}),
            Beat(2, "business/economy",
                 "Fiscal Council warns Kell budget leaves little room for shocks",
                 "{council.name} says borrowing of {deficit} is manageable but the "
                 "government has 'no cushion' if the economy slows.",
                 ["The Fiscal Council has warned that the budget leaves the government with "
                  "\"no cushion\" if the economy slows.",
                  "In its assessment, published on {day}, the council said borrowing of "
                  "{deficit} of national income was manageable, but only if growth held up.",
                  "\"The plans are credible on their own terms. The terms are optimistic,\" "
                  "said {council.name}, {council.role}.",
                  "{finance.name} said the government would meet its borrowing limit within "
                  "two years.",
                  "{background}"],
                 dateline="Port Aldric"),
            Beat(3, "politics/assembly",
                 "Assembly passes budget as Civic Alliance rebels fall into line",
                 "The fuel duty rise survived after {finance.name} promised help for rural "
                 "drivers.",
                 ["The National Assembly has approved the budget by 84 votes to 79, after "
                  "{finance.name} headed off a rebellion over the fuel duty rise.",
                  "Seven Civic Alliance members from rural seats had threatened to vote "
                  "against the {fuel} increase. They backed the government after the finance "
                  "minister promised a fuel rebate for people who live far from public "
                  "transport.",
                  "{pm.name}, {pm.role}, said: \"This is a budget for the whole country, and "
                  "today the whole Assembly had its say.\"",
                  "{opposition.name} said the rebate was \"a promise written on the back of "
                  "an envelope\".",
                  "{background}"],
                 lead=False, dateline="Port Aldric"),
        ]),
    Thread(
        key="corvane-takeover", image="chart",
        topics=["Mergers and takeovers", "Energy", "Orsan Federation"],
        facts=dict(
            place=P["Port Aldric"], opposition=G.opposition, bidder="Orskam", first="4.8bn "
            "crowns", second="5.3bn crowns",
            target="Corvane Energy", customers="1.9 million",
            chair=N(name="Leonie Hartigan", surname="Hartigan", role="Corvane's chair"),
            bidboss=N(name="Valentin Moravec", surname="Moravec",
                      role="chief executive of Orskam"),
            background=[
                "{target} supplies gas and electricity to about {customers} homes in "
                "Vellmark and owns three wind farms off the west coast.",
                "{bidder} is an Orsan conglomerate with interests in power stations, "
                "shipping and chemicals. It already owns energy suppliers in Thalland and "
                "the Mirova Islands.",
                "Any takeover of a large energy supplier must be approved by the Competition "
                "and Markets Board, and can be reviewed by ministers on security grounds.",
            ]),
        beats=[
            Beat(0, "business/companies",
                 "Corvane Energy rejects {first} takeover bid from Orsan group Orskam",
                 "{target}'s board says the offer undervalues the company. Shares jumped 18%.",
                 ["{target} has rejected a {first} takeover approach from {bidder}, the Orsan "
                  "conglomerate, saying it \"significantly undervalues\" the business.",
                  "Shares in {target} jumped 18% in Port Aldric on {day} after the approach "
                  "was made public.",
                  "\"We have a clear plan and we are confident in it,\" said {chair.name}, "
                  "{chair.role}.",
                  "{background}",
                  "{bidder} said it was \"considering its options\"."],
                 lead=True),
            Beat(3, "business/companies",
                 "Orskam raises Corvane offer to {second}",
                 "The Orsan group has returned with a higher bid and a promise to keep "
                 "{target}'s headquarters in Port Aldric.",
                 ["{bidder} has raised its offer for {target} to {second}, and promised to "
                  "keep the company's headquarters and its 2,100 jobs in Vellmark for at "
                  "least five years.",
                  "\"We admire what {target} has built and we want to invest in it,\" said "
                  "{bidboss.name}, {bidboss.role}.",
                  "{target}'s board said it would consider the new proposal.",
                  "{background}",
                  "{analyst.name}, {analyst.role}, said the higher price would be \"hard for "
                  "the board to refuse\"."],
                 slots={"analyst": person("analyst")}),
            Beat(2, "politics",
                 "Ministers weigh security review of Orskam bid for Corvane",
                 "Opposition members want the takeover blocked; the government says it will "
                 "follow the process.",
                 ["Ministers are considering whether to order a national security review of "
                  "{bidder}'s {second} bid for {target}, government sources said.",
                  "The opposition Reform Union has called for the deal to be blocked, arguing "
                  "that energy supplies should not be controlled from abroad.",
                  "\"Our homes should not be heated at the pleasure of another country's "
                  "boardrooms,\" said {opposition.name}, {opposition.role}.",
                  "{background}",
                  "{bidder} said it would co-operate with any review."],
                 dateline="Port Aldric", topics=["National Assembly"]),
            Beat(4, "business/companies",
                 "Corvane board backs {second} Orskam takeover",
                 "The deal still needs approval from the Competition and Markets Board and "
                 "from ministers.",
                 ["The board of {target} has recommended that shareholders accept {bidder}'s "
                  "{second} takeover offer.",
                  "{chair.name}, {chair.role}, said the promises on jobs and investment had "
                  "persuaded the board. \"This is the right outcome for customers, staff and "
                  "shareholders,\" she said.",
                  "The deal still needs approval from the Competition and Markets Board and "
                  "could be reviewed by ministers on security grounds.",
                  "{background}",
                  "{background}"],
                 lead=True),
        ]),
    Thread(
        key="quillfield-breach", image="circuit",
        topics=["Cybersecurity", "Data and privacy", "Start-ups"],
        facts=dict(
            place=P["Port Aldric"], company="Quillfield", employees="1.2 million",
            clients="3,400", digital=G.digital,
            ceo=N(name="Lior Achterberg", surname="Achterberg", role="Quillfield's founder and "
                  "chief executive"),
            commissioner=N(name="Odile Brannagh", surname="Brannagh",
                           role="the data protection commissioner"),
            background=[
                "{company} makes payroll software used by about {clients} employers in "
                "Vellmark, from corner shops to hospitals.",
                "The stolen data includes names, addresses, bank details and salaries of "
                "about {employees} employees.",
                "{company} was founded in Port Aldric eleven years ago and was valued at more "
                "than a billion crowns last year.",
            ]),
        beats=[
            Beat(0, "technology",
                 "Payroll firm Quillfield hit by cyber-attack exposing salary data",
                 "Bank details and salaries of about {employees} workers may have been "
                 "stolen in the breach.",
                 ["{company}, the payroll software company, says hackers have stolen personal "
                  "data belonging to about {employees} employees of its customers.",
                  "The company said on {day} that it discovered the intrusion a week ago and "
                  "had called in the police and outside investigators.",
                  "\"I am deeply sorry. People trusted us with their information, and we let "
                  "them down,\" said {ceo.name}, {ceo.role}.",
                  "{background}",
                  "{background}"],
                 lead=True),
            Beat(1, "technology",
                 "Quillfield data breach: what to do if you are affected",
                 "If your employer uses {company} for payroll, these are the steps worth "
                 "taking now.",
                 ["If your employer pays you through {company}, your details may be among "
                  "those stolen. Here is what to do.",
                  Bullets("Security experts recommend that you:",
                          ["watch your bank account for payments you do not recognise",
                           "be wary of emails or calls that mention your salary or employer",
                           "never give out a one-time passcode, even to someone claiming to "
                           "be your bank",
                           "consider a free credit alert from one of the reference agencies"],
                          k=4),
                  "{background}",
                  "{company} says it will write to everyone affected by the end of next week.",
                  "\"The most likely harm is fraudsters using real details to make scam "
                  "messages convincing,\" said {expert.name}, {expert.role}."],
                 kind="explainer", dateline="", slots={"expert": person("academic")}),
            Beat(3, "technology/digital-policy",
                 "Data commissioner opens formal investigation into Quillfield breach",
                 "{commissioner.name} says her office will examine whether {company} took "
                 "proper steps to protect data.",
                 ["The data protection commissioner has opened a formal investigation into "
                  "the {company} data breach.",
                  "\"We will look at what protections were in place, whether they were "
                  "adequate, and how quickly people were told,\" said {commissioner.name}, "
                  "{commissioner.role}.",
                  "If the company is found to have broken the law, it could face a fine of up "
                  "to 4% of its worldwide turnover.",
                  "{background}",
                  "{digital.name}, {digital.role}, said the breach was \"a wake-up call for "
                  "every company that holds sensitive data\"."]),
            Beat(4, "technology/start-ups",
                 "Quillfield chief Lior Achterberg steps down after data breach",
                 "The founder says the company needs 'a fresh start'. An interim chief "
                 "executive takes over.",
                 ["{ceo.name} has stepped down as chief executive of {company}, three weeks "
                  "after the cyber-attack that exposed data belonging to {employees} workers.",
                  "\"The company needs a fresh start, and customers need to see that we "
                  "understand how serious this is,\" {ceo.surname} said in a statement.",
                  "The chief operating officer will lead the company while the board searches "
                  "for a successor.",
                  "{background}",
                  "The data commissioner's investigation continues."],
                 lead=False),
        ]),
    Thread(
        key="kilvane-maternity", image="pulse",
        topics=["Health", "Kilvane", "Public finances"],
        facts=dict(
            place=P["Kilvane"], health=G.health, unit="the maternity unit at Kilvane "
            "Cottage Hospital", births="310", distance="58 kilometres",
            campaigner=N(name="Bronwen Tarrant", surname="Tarrant",
                         role="a midwife who leads the Keep Kilvane Births campaign"),
            trust=N(name="Gideon Whitlock", surname="Whitlock",
                    role="chief executive of the Northern Hills Health Trust"),
            background=[
                "About {births} babies are born each year in {unit}, which serves the "
                "northern hills around Kilvane and Tessary.",
                "The nearest alternative is in Ostwick, {distance} away on roads that are "
                "often closed by snow in winter.",
                "The trust says it cannot recruit enough midwives and doctors to run the unit "
                "safely around the clock.",
            ]),
        beats=[
            Beat(0, "news/health",
                 "Kilvane maternity unit faces closure under health trust plans",
                 "Mothers would have to travel {distance} to give birth in Ostwick. "
                 "Campaigners say lives would be put at risk.",
                 ["{unit} could close under plans published by the Northern Hills Health "
                  "Trust on {day}.",
                  "\"We cannot keep asking a handful of staff to cover every night and every "
                  "weekend,\" said {trust.name}, {trust.role}. \"Safety has to come first.\"",
                  "{background}",
                  "{campaigner.name}, {campaigner.role}, said: \"Ask any woman in labour on "
                  "the pass road in January whether this is about safety.\"",
                  "{background}"],
                 lead=True, dateline="Kilvane"),
            Beat(3, "news/health",
                 "Thousands march in Kilvane to save maternity unit",
                 "Parents, midwives and farmers joined a protest against plans to close the "
                 "unit at Kilvane Cottage Hospital.",
                 ["Thousands of people marched through Kilvane on {day} in protest against "
                  "plans to close {unit}.",
                  "The march, organised by the Keep Kilvane Births campaign, ended with a rally "
                  "in the market square.",
                  "\"My daughter was born here in a snowstorm. If we had tried to get to "
                  "Ostwick, I don't know what would have happened,\" said {parent.name}, "
                  "{parent.role}.",
                  "{campaigner.name}, {campaigner.role}, told the crowd that the campaign had "
                  "collected 14,000 signatures.",
                  "{background}"],
                 dateline="Kilvane", image="pulse",
                 slots={"parent": person("resident")}),
            Beat(4, "politics/assembly",
                 "Health minister orders review of Kilvane maternity closure",
                 "{health.name} says no decision will be taken until an independent review "
                 "of safety and travel times reports.",
                 ["{health.name}, {health.role}, has ordered an independent review of plans "
                  "to close {unit}.",
                  "\"I have heard the strength of feeling in Kilvane. Any decision must be "
                  "based on evidence about safety, including the safety of long journeys,\" "
                  "{health.surname} told the National Assembly.",
                  "{trust.name} said the trust would co-operate fully.",
                  "{background}",
                  "{campaigner.name} called the review \"a first step\"."],
                 topics=["National Assembly"], dateline="Port Aldric"),
            Beat(8, "news/health",
                 "Kilvane maternity unit saved as review backs midwife-led model",
                 "The unit will stay open for low-risk births with a new ambulance on "
                 "standby for emergencies.",
                 ["{unit} will stay open, after an independent review recommended that it "
                  "become a midwife-led unit for low-risk births.",
                  "A dedicated ambulance will be based at the hospital to take women to "
                  "Ostwick if complications arise.",
                  "{campaigner.name}, {campaigner.role}, said: \"This is what we asked for "
                  "from the start. Today belongs to every family that marched.\"",
                  "{trust.name}, {trust.role}, said the trust accepted the findings.",
                  "{background}"],
                 lead=True, dateline="Kilvane"),
        ]),
    Thread(
        key="athletic-title", image="pitch",
        topics=["Football", "Port Aldric Athletic", "Brennock"],
        facts=dict(
            place=P["Port Aldric"],
            manager=N(name="Rosa Ingram", surname="Ingram", role="the Athletic manager"),
            rival=N(name="Kasimir Dunmore", surname="Dunmore", role="the Brennock City manager"),
            captain=N(name="Teodor Vance", surname="Vance", role="the Athletic captain"),
            striker=N(name="Emeka Strand", surname="Strand", role="the Brennock striker"),
            background=[
                "Port Aldric Athletic and Brennock City have been separated by no more than "
                "three points at the top of the Premier Division since the autumn.",
                "Athletic have not won the league for 14 years. Brennock City won it two "
                "seasons ago under {rival.name}.",
                "{captain.name} has played every minute of the season for Athletic, and "
                "{striker.name} leads the scoring charts with 19 goals.",
            ]),
        beats=[
            Beat(0, "sport/football",
                 "Port Aldric Athletic go top as title race with Brennock City tightens",
                 "A 2-0 win at Ostwick Town takes Athletic a point clear of Brennock City.",
                 ["Port Aldric Athletic went top of the Premier Division on {day} with a 2-0 "
                  "win at Ostwick Town, moving a point clear of Brennock City.",
                  "{captain.name} scored the first with a header from a corner, and a "
                  "deflected shot in stoppage time settled it.",
                  "\"We don't look at the table,\" said {manager.name}, {manager.role}. "
                  "\"Well, we look at it. We just try not to stare.\"",
                  "{background}",
                  "{background}"],
                 dateline="Ostwick"),
            Beat(4, "sport/football",
                 "Strand double keeps Brennock City in title hunt",
                 "{striker.name} took his tally to 21 as Brennock beat Saltmere United to stay "
                 "level with Port Aldric Athletic.",
                 ["{striker.name} scored twice as Brennock City beat Saltmere United 3-1 at "
                  "Millfield to draw level on points with Port Aldric Athletic.",
                  "\"Emeka does not need many chances,\" said {rival.name}, {rival.role}. "
                  "\"Give him two and he scores two.\"",
                  "{background}",
                  "The sides meet at the Quayside Stadium in ten days' time in what is "
                  "already being called the title decider."],
                 dateline="Brennock"),
            Beat(3, "sport/football",
                 "Athletic captain Teodor Vance ruled out of Brennock City decider",
                 "{captain.name} has a hamstring injury. {manager.name} calls it 'a blow, "
                 "not a disaster'.",
                 ["Port Aldric Athletic will be without their captain {captain.name} for the "
                  "title decider against Brennock City after he injured a hamstring in "
                  "training.",
                  "\"It is a blow, not a disaster,\" said {manager.name}, {manager.role}. "
                  "\"We have a squad, and now the squad has to show what it can do.\"",
                  "{background}",
                  "{rival.name} said the news changed nothing for Brennock. \"Athletic are "
                  "more than one player,\" he said."],
                 dateline="Port Aldric"),
            Beat(6, "sport/football",
                 "Port Aldric Athletic beat Brennock City to take control of title race",
                 "A goal from the teenager Wilma Hesketh gave Athletic a 1-0 win at the "
                 "Quayside Stadium in front of 31,000.",
                 ["Port Aldric Athletic beat Brennock City 1-0 in the title decider at the "
                  "Quayside Stadium, moving three points clear with four games to play.",
                  "Without the injured {captain.name}, Athletic were second best for most of "
                  "the first half, and {striker.name} hit the post twice.",
                  "The winner came from the 18-year-old Wilma Hesketh, who curled a shot into "
                  "the top corner in the 77th minute.",
                  "\"That is the best moment of my life,\" Hesketh said. \"I'll remember the "
                  "noise forever.\"",
                  "{manager.name}, {manager.role}, said: \"Nothing is won yet. But tonight we "
                  "can enjoy it.\"",
                  "{background}"],
                 lead=True, image="pitch", dateline="Port Aldric"),
            Beat(2, "sport/football",
                 "Rosa Ingram interview: 'Athletic have stopped being afraid of winning'",
                 "The Port Aldric Athletic manager on the title race, the teenager who won "
                 "the decider and a season of nerves.",
                 ["{manager.name} has coached Port Aldric Athletic for three seasons. For the "
                  "first time, her side are favourites for the title.",
                  "\"When I arrived, the players were afraid of winning. Every time we got "
                  "close, something happened,\" she says at the training ground.",
                  "Of the winner against Brennock City, she says: \"Wilma has done that in "
                  "training a hundred times. The only difference was 31,000 people.\"",
                  "{background}",
                  "Asked whether she allows herself to think about lifting the trophy, she "
                  "laughs. \"Ask me in three weeks.\""],
                 kind="interview", dateline=""),
        ]),
    Thread(
        key="aldric-open", image="court",
        topics=["Tennis", "Port Aldric", "Tourism"],
        facts=dict(
            place=P["Port Aldric"],
            player=N(name="Elif Marrick", surname="Marrick", role="the 17-year-old wildcard"),
            coach=N(name="Yusuf Carrow", surname="Carrow", role="Marrick's coach"),
            seed=N(name="Dita Sorensen", surname="Sorensen", role="the top seed"),
            event="the Aldric Open",
            background=[
                "{player.name} was given a wildcard into {event} after winning the national "
                "junior title in the spring. She is ranked 312th in the world.",
                "No Vellmark player has reached the final of {event} since 1998.",
                "{event} is played on the outdoor courts at the Quayside Tennis Club, and "
                "about 60,000 people attend during the week.",
            ]),
        beats=[
            Beat(0, "sport/tennis",
                 "Wildcard Elif Marrick, 17, stuns fifth seed at the Aldric Open",
                 "The teenager won in straight sets on her debut in the main draw.",
                 ["{player.name}, {player.role}, beat the fifth seed 6-4, 6-3 on {day} in her "
                  "first main-draw match at {event}.",
                  "\"I just tried to enjoy it. Then it was 5-3 and I thought, maybe,\" "
                  "{player.surname} said.",
                  "{background}",
                  "\"She has been hitting like this in practice for months,\" said "
                  "{coach.name}, {coach.role}."]),
            Beat(2, "sport/tennis",
                 "Marrick reaches Aldric Open quarter-finals as home crowd roars",
                 "The wildcard came from a set down to win in front of a full centre court.",
                 ["{player.name} came from a set down to reach the quarter-finals of "
                  "{event}, winning 3-6, 6-4, 6-2.",
                  "The centre court was full and loud, with spectators on the grass banks "
                  "outside watching on a big screen.",
                  "\"I have never heard anything like that noise,\" {player.surname} said.",
                  "{background}"]),
            Beat(2, "sport/tennis",
                 "Elif Marrick into Aldric Open final after beating former champion",
                 "The 17-year-old will play the top seed {seed.name} for the title.",
                 ["{player.name} will play for the title at {event} after beating a former "
                  "champion 7-5, 6-4 in the semi-finals.",
                  "She will face {seed.name}, {seed.role}, in the final.",
                  "\"I'm not thinking about the ranking or the history. It is just another "
                  "match,\" {player.surname} said, smiling. \"A big one.\"",
                  "{background}",
                  "{background}"],
                 lead=True, image="court"),
            Beat(1, "sport/tennis",
                 "Sorensen ends Marrick's run in Aldric Open final",
                 "The top seed won in three sets, but the Vellmark teenager's week will not "
                 "be forgotten.",
                 ["{seed.name}, {seed.role}, won {event} with a 6-3, 4-6, 6-2 victory over "
                  "{player.name} in the final.",
                  "The teenager took the second set to the delight of the crowd but could not "
                  "keep up with Sorensen's serve in the decider.",
                  "\"Elif is going to win a lot of these,\" {seed.surname} said at the "
                  "trophy ceremony.",
                  "{player.surname}'s run will lift her about 200 places in the rankings.",
                  "{background}"]),
        ]),
    Thread(
        key="kestria-election", image="map",
        topics=["Kestria", "Elections", "Trade"],
        facts=dict(
            place=N(name="Varnholm", topic="Kestria", district="the old town",
                    landmark="the parliament square"),
            premier=N(name="Casimir Dovre", surname="Dovre",
                      role="the Kestrian premier, of the National Union party"),
            challenger=N(name="Annika Lund-Varo", surname="Lund-Varo",
                         role="the leader of the Kestrian Social Democrats"),
            foreign=G.foreign,
            background=[
                "Kestria is Vellmark's western neighbour and its third-largest trading "
                "partner. About 40,000 Kestrians live and work in Vellmark.",
                "{premier.name} has led Kestria for eight years. The campaign has been "
                "dominated by housing costs and the border crossing at Kestrel Gap.",
                "{challenger.name} has promised to reopen talks on a shared rail line "
                "between Varnholm and Port Aldric.",
            ]),
        beats=[
            Beat(0, "news/world",
                 "Kestria election campaign opens with border and housing in focus",
                 "{premier.name} seeks a third term against {challenger.name}, whose party "
                 "leads in the polls.",
                 ["Kestria's general election campaign formally began on {day}, with "
                  "{premier.name} seeking a third term against {challenger.name}.",
                  "Polls give the Social Democrats a narrow lead of about three points.",
                  "\"People are tired of being told to wait for homes they can afford,\" "
                  "{challenger.surname} told supporters in Varnholm.",
                  "{background}",
                  "{background}"],
                 dateline="Varnholm"),
            Beat(5, "news/world",
                 "Dovre and Lund-Varo clash over border crossing in televised debate",
                 "The Kestrian candidates traded blows over Kestrel Gap and the cost of rent.",
                 ["{premier.name} and {challenger.name} clashed over the Kestrel Gap border "
                  "crossing in the only televised debate of the Kestrian election.",
                  "{premier.surname} said his government had cut waiting times for lorries by "
                  "half. {challenger.surname} said the crossing was \"a daily humiliation\" "
                  "for commuters.",
                  "{background}",
                  "Snap polls after the debate were split."],
                 dateline="Varnholm"),
            Beat(6, "news/world",
                 "Kestria election: Lund-Varo's Social Democrats win most seats",
                 "{challenger.name} is on course to become premier after eight years of "
                 "National Union government.",
                 ["The Social Democrats led by {challenger.name} have won the most seats in "
                  "Kestria's election, ending eight years of government by {premier.name}'s "
                  "National Union.",
                  "With almost all votes counted, the party had 71 of 150 seats, short of a "
                  "majority. It is expected to govern with the Greens.",
                  "\"Tonight Kestria chose hope over habit,\" {challenger.surname} told "
                  "cheering supporters in Varnholm.",
                  "{premier.surname} conceded defeat shortly after midnight.",
                  "{background}"],
                 lead=True, dateline="Varnholm", image="map"),
            Beat(1, "politics",
                 "Vellmark welcomes Kestria result as rail link hopes revive",
                 "{foreign.name} says she looks forward to working with {challenger.name}.",
                 ["{foreign.name}, {foreign.role}, congratulated {challenger.name} on her "
                  "victory in Kestria's election and said she hoped for \"a new chapter\" in "
                  "relations.",
                  "Business groups in Port Aldric said the result could revive plans for a "
                  "rail link between the two capitals.",
                  "{background}",
                  "{opposition.name} said the government should move quickly to restart "
                  "talks on the border crossing."],
                 dateline="Port Aldric",
                 slots={"opposition": lambda r, c: G.opposition}),
        ]),
    Thread(
        key="aldric-prize", image="pages",
        topics=["Books", "Port Aldric", "Education"],
        facts=dict(
            place=P["Port Aldric"], prize="the Aldric Prize for Fiction", purse="50,000 crowns",
            judge=N(name="Mabel Northcote", surname="Northcote", role="the chair of the judges"),
            winner=N(name="Cormac Loveday", surname="Loveday", book="The Lamplighter's "
                     "Daughter"),
            rival=N(name="Selma Eskelund", surname="Eskelund", book="Tidewater"),
            background=[
                "{prize} is worth {purse} to the winner and is open to novels by writers "
                "living in Vellmark.",
                "This year's shortlist of six was chosen from 143 submitted novels.",
                "Past winners include several debut novelists, and sales of shortlisted books "
                "usually rise sharply after the announcement.",
            ]),
        beats=[
            Beat(0, "culture/books",
                 "Aldric Prize for Fiction shortlist dominated by debut novels",
                 "Four of the six books on the shortlist are first novels, including "
                 "{winner.name}'s {winner.book}.",
                 ["Four debut novels are on the shortlist for {prize}, announced on {day}.",
                  "They include {winner.name}'s {winner.book}, about a girl who keeps the "
                  "lamps of a harbour town lit during a long strike, and {rival.name}'s "
                  "{rival.book}.",
                  "\"These are books that take risks and land them,\" said {judge.name}, "
                  "{judge.role}.",
                  "{background}",
                  "{background}"]),
            Beat(6, "culture/books",
                 "Selma Eskelund: 'Tidewater took me ten years and three drafts'",
                 "The Aldric Prize shortlisted author on writing about the sea, and why she "
                 "nearly gave up.",
                 ["{rival.name}'s {rival.book} is the bookmakers' favourite for {prize}. It "
                  "nearly did not get written.",
                  "\"I threw away the second draft. All of it,\" she says. \"It was the best "
                  "decision I made.\"",
                  "The novel follows three generations of a Saltmere fishing family.",
                  "{background}"],
                 kind="interview", dateline=""),
            Beat(5, "culture/books",
                 "Cormac Loveday wins the Aldric Prize for debut The Lamplighter's Daughter",
                 "The judges called the book 'a quiet miracle'. Loveday wins {purse}.",
                 ["{winner.name} has won {prize} for his debut novel {winner.book}.",
                  "{judge.name}, {judge.role}, called the book \"a quiet miracle, warm and "
                  "unsentimental\". The judges' decision was unanimous.",
                  "\"I wrote most of it on night shifts at a warehouse, so this feels a long "
                  "way from there,\" {winner.surname} said.",
                  "{rival.name}, whose {rival.book} had been the favourite, was among the "
                  "first to congratulate him.",
                  "{background}"],
                 lead=True, image="pages"),
        ]),
]
