"""Everyday stories for Business, Technology and Science & Environment."""

from .templating import Bullets, H, Opt, Story, fixed, money, number, percent, person, pick, place
from .world import COMPANIES, GOVERNMENT, PLACES, STARTUPS, N

CAPITAL = PLACES[0]

MARKET_DRIVERS = [
    N(up="hopes of an early rate cut", down="fears that interest rates will stay high",
      topic="Interest rates"),
    N(up="a rally in energy shares", down="a slide in energy shares as oil prices fell",
      topic="Energy"),
    N(up="strong results from the big banks", down="a profit warning from a big lender",
      topic="Banking"),
    N(up="signs of a thaw in Orsan trade talks", down="worries about Orsan tariffs",
      topic="Trade"),
    N(up="better-than-expected retail sales", down="weak retail sales figures",
      topic="Retail"),
]


def _market_move(rng, ctx):
    up = rng.random() < 0.55
    change = round(rng.uniform(0.2, 2.4), 1)
    level = rng.randrange(7050, 8600)
    driver = ctx["driver"]
    return N(up=up, verb="rises" if up else "falls", past="rose" if up else "fell",
             change=f"{change}%", level=f"{level:,}", because=driver.up if up else driver.down,
             mood="buoyant" if up else "nervous", dir="higher" if up else "lower",
             close="close higher" if up else "close lower", name="rise" if up else "fall")


def _results(rng, ctx):
    up = rng.random() < 0.5
    pct = round(rng.uniform(3, 38), 1)
    return N(up=up, verb="rise" if up else "fall", past="rose" if up else "fell",
             pct=f"{pct}%", adj="strong" if up else "disappointing",
             shares="jumped" if up else "slid", shares_now="jump" if up else "slide",
             move=f"{round(rng.uniform(1.5, 9), 1)}%",
             name="rise" if up else "fall")


def _jobs(rng, ctx):
    cut = rng.random() < 0.55
    return N(cut=cut, verb="cut" if cut else "create", noun="job cuts" if cut else "new jobs",
             headline_verb="to cut" if cut else "to create",
             reaction="a devastating blow" if cut else "a vote of confidence",
             union_line=("\"The people who built this business are being asked to pay for "
                         "decisions made in the boardroom,\"" if cut else
                         "\"We welcome the jobs, but we want them to be good, secure jobs,\""))


STORIES = [
    Story(
        key="markets-daily", section="business/markets", weight=2.2, wire=True,
        topics=["{driver.topic}", "Banking", "Trade"],
        slots={"place": fixed(CAPITAL), "driver": pick(MARKET_DRIVERS), "move": _market_move,
               "company": pick(COMPANIES), "stock_move": percent(2, 11),
               "analyst": person("analyst"), "crown": percent(0.1, 0.9)},
        headlines=["VX40 {move.verb} {move.change} on {move.because}",
                   "Port Aldric shares {move.close}, led by {company.name}",
                   "{company.name} leads VX40 {move.name} amid {move.because}"],
        standfirsts=["The index {move.past} to {move.level} points, with {company.name} among "
                     "the biggest movers."],
        body=[
            "Shares in Port Aldric {move.past} on {day}, with the VX40 index closing {move.change} "
            "{move.dir} at {move.level} points, on {move.because}.",
            "{company.name} was among the biggest movers, its shares swinging by {stock_move} "
            "during a {move.mood} session.",
            "\"The market is trading on every scrap of news at the moment,\" said "
            "{analyst.name}, {analyst.role}. \"It does not take much to move prices when "
            "nobody is sure where rates or trade are heading.\"",
            "The crown moved {crown} against the Orsan mark in late trading.",
            "Government bond yields were little changed, suggesting investors see no rush by "
            "the Bank of Vellmark to change course.",
            Opt(0.6, "Trading volumes were lighter than usual, with several large investors "
                "waiting for next week's inflation figures."),
        ],
        image="chart", caption="An illustration of a share price chart.",
    ),
    Story(
        key="company-results", section="business/companies", weight=2.0, wire=True,
        topics=["{company.topic}", "Banking", "Cost of living"],
        slots={"company": pick(COMPANIES),
               "place": lambda r, c: next(p for p in PLACES if p.name == c["company"].hq),
               "result": _results,
               "revenue": money(0.3, 6.5, unit="bn", step=0.1),
               "boss": lambda r, c: c["company"].ceo, "analyst": person("analyst"),
               "half": pick(["first-half", "annual", "third-quarter"])},
        headlines=["{company.name} profits {result.verb} {result.pct} as costs bite",
                   "{company.name} shares {result.shares_now} after {result.adj} {half} results"],
        standfirsts=["The {company.what} reported {half} sales of {revenue}, and warned that "
                     "customers remain cautious."],
        body=[
            "{company.name}, the {company.what}, said on {day} that its {half} profits "
            "{result.past} by {result.pct}, on sales of {revenue}.",
            "Shares {result.shares} {result.move} in morning trading in Port Aldric.",
            "{boss.name}, {boss.role} of {company.short}, said the business had \"held its "
            "nerve in a difficult market\". \"Our customers are careful with their money, and "
            "so are we,\" {boss.surname} said. \"We are investing in {company.product} and "
            "keeping a tight grip on costs.\"",
            H("Cautious outlook"),
            "The company said energy and wage bills were still higher than a year ago, and that "
            "it expected trading to remain \"challenging\" for the rest of the year.",
            "{analyst.name}, {analyst.role}, said: \"These are {result.adj} numbers in a tough "
            "market. The question now is whether the company can keep its prices where they "
            "are without losing customers.\"",
            Opt(0.6, "{company.short} employs about 4,800 people, most of them in Vellmark, and "
                "pays a dividend twice a year."),
        ],
        dateline="{company.hq}",
        image="chart",
    ),
    Story(
        key="company-jobs", section="business/companies", weight=1.4,
        topics=["{company.topic}", "Jobs and unions", "{place.topic}"],
        slots={"company": pick(COMPANIES), "place": place(exclude=["Port Aldric"]),
               "jobs": _jobs, "count": number(60, 900, step=10),
               "boss": lambda r, c: c["company"].ceo,
               "union": person("union"), "worker": person("resident")},
        headlines=["{company.name} {jobs.headline_verb} {count} jobs in {place}",
                   "{place} braces for {count} {jobs.noun} at {company.name}"],
        standfirsts=["Unions called the announcement {jobs.reaction} for {place}, where "
                     "{company.short} is one of the largest employers."],
        body=[
            "{company.name} plans to {jobs.verb} {count} jobs at its site in {place}, the "
            "company said on {day}.",
            "{boss.name}, {boss.role}, said the decision followed a long review of the "
            "business. \"We have not taken this lightly. We believe it is the right thing for "
            "the long-term future of {company.short},\" {boss.surname} said.",
            "Unions called the news {jobs.reaction} for {place}. {jobs.union_line} said "
            "{union.name}, {union.role}.",
            "{worker.name}, who has worked at the site for nine years, said people had been "
            "waiting for news for weeks. \"You could feel something was coming,\" "
            "{worker.surname} said.",
            "The regional council said it would meet the company and union representatives "
            "next week.",
            Opt(0.5, "The announcement comes as businesses across {place.region} adjust to "
                "higher borrowing costs and a slowdown in orders."),
        ],
        image="factory", caption="An illustration of an industrial site in {place}.",
    ),
    Story(
        key="economy-inflation", section="business/economy", weight=1.2, wire=True,
        topics=["Cost of living", "Interest rates", "Public finances"],
        slots={"place": fixed(CAPITAL), "rate": percent(1.8, 4.9),
               "prev": percent(1.8, 4.9), "food": percent(1.2, 7.5),
               "economist": person("analyst"), "finance": fixed(GOVERNMENT.finance),
               "shopper": person("resident"),
               "driver": pick(["food and fuel", "rents and energy bills", "hotel and restaurant",
                               "clothing and household goods"])},
        headlines=["Inflation moves to {rate} as {driver} prices shift",
                   "Consumer prices up {rate} on a year earlier, statistics office says"],
        standfirsts=["Prices rose by {rate} in the year to last month, against {prev} the "
                     "month before. Food inflation was {food}."],
        body=[
            "Consumer prices in Vellmark rose by {rate} in the year to last month, compared "
            "with {prev} the month before, the National Statistics Office said on {day}.",
            "Changes in {driver} prices accounted for most of the movement, while food prices "
            "were {food} higher than a year ago.",
            "\"The headline number is only part of the story,\" said {economist.name}, "
            "{economist.role}. \"Households still feel the cumulative rise in prices over the "
            "past three years, and that is what shapes how people spend.\"",
            "{finance.name}, {finance.role}, said the figures showed the government's plan "
            "was working. The opposition said families were still worse off than before.",
            H("What it means for rates"),
            "The Bank of Vellmark's next rate decision is due later this month. Markets expect "
            "it to hold its main rate, though some economists think a cut is possible before "
            "the end of the year.",
            Opt(0.7, "{shopper.name}, {shopper.role}, said: \"I don't notice the percentages. I "
                "notice that the weekly shop costs more than it used to.\""),
        ],
        image="chart", caption="An illustration of prices rising and falling.",
    ),
    Story(
        key="economy-housing", section="business/economy", weight=1.1,
        topics=["Housing", "Interest rates", "Banking"],
        slots={"place": place(), "pct": percent(0.4, 7.5), "price": number(180, 460, step=5),
               "lender": pick([c for c in COMPANIES if c.sector == "banking"]),
               "agent": person(["an estate agent", "a mortgage broker"]),
               "buyer": person("resident")},
        headlines=["House prices in {place} up {pct} on the year, says {lender.name}",
                   "Average {place} home now costs {price},000 crowns, lender finds"],
        standfirsts=["Buyers are returning as mortgage rates ease, but first-time buyers say "
                     "deposits are still out of reach."],
        body=[
            "The average home in {place} now costs {price},000 crowns, {pct} more than a year "
            "ago, according to figures from {lender.name} published on {day}.",
            "The lender said demand had picked up as mortgage rates eased from their peak, "
            "although the number of homes for sale remains low.",
            "\"We are seeing more viewings and more offers than in the spring,\" said "
            "{agent.name}, {agent.role} in {place}. \"But buyers are much more careful about "
            "what they are willing to pay.\"",
            "For first-time buyers, the picture is harder. {buyer.name}, {buyer.role}, has been "
            "saving for a deposit for five years. \"Every time I get closer, the target moves,\" "
            "{buyer.surname} said.",
            "Rents have risen faster than house prices in most of the country, according to "
            "separate figures from the statistics office.",
        ],
        image="skyline",
    ),
    Story(
        key="startup-funding", section="technology/start-ups", weight=1.5,
        topics=["Start-ups", "{startup.topic}", "Banking"],
        slots={"place": fixed(CAPITAL), "startup": pick(STARTUPS), "raised": money(2, 45),
               "staff": number(12, 140), "founder": person(["founder"]),
               "investor": person(["a partner at Estuary Ventures", "a partner at Lantern "
                                   "Capital", "an investor at Northbridge Partners"]),
               "theme": pick(["Artificial intelligence", "Energy", "Health", "Agriculture"])},
        headlines=["{startup.name} raises {raised} to expand {startup.product}",
                   "Port Aldric's {startup.name} secures {raised} from investors"],
        standfirsts=["The money will help {startup.what} hire staff and move into new markets "
                     "across the strait."],
        body=[
            "{startup.name}, {startup.what} based in Port Aldric, has raised {raised} from "
            "investors to expand its {startup.product}.",
            "The company, which employs {staff} people, said on {day} that it would use the "
            "money to double its engineering team and open an office in Oskavar.",
            "\"Two years ago we were four people in a shared office above a bike shop,\" said "
            "{founder.name}, the company's {startup.founder_role}. \"Now we are selling to "
            "customers who had never heard of Vellmark.\"",
            "{investor.name}, {investor.role}, which led the round, said the company had "
            "\"the rare combination of a real product and customers who pay for it\".",
            H("A busy year for funding"),
            "Vellmark start-ups have raised more money this year than in any year since "
            "records began, although most of it has gone to a small number of companies.",
            Opt(0.6, "Founders say the biggest obstacle to growth is still finding experienced "
                "engineers, many of whom leave for better-paid jobs abroad."),
        ],
        image="circuit", caption="An illustration of a circuit board.",
    ),
    Story(
        key="tech-outage", section="technology", weight=0.9, wire=True,
        topics=["Telecoms", "Cybersecurity", "{place.topic}"],
        slots={"place": place(), "hours": number(2, 11),
               "customers": number(40, 620, step=10),
               "spokes": person(["a Brightwater spokeswoman", "a Brightwater spokesman"]),
               "user": person("resident"),
               "cause": pick(["a faulty software update", "damage to a fibre cable by "
                              "contractors", "a power failure at a data centre"])},
        headlines=["Brightwater outage leaves {customers},000 customers without signal",
                   "Mobile users in {place} cut off for {hours} hours by Brightwater fault"],
        standfirsts=["The operator blamed {cause} and said it would compensate customers."],
        body=[
            "About {customers},000 Brightwater Telecom customers were left without mobile "
            "signal for up to {hours} hours on {day}, with {place} among the worst-hit areas.",
            "The company blamed {cause} and said service had been fully restored by the "
            "evening.",
            "\"We are sorry for the disruption,\" said {spokes.name}, {spokes.role}. \"We know "
            "how much people rely on their phones, for work, for family and in emergencies.\"",
            "{user.name}, {user.role}, said: \"The card machine in the shop stopped working, "
            "the phone stopped working, and nobody could tell us anything for hours.\"",
            "The telecoms regulator said it had asked Brightwater for a full report on what "
            "went wrong and whether emergency calls were affected.",
            "Customers will receive a credit on their next bill, the company said.",
        ],
        image="circuit",
    ),
    Story(
        key="digital-regulator", section="technology/digital-policy", weight=1.2,
        topics=["Data and privacy", "Cybersecurity", "{company.topic}"],
        slots={"place": fixed(CAPITAL), "company": pick(COMPANIES), "fine": money(0.5, 14),
               "records": number(20, 900, step=10),
               "commissioner": person(["the data protection commissioner",
                                       "the deputy data protection commissioner"]),
               "expert": person("academic"),
               "failing": pick(["kept customers' records far longer than it needed to",
                                "failed to encrypt a database of customer details",
                                "shared customer data with advertisers without consent"])},
        headlines=["{company.name} fined {fine} over customer data failings",
                   "Data watchdog fines {company.short} after {records},000 records exposed"],
        standfirsts=["The commissioner found that the {company.what} {failing}."],
        body=[
            "{company.name} has been fined {fine} by the data protection commissioner, who "
            "found that the {company.what} {failing}.",
            "About {records},000 customers were affected, the commissioner's office said on "
            "{day}.",
            "\"People hand over their details because they trust a company to look after "
            "them,\" said {commissioner.name}, {commissioner.role}. \"That trust was not "
            "respected here.\"",
            "{company.short} said it accepted the findings and had \"made significant "
            "changes\" to how it stores and handles personal data.",
            "{expert.name}, {expert.role}, said the fine was one of the largest the office had "
            "issued. \"It sends a message to boards that data protection is not just a job for "
            "the IT department,\" {expert.surname} said.",
            Opt(0.5, "Customers who think they were affected can contact the company or the "
                "commissioner's office for advice."),
        ],
        image="circuit",
    ),
    Story(
        key="ai-public-services", section="technology/digital-policy", weight=0.8,
        topics=["Artificial intelligence", "{service.topic}", "Data and privacy"],
        slots={"place": fixed(CAPITAL), "digital": fixed(GOVERNMENT.digital),
               "service": pick([N(name="benefit claims", topic="Public finances"),
                                N(name="hospital appointments", topic="Health"),
                                N(name="school admissions", topic="Education"),
                                N(name="planning applications", topic="Housing")]),
               "critic": person(["a digital rights campaigner", "a computer scientist at "
                                 "Ostwick University"]),
               "pilots": number(3, 12)},
        headlines=["Government to test AI software for {service.name}",
                   "Ministers set rules for artificial intelligence in {service.name}"],
        standfirsts=["{pilots} pilot schemes will run under new rules that require a human to "
                     "check every decision."],
        body=[
            "The government is to test artificial intelligence software to help handle "
            "{service.name}, under rules published on {day} that require a person to check "
            "every decision.",
            "{digital.name}, {digital.role}, said {pilots} pilot schemes would start within "
            "months. \"Used carefully, these tools can cut queues and free staff for the work "
            "only people can do,\" {digital.surname} said.",
            Bullets("Under the rules:",
                    ["every system must be listed on a public register",
                     "people must be told when software was used in their case",
                     "a named official will be responsible for each system",
                     "systems will be tested for bias before they are used"], k=3),
            "{critic.name}, {critic.role}, said the safeguards were welcome but untested. "
            "\"The register is only useful if it says how the systems actually work,\" "
            "{critic.surname} said.",
            "The opposition called for the Assembly to vote on the rules.",
        ],
        image="circuit",
    ),
    Story(
        key="science-research", section="science-environment", weight=1.3, wire=True,
        topics=["{finding.topic}", "{finding.topic2}", "Education"],
        slots={"place": pick([p for p in PLACES if p.name in ("Ostwick", "Saltmere",
                                                            "Port Aldric")]),
               "finding": pick([
                   N(head="Seagrass meadows store more carbon than thought",
                     claim="seagrass meadows off the west coast store nearly twice as much "
                     "carbon as earlier estimates suggested", topic="Climate", topic2="Oceans",
                     journal="Marine Ecology Letters"),
                   N(head="Sleep loss affects teenagers' memory within days",
                     claim="teenagers who lost two hours of sleep a night for five nights did "
                     "markedly worse in memory tests", topic="Health", topic2="Public health",
                     journal="the Journal of Adolescent Health Research"),
                   N(head="Ancient harbour found beneath estuary mud",
                     claim="timber posts buried under the estuary are the remains of a "
                     "harbour more than 1,500 years old", topic="Tourism", topic2="Port Aldric",
                     journal="the Northern Archaeology Review"),
                   N(head="Cheaper battery material passes first tests",
                     claim="a sodium-based battery material kept 90% of its capacity after "
                     "2,000 charges", topic="Energy", topic2="Start-ups",
                     journal="Applied Materials Today"),
                   N(head="City trees cool streets by up to four degrees",
                     claim="tree-lined streets were up to four degrees cooler on summer "
                     "afternoons than bare ones", topic="Climate", topic2="Housing",
                     journal="Urban Climate Studies")]),
               "lead": person("academic"), "other": person("academic"),
               "sample": number(40, 900)},
        headlines=["{finding.head}, study finds",
                   "{finding.head}, say {place} researchers"],
        standfirsts=["Researchers say {finding.claim}. The work is published in "
                     "{finding.journal}."],
        body=[
            "Researchers in {place} say {finding.claim}, in a study published on {day} in "
            "{finding.journal}.",
            "The team collected data from {sample} sites and samples over three years.",
            "\"We were surprised by how clear the result was,\" said {lead.name}, "
            "{lead.role}, who led the study. \"It changes how we should think about the "
            "question.\"",
            "{other.name}, {other.role}, who was not involved in the research, called it "
            "\"careful and important work\" but said the findings needed to be repeated "
            "elsewhere before firm conclusions could be drawn.",
            H("What comes next"),
            "The team plans a larger study next year and has applied for funding from the "
            "National Research Council.",
        ],
        image="waves", caption="An illustration by our graphics desk.",
    ),
    Story(
        key="climate-record", section="science-environment/climate", weight=1.1,
        topics=["Climate", "Weather", "Oceans"],
        slots={"place": place("Saltmere", "Eastport", "Port Aldric", "Tessary"),
               "record": pick([N(what="sea temperatures", verb="have", head="Sea "
                                 "temperatures off {place} hit record high",
                                 detail="The water reached 19.4C at the harbour buoy, 2.6 "
                                 "degrees above the average for the time of year."),
                               N(what="the overnight temperature", verb="has",
                                 head="{place} records its warmest night",
                                 detail="The thermometer did not fall below 21.2C all night, "
                                 "beating the previous record by almost a degree."),
                               N(what="rainfall", verb="has", head="{place} has its "
                                 "wettest month on record",
                                 detail="More than 240 millimetres of rain fell, nearly "
                                 "three times the monthly average.")]),
               "forecaster": person(["a forecaster at the National Weather Service"]),
               "scientist": person("academic"), "env": fixed(GOVERNMENT.environment)},
        headlines=["{record.head}"],
        standfirsts=["The National Weather Service says {record.what} broke a record that had "
                     "stood for decades."],
        body=[
            "{record.what} in {place} {record.verb} broken a record that stood for more than 40 "
            "years, the National Weather Service said on {day}.",
            "{record.detail}",
            "\"Records are always being broken somewhere, but the margin here is striking,\" "
            "said {forecaster.name}, {forecaster.role}.",
            "{scientist.name}, {scientist.role}, said the result fitted a pattern seen across "
            "the region. \"What used to be a once-in-a-generation event now comes round every "
            "few years,\" {scientist.surname} said.",
            "{env.name}, {env.role}, said the government's climate adaptation plan would be "
            "updated later this year.",
            Opt(0.6, "Fishing crews say they are already seeing species arrive earlier and "
                "further north than they did a decade ago."),
        ],
        image="waves", caption="Waves off {place}, in an illustration by our graphics desk.",
    ),
    Story(
        key="nature-return", section="science-environment/nature", weight=1.2,
        topics=["Wildlife", "{place.topic}", "Tourism"],
        slots={"place": place(exclude=["Port Aldric"]),
               "species": pick([N(name="otters", what="otters"),
                                N(name="white-tailed eagles", what="white-tailed eagles"),
                                N(name="salmon", what="wild salmon"),
                                N(name="beavers", what="beavers"),
                                N(name="grey seals", what="grey seals")]),
               "years": number(20, 90), "ranger": person(["a ranger with the Wildlife Trust",
                                                         "a volunteer bird recorder"]),
               "farmer": person(["a sheep farmer", "a fisherman", "a landowner"])},
        headlines=["{species.name} return to {place} after {years} years",
                   "Rare {species.name} spotted near {place} for first time in {years} years"],
        standfirsts=["Conservationists credit cleaner rivers and a decade of habitat work. "
                     "Not everyone is pleased."],
        body=[
            "{species.what} have been seen near {place} for the first time in {years} years, "
            "conservationists said on {day}.",
            "\"I had to sit down when I saw them,\" said {ranger.name}, {ranger.role}. \"People "
            "have been working for years to get the habitat right, and this is the reward.\"",
            "The return is being credited to cleaner water and the replanting of river banks "
            "and woodland along the coast.",
            "Not everyone is delighted. {farmer.name}, {farmer.role}, said: \"It is lovely for "
            "the visitors. I would like someone to ask how it affects those of us who make a "
            "living here.\"",
            "The Wildlife Trust is asking walkers to keep dogs on leads and to report "
            "sightings rather than approach the animals.",
        ],
        dateline="{place}",
        image="waves",
    ),
    Story(
        key="space-satellite", section="science-environment/space", weight=0.8, wire=True,
        topics=["Space", "{mission.topic}", "Start-ups"],
        slots={"place": fixed(CAPITAL),
               "mission": pick([N(name="Skua-2", purpose="monitor sea ice and fishing fleets",
                                  topic="Oceans"),
                                N(name="Heron", purpose="measure crop health from orbit",
                                  topic="Agriculture"),
                                N(name="Lantern-1", purpose="track methane leaks",
                                  topic="Climate")]),
               "cost": money(18, 160), "director": person(["the director of the Vellmark "
                                                          "Space Agency", "the mission's "
                                                          "chief scientist"])},
        headlines=["Vellmark's {mission.name} satellite reaches orbit",
                   "{mission.name} satellite sends back its first images"],
        standfirsts=["The {cost} satellite will {mission.purpose}."],
        body=[
            "Vellmark's {mission.name} satellite is in orbit and working, the Vellmark Space "
            "Agency said on {day}.",
            "The {cost} spacecraft, built in Ostwick, will {mission.purpose}.",
            "\"It is a good day for a small country with big ambitions,\" said "
            "{director.name}, {director.role}.",
            "Engineers will spend the next six weeks testing its instruments before it begins "
            "regular work.",
            "The agency says data from the satellite will be free for researchers and "
            "businesses to use.",
        ],
        image="stars", caption="An illustration of a satellite over the northern coast.",
    ),
]
