"""Everyday stories for News and Politics."""

from .templating import Bullets, H, Opt, Story, fixed, money, number, percent, person, pick, place
from .world import CITY_DISTRICTS, COUNTRIES, GOVERNMENT, N
from .world import PLACES as PLACES_BY_NAME

CAPITAL = N(name="Port Aldric", topic="Port Aldric", district="Harbourside",
            landmark="the Old Quay")

SCHEMES = [
    N(name="cycle lane", full="a protected cycle lane along Quay Road", topic="Transport",
      why="cut collisions at one of the city's busiest junctions",
      objection="traders fear losing parking outside their shops", image="skyline"),
    N(name="library refurbishment", full="the refurbishment of the central library",
      topic="Education", why="fix a leaking roof and add study space for students",
      objection="the cost has nearly doubled since the plan was first drawn up",
      image="skyline"),
    N(name="housing estate", full="a 340-home estate on the former tram depot",
      topic="Housing", why="ease a waiting list for council homes that has grown for a decade",
      objection="neighbours say the tallest block is out of scale with the street",
      image="skyline"),
    N(name="low-traffic zone", full="a low-traffic zone covering twelve residential streets",
      topic="Transport", why="stop drivers using narrow streets as a cut-through",
      objection="taxi drivers and some carers say journeys will take longer",
      image="skyline"),
    N(name="tram extension", full="a two-mile extension of the harbour tram line",
      topic="Transport", why="link the new hospital wing to the city centre",
      objection="the business case relies on passenger numbers critics call optimistic",
      image="skyline"),
    N(name="market hall sale", full="the sale of the Victorian market hall to a developer",
      topic="Retail", why="raise money to plug a gap in the council's budget",
      objection="the hall is the heart of the neighbourhood for its stallholders",
      image="skyline"),
    N(name="waterfront park", full="a new park on reclaimed land at the waterfront",
      topic="Climate", why="soak up storm water and give the district green space",
      objection="the port wants the land kept for warehousing", image="waves"),
    N(name="school expansion", full="the expansion of two primary schools", topic="Education",
      why="make room for 420 more pupils as young families move in",
      objection="the plan removes part of a playing field", image="skyline"),
]

OUTCOMES = [
    N(verb="approves", past="approved", vote="voted nine to four in favour",
      next="Work is expected to start within months.", tone="relief"),
    N(verb="delays", past="delayed", vote="voted to defer a decision",
      next="Officials will bring a revised plan back to the committee.", tone="frustration"),
    N(verb="rejects", past="rejected", vote="voted seven to five against",
      next="The scheme's backers have six months to appeal.", tone="anger"),
    N(verb="scales back", past="scaled back", vote="backed a smaller version of the plan",
      next="A revised design will be published for consultation.", tone="mixed feelings"),
]

INCIDENTS = [
    N(name="fire", night="the warehouse blaze", headline="Fire destroys warehouse",
      what="a fire that destroyed a warehouse",
      detail="More than 40 firefighters tackled the blaze at its height.", topic="Policing and "
      "justice"),
    N(name="flooded tunnel", night="the burst water main",
      headline="Burst water main floods underpass",
      what="a burst water main that flooded an underpass",
      detail="Engineers worked through the night to repair the 80-year-old pipe.",
      topic="Transport"),
    N(name="power cut", night="the blackout",
      headline="Power cut leaves thousands without electricity",
      what="a power cut that left thousands of homes without electricity",
      detail="Lumen Grid said a fault at a substation was to blame.", topic="Energy"),
    N(name="robbery", night="the jewellery shop raid",
      headline="Jewellery shop raided by masked gang",
      what="a raid on a jewellery shop by three masked men",
      detail="Police said no one was seriously hurt but staff were badly shaken.",
      topic="Policing and justice"),
]

HOSPITALS = [
    N(name="St Brannoc's Hospital", town="Port Aldric"),
    N(name="Eastport General Hospital", town="Eastport"),
    N(name="the Wend Valley Infirmary", town="Brennock"),
    N(name="Ostwick University Hospital", town="Ostwick"),
    N(name="Saltmere Community Hospital", town="Saltmere"),
]

BILLS = [
    N(name="Renters' Protection Bill", short="renters' bill", topic="Housing",
      does="ban no-fault evictions and cap rent rises at once a year",
      critics="landlords' groups say it will drive owners out of the market"),
    N(name="Coastal Defence Bill", short="coastal defence bill", topic="Flooding",
      does="set up a national fund for sea walls and flood barriers",
      critics="inland members say their rivers are being overlooked"),
    N(name="Online Safety (Children) Bill", short="online safety bill",
      topic="Data and privacy", does="require age checks on social media apps",
      critics="privacy campaigners warn it will mean handing ID to tech companies"),
    N(name="School Meals Bill", short="school meals bill", topic="Education",
      does="give every primary pupil a free hot lunch",
      critics="the opposition says the cost has not been properly funded"),
    N(name="Energy Efficiency Bill", short="energy efficiency bill", topic="Energy",
      does="require landlords to insulate rented homes by the end of the decade",
      critics="property owners say the deadline is unrealistic"),
    N(name="Local Transport Bill", short="transport bill", topic="Transport",
      does="let regional councils run their own bus networks",
      critics="bus operators warn of higher fares outside the cities"),
]

COMMITTEE_ISSUES = [
    N(ministry="the transport ministry", issue="the road repair backlog", topic="Transport",
      finding="the backlog of potholes and crumbling bridges has grown by a third in three years",
      minister=GOVERNMENT.transport),
    N(ministry="the health ministry", issue="ambulance waiting times", topic="Health",
      finding="patients in rural areas wait twice as long for an ambulance as those in cities",
      minister=GOVERNMENT.health),
    N(ministry="the environment ministry", issue="river pollution", topic="Wildlife",
      finding="sewage was released into rivers on more than 2,000 days last year",
      minister=GOVERNMENT.environment),
    N(ministry="the digital ministry", issue="the tax office's new computer system",
      topic="Public finances",
      finding="the system is two years late and 60% over budget",
      minister=GOVERNMENT.digital),
]


def _votes(rng, ctx):
    total = rng.randrange(140, 156)
    margin = rng.randrange(3, 31)
    winning, losing = (total + margin) // 2, (total - margin) // 2
    passed = ctx["result"].verb != "rejects"
    return N(ayes=winning if passed else losing, noes=losing if passed else winning)


STORIES = [
    Story(
        key="council-scheme", section="news/port-aldric", weight=2.2,
        topics=["Port Aldric", "{scheme.topic}", "Housing"],
        slots={"place": lambda r, c: CAPITAL, "scheme": pick(SCHEMES), "outcome": pick(OUTCOMES),
               "district": pick(CITY_DISTRICTS), "councillor": person("councillor"),
               "opponent": person("campaigner"), "resident": person("resident"),
               "cost": money(4, 90), "signatures": number(800, 6000, step=50)},
        headlines=["Council {outcome.verb} {district} {scheme.name} after heated meeting",
                   "Port Aldric council {outcome.verb} {scheme.name} in {district}",
                   "{district} {scheme.name} {outcome.past} by city planners"],
        standfirsts=["Councillors {outcome.vote} on {scheme.full}, which supporters say will "
                     "{scheme.why}.",
                     "The {cost} plan for {scheme.full} has divided {district}. On {day} the "
                     "planning committee {outcome.vote}."],
        body=[
            "Port Aldric city council has {outcome.past} {scheme.full} in {district}, after a "
            "meeting on {day} that ran for more than four hours and was twice interrupted by "
            "shouting from the public gallery.",
            "The planning committee {outcome.vote}. The scheme, which would cost about {cost}, "
            "is meant to {scheme.why}.",
            "\"This has never been about one street or one committee vote,\" said "
            "{councillor.name}, {councillor.role}. \"It is about what kind of neighbourhood we "
            "want to hand on. I understand that people feel strongly, and they are right to.\"",
            "Opponents were not persuaded. {opponent.name}, {opponent.role}, said "
            "{scheme.objection}, "
            "and that a petition against the plan had gathered {signatures} signatures.",
            "\"Nobody asked us properly,\" {opponent.surname} said. \"A consultation that runs "
            "over the summer holidays, with a survey nobody could find, is not a consultation.\"",
            H("What happens next"),
            "{outcome.next} Council officers told the meeting that the cost estimate had been "
            "checked by an independent surveyor in the spring.",
            Opt(0.7, "{resident.name}, {resident.role}, said the argument had been going on "
                "for too long. \"I just want someone to make a decision and stick to it,\" "
                "{resident.surname} said outside the town hall."),
            Opt(0.6, "The council is under pressure to save money this year after a cut in "
                "its grant from the national government, and several members questioned "
                "whether {cost} could be found at all."),
        ],
        image="skyline", caption="Port Aldric's skyline from the estuary.",
    ),
    Story(
        key="city-incident", section="news/port-aldric", weight=1.5, wire=True,
        topics=["Port Aldric", "{incident.topic}"],
        slots={"place": lambda r, c: CAPITAL, "incident": pick(INCIDENTS),
               "district": pick(CITY_DISTRICTS), "officer": person("police"),
               "witness": person("resident"), "number": number(150, 4200, step=10)},
        headlines=["{incident.headline} in {district}",
                   "{district} residents describe night of {incident.night}"],
        standfirsts=["Residents described {incident.what} in the early hours of {day}.",
                     "Emergency services were called to {district} after {incident.what}."],
        body=[
            "Emergency services were called to {district} in the early hours of {day} after "
            "{incident.what}.",
            "{incident.detail} Roads around the site were closed for much of the morning and "
            "bus routes were diverted.",
            "\"We were woken by the noise and then the street was full of blue lights,\" said "
            "{witness.name}, {witness.role}. \"Everyone was out on the pavement in their "
            "dressing gowns. You could tell it was serious.\"",
            "{officer.name}, {officer.role}, said the cause was being investigated and asked "
            "anyone with information or doorbell camera footage to come forward.",
            "\"We know this has been frightening for people who live nearby,\" {officer.surname} "
            "said. \"There will be a visible presence in the area over the next few days.\"",
            "About {number} households were affected, according to the council, which opened a "
            "rest centre in a community hall in {district}.",
            Opt(0.5, "It is the second time this year that the area has been disrupted. "
                "Residents have asked the council to publish a full account of what went wrong."),
        ],
        image="night", caption="Emergency lights in {district}, as drawn by our graphics desk.",
    ),
    Story(
        key="landlord-fined", section="news/port-aldric", weight=1.0,
        topics=["Port Aldric", "Housing", "Policing and justice"],
        slots={"place": lambda r, c: CAPITAL, "district": pick(CITY_DISTRICTS),
               "landlord": person(["a property company director", "a landlord",
                                   "the owner of a lettings agency"]),
               "fine": money(20, 180, unit="", step=5),
               "flats": number(6, 40), "councillor": person("councillor"),
               "tenant": person("resident")},
        headlines=["Landlord fined over damp and unsafe flats in {district}",
                   "{district} landlord ordered to pay after tenants lived with mould and broken "
                   "locks"],
        standfirsts=["Magistrates heard that tenants in {flats} flats lived with black mould, "
                     "broken fire doors and no heating for weeks."],
        body=[
            "A landlord who let {flats} flats in {district} with black mould, broken fire "
            "doors and no working heating has been ordered to pay {fine}.",
            "{landlord.name}, {landlord.role}, admitted eleven breaches of housing "
            "regulations at Port Aldric magistrates' court on {day}.",
            "The court heard that council inspectors found exposed wiring in a shared hallway, "
            "windows that could not be opened and a family with two young children sleeping in "
            "a single room because the other was too damp to use.",
            "\"My son's asthma got worse every winter we were there,\" said {tenant.name}, who "
            "lived in one of the flats for three years. \"We complained again and again and "
            "nothing happened until the council came.\"",
            "In mitigation, the court heard that {landlord.surname} had since carried out "
            "repairs and had not intended to put tenants at risk.",
            "{councillor.name}, {councillor.role}, said: \"Most landlords in this city do the "
            "right thing. The ones who do not should know that we will inspect, we will "
            "prosecute and we will make it cost them.\"",
            Opt(0.6, "The council says it received more than 2,300 complaints about disrepair in "
                "private rented homes last year, up by a fifth on the year before."),
        ],
        image="skyline",
    ),
    Story(
        key="regional-roadworks", section="news/regions", weight=1.6,
        topics=["{place.topic}", "Transport", "Public finances"],
        slots={"place": place(exclude=["Port Aldric"]),
               "project": pick([N(name="bypass", full="the long-awaited bypass"),
                                N(name="bridge repairs", full="repairs to the main river bridge"),
                                N(name="bus station", full="the new bus station"),
                                N(name="rail halt", full="the new rail halt on the branch line")]),
               "reason": pick([N(short="rising costs", long="steel and concrete prices rose "
                                 "sharply after the contract was signed"),
                               N(short="a ground survey", long="a survey found old mine workings "
                                 "under part of the route"),
                               N(short="a contractor dispute", long="the main contractor and the "
                                 "council fell out over who should pay for design changes"),
                               N(short="nesting birds", long="a colony of protected sand "
                                 "martins was found nesting on the site")]),
               "months": number(4, 18), "cost": money(12, 140),
               "official": person(["the council's director of highways",
                                   "the regional transport board's chief engineer"]),
               "trader": person("resident")},
        headlines=["{place} {project.name} delayed by {months} months after {reason.short}",
                   "Opening of {place} {project.name} pushed back after {reason.short}"],
        standfirsts=["{project.full} in {place} will now open {months} months late and cost "
                     "more than the {cost} first budgeted.",
                     "Officials in {place} blame {reason.short} for the latest delay to "
                     "{project.full}."],
        body=[
            "{project.full} in {place} will open {months} months later than planned, officials "
            "confirmed on {day}, after {reason.long}.",
            "The project was budgeted at {cost} when it was approved. The council has not said "
            "how much the delay will add, but a report to councillors warns that the final "
            "bill is likely to be \"materially higher\".",
            "\"Nobody is more frustrated than we are,\" said {official.name}, {official.role}. "
            "\"We would rather tell people the truth now than promise a date we cannot keep.\"",
            "For people in {place}, the news was met with weary resignation. {trader.name}, "
            "{trader.role}, said: \"We have heard it all before. Every year there is a new "
            "reason and every year we are still waiting.\"",
            H("Why it matters"),
            "Traffic through the centre of {place} has grown steadily over the past decade, and "
            "the town was promised the scheme as part of a regional growth plan.",
            "The regional transport board says it remains committed to the project and will "
            "publish a revised timetable once the contractor has finished its work on the "
            "site.",
        ],
        image="road", caption="A road through {place}, in an illustration by our graphics desk.",
    ),
    Story(
        key="regional-closure", section="news/regions", weight=1.3,
        topics=["{place.topic}", "{service.topic}", "Public finances"],
        slots={"place": place(exclude=["Port Aldric"]),
               "service": pick([
                   N(name="library", full="the town library", topic="Education",
                     users="schoolchildren doing homework and older people using the computers"),
                   N(name="swimming pool", full="the public swimming pool", topic="Health",
                     users="school swimming lessons and a club for people with arthritis"),
                   N(name="post office", full="the main post office", topic="Retail",
                     users="pensioners collecting money and small firms sending parcels"),
                   N(name="bank branch", full="the last bank branch in the town",
                     topic="Banking", users="shopkeepers paying in cash and older customers")]),
               "users": number(200, 3500, step=50), "saving": money(0.2, 3.5, step=0.1),
               "official": person("councillor"), "campaigner": person("campaigner"),
               "user": person("resident")},
        headlines=["{place} to lose its {service.name} as council looks for savings",
                   "Campaigners vow to fight closure of {place} {service.name}"],
        standfirsts=["About {users} people a week use {service.full}, which the council says "
                     "it can no longer afford to keep open."],
        body=[
            "{service.full} in {place} will close at the end of next month, the council "
            "confirmed on {day}, in a move it says will save {saving} a year.",
            "About {users} people a week use the {service.name}, including "
            "{service.users}.",
            "{official.name}, {official.role}, said the decision had been \"the hardest of "
            "my time on the council\". \"We have cut everything we can cut behind the scenes. "
            "What is left is the services people can see.\"",
            "Campaigners said they would seek a judicial review. \"This is a town that has "
            "already lost its courthouse and its job centre,\" said {campaigner.name}, "
            "{campaigner.role}. \"Every time something closes, people have one less reason to "
            "come into the centre.\"",
            "{user.name}, {user.role}, said: \"I don't know where I will go instead. The next "
            "one is two buses away.\"",
            Bullets("Councils across the region are facing the same choices. In the past year:",
                    ["Kilvane has cut the opening hours of its leisure centre",
                     "Greywater has handed two libraries to volunteer groups",
                     "Lowenby has closed its public toilets in the market square",
                     "Marrowfield has ended its late-night bus service"], k=3),
            Opt(0.6, "The council says it will talk to community groups that want to take over "
                "the building before it is offered for sale."),
        ],
        image="skyline",
    ),
    Story(
        key="world-diplomacy", section="news/world", weight=1.4, wire=True,
        topics=["{country.topic}", "{deal.topic}", "Trade", "Diplomacy"],
        slots={"country": pick([c for c in COUNTRIES if c.topic]), "place": fixed(CAPITAL),
               "deal": pick([N(name="fishing agreement", full="a new fishing agreement",
                               detail="sets quotas for herring and mackerel in shared waters",
                               topic="Oceans"),
                             N(name="trade deal", full="a trade deal",
                               detail="cuts tariffs on machinery, timber and dairy products",
                               topic="Trade"),
                             N(name="energy pact", full="an energy pact",
                               detail="commits both sides to a new undersea power cable",
                               topic="Energy"),
                             N(name="customs accord", full="a customs accord",
                               detail="speeds up checks for lorries at the main crossings",
                               topic="Trade")]),
               "foreign": fixed(GOVERNMENT.foreign),
               "official": person(["the chief negotiator", "a senior diplomat",
                                   "the trade envoy"]),
               "value": money(0.4, 6, unit="bn", step=0.1)},
        headlines=["Vellmark and {country.name} sign {deal.name} after two years of talks",
                   "{country.adj} and Vellmark ministers agree {deal.name}"],
        standfirsts=["The agreement {deal.detail}. Officials say it could be worth {value} "
                     "a year to Vellmark's economy."],
        body=[
            "Vellmark and {country.name} have signed {deal.full} that {deal.detail}, ending "
            "two years of sometimes bad-tempered negotiations.",
            "{foreign.name}, {foreign.role}, signed the agreement with her {country.adj} "
            "counterpart in {country.capital} on {day}.",
            "\"This is what patient diplomacy looks like,\" {foreign.surname} told reporters. "
            "\"Neither side got everything it wanted, which is usually a sign that a deal is "
            "fair.\"",
            "Government economists estimate the agreement could be worth {value} a year to "
            "Vellmark, although independent analysts have called that figure generous.",
            "{official.name}, {official.role} on the {country.adj} side, said the talks had "
            "nearly collapsed twice, most recently over access for smaller firms.",
            H("Opposition doubts"),
            "The opposition Reform Union said it would scrutinise the text closely when it comes "
            "before the National Assembly. \"We will not rubber-stamp a deal we have not read,\" "
            "a party spokesperson said.",
            "The agreement must be ratified by both parliaments before it takes effect.",
        ],
        dateline="{country.capital}",
        image="map", caption="The strait between Vellmark and its neighbours, as drawn by our "
        "graphics desk.",
    ),
    Story(
        key="world-weather-disaster", section="news/world", weight=1.0, wire=True,
        topics=["{country.topic}", "Weather", "Climate", "Diplomacy"],
        slots={"country": pick([c for c in COUNTRIES if c.topic]),
               "event": pick([N(name="wildfires", spread="wildfires spread", verb="force",
                                what="wildfires fanned by "
                               "strong winds", hit="burned through forest and farmland"),
                              N(name="floods", spread="rivers rise", verb="force",
                                what="floods after days of heavy "
                                "rain", hit="swept through low-lying towns"),
                              N(name="storm", spread="storm sweeps in", verb="forces",
                                what="a violent storm",
                                hit="brought down power lines and trees")]),
               "evacuated": number(1200, 24000, step=100),
               "official": person(["the regional governor", "a civil protection official",
                                   "the interior minister"]),
               "region": pick(["the northern provinces", "the coastal districts",
                               "the eastern valleys", "the lake region"])},
        headlines=["{event.name} {event.verb} thousands from their homes in {country.name}",
                   "{country.adj} authorities evacuate {evacuated} people as {event.spread}"],
        standfirsts=["Civil protection teams said {event.what} {event.hit} in {region}. Vellmark "
                     "has offered help."],
        body=[
            "About {evacuated} people have been moved from their homes in {region} of "
            "{country.name} after {event.what} {event.hit}, officials said on {day}.",
            "{official.name}, {official.role}, said emergency crews were working around the "
            "clock and that the coming 48 hours would be critical.",
            "\"We are asking people to follow the instructions they are given and not to go "
            "back for belongings,\" {official.surname} said. \"Houses can be rebuilt.\"",
            "Schools have been turned into shelters and the army has been deployed to help "
            "clear roads.",
            "Vellmark's foreign ministry said it had offered equipment and specialist teams, "
            "and advised travellers to check the latest guidance before setting off.",
            Opt(0.7, "Scientists say events like this are becoming more frequent as the "
                "climate warms, and that the region had its driest spring in decades."),
        ],
        dateline="{country.capital}",
        image="storm", caption="An illustration of storm clouds over the hills.",
    ),
    Story(
        key="world-politics", section="news/world", weight=1.2, wire=True,
        topics=["{country.topic}", "Elections", "Diplomacy"],
        slots={"country": pick([c for c in COUNTRIES if c.name != "Kestria"]),
               "leader": person(["prime minister", "president", "chancellor"]),
               "rival": person(["the opposition leader", "a former finance minister"]),
               "margin": number(2, 19),
               "event": pick([N(name="confidence vote", won="survives confidence vote",
                                lost="loses confidence vote",
                                why="a row over pension reform"),
                              N(name="cabinet reshuffle", won="reshuffles cabinet",
                                lost="loses two ministers in reshuffle",
                                why="a string of poor polls"),
                              N(name="referendum call", won="calls referendum",
                                lost="drops referendum plan",
                                why="pressure from coalition partners")])},
        headlines=["{country.adj} {leader.role} {event.won} after {event.why}",
                   "{country.adj} government {event.lost} amid {event.why}"],
        standfirsts=["The {event.name} in {country.capital} follows weeks of pressure over "
                     "{event.why}."],
        body=[
            "{leader.name}, {country.adj} {leader.role}, faced the most serious test of the "
            "government so far on {day}, after weeks of pressure over {event.why}.",
            "The {event.name} in {country.capital} was decided by a margin of {margin} votes, "
            "closer than government allies had predicted.",
            "\"The country needs stability, not another season of campaigning,\" "
            "{leader.surname} told parliament before the vote.",
            "{rival.name}, {rival.role}, said the result changed nothing. \"This government "
            "is living from one week to the next,\" {rival.surname} said.",
            "Diplomats in Port Aldric are watching closely: {country.name} is one of "
            "Vellmark's larger trading partners, and several agreements are awaiting approval "
            "in its parliament.",
            Opt(0.6, "Polls suggest that support for the governing coalition has fallen by "
                "about eight points since the spring."),
        ],
        dateline="{country.capital}",
        image="columns",
    ),
    Story(
        key="health-waiting", section="news/health", weight=1.5,
        topics=["Health", "{hospital_place.topic}", "Public finances"],
        slots={"hospital": pick(HOSPITALS),
               "hospital_place": lambda r, c: next(p for p in PLACES_BY_NAME
                                                   if p.name == c["hospital"].town),
               "place": lambda r, c: c["hospital_place"],
               "direction": pick([N(verb="rise", noun="an increase", word="longer"),
                                  N(verb="fall", noun="a fall", word="shorter")]),
               "pct": percent(3, 22), "patients": number(4000, 26000, step=100),
               "doctor": person("doctor"), "patient": person("resident"),
               "health": fixed(GOVERNMENT.health)},
        headlines=["Waiting lists at {hospital.name} {direction.verb} by {pct}",
                   "Patients at {hospital.name} face {direction.word} waits, figures show"],
        standfirsts=["New figures show {patients} people are waiting for planned treatment at "
                     "{hospital.name}, {direction.noun} of {pct} on last year."],
        body=[
            "The number of people waiting for planned operations and appointments at "
            "{hospital.name} has seen {direction.noun} of {pct} over the past year, according "
            "to figures published on {day}.",
            "In all, {patients} patients are now on the hospital's list, with the longest waits "
            "for "
            "hip and knee replacements, cataract surgery and dermatology.",
            "\"Behind every one of those numbers is someone in pain or worried,\" said "
            "{doctor.name}, {doctor.role}. \"Staff are working incredibly hard, but we have "
            "fewer beds than we need and too many patients who are well enough to leave but "
            "have nowhere to go.\"",
            "{patient.name}, {patient.role}, has been waiting 14 months for a hip operation. "
            "\"Some days I can't get to the end of the road,\" {patient.surname} said.",
            H("Ministers' response"),
            "{health.name}, {health.role}, said the government had funded extra operating "
            "theatres and that the effect would be felt by the end of the year.",
            "Opposition members said the figures showed the government's recovery plan was not "
            "working and called for an independent review of staffing.",
        ],
        dateline="{hospital.town}",
        image="pulse", caption="An illustration of a hospital ward at night.",
    ),
    Story(
        key="health-public", section="news/health", weight=1.2, wire=True,
        topics=["Health", "Public health", "{place.topic}"],
        slots={"place": place(),
               "illness": pick([N(name="flu", full="flu", advice="get a flu jab",
                                  topic="Weather"),
                                N(name="measles", full="measles", advice="check their "
                                  "children's vaccinations", topic="Education"),
                                N(name="norovirus", full="norovirus, the winter vomiting bug",
                                  advice="wash their hands and stay at home while ill",
                                  topic="Weather")]),
               "cases": number(40, 900), "official": person(["the director of public health",
                                                            "a public health consultant"]),
               "parent": person("resident")},
        headlines=["{illness.name} cases climb in {place} as doctors urge caution",
                   "Health officials warn of rising {illness.name} cases in {place}"],
        standfirsts=["{cases} cases have been confirmed in the past fortnight. Officials are "
                     "urging people to {illness.advice}."],
        body=[
            "Health officials in {place} have urged people to {illness.advice} after a sharp "
            "rise in cases of {illness.full}.",
            "{cases} cases have been confirmed in the past two weeks, against a handful in the "
            "same period last year, the regional health trust said on {day}.",
            "\"This is not a reason to panic, but it is a reason to be careful,\" said "
            "{official.name}, {official.role}. \"The people most at risk are the very young, "
            "the very old and anyone with a long-term illness.\"",
            Bullets("The trust's advice is:",
                    ["stay at home for at least 48 hours after symptoms stop",
                     "avoid visiting hospitals and care homes while unwell",
                     "wash hands with soap and water, as gels do not kill every virus",
                     "call the health line rather than going to the emergency department"], k=3),
            "Two schools have sent letters home to parents. {parent.name}, {parent.role}, said: "
            "\"Half my daughter's class has been off this week. You just hope you're not next.\"",
            "GP surgeries say they are busier than usual for the time of year.",
        ],
        image="pulse",
    ),
    Story(
        key="assembly-bill", section="politics/assembly", weight=1.8,
        topics=["National Assembly", "{bill.topic}", "Public finances"],
        slots={"place": fixed(CAPITAL), "bill": pick(BILLS),
               "result": pick([N(verb="passes", past="passed", yes=None, note="It now goes to "
                                 "the Senate, which is expected to approve it."),
                               N(verb="backs", past="backed", note="It will return for its "
                                 "final stage after committee scrutiny."),
                               N(verb="rejects", past="rejected", note="The government says "
                                 "it will bring back a revised version.")]),
               "votes": _votes,
               "member": person(["a Civic Alliance member", "a government backbencher",
                                 "the bill's sponsor"]),
               "critic": person(["a Reform Union member", "a Coast and Country member",
                                 "the opposition spokesperson"]),
               "opposition": fixed(GOVERNMENT.opposition)},
        headlines=["Assembly {result.verb} {bill.short} after late-night debate",
                   "Assembly {result.verb} {bill.name} by {votes.ayes} votes to {votes.noes}"],
        standfirsts=["The {bill.name} would {bill.does}. {bill.critics}."],
        body=[
            "The National Assembly has {result.past} the {bill.name}, which would "
            "{bill.does}, by {votes.ayes} votes to {votes.noes} after a debate that ran past "
            "midnight on "
            "{day}.",
            "{result.note}",
            "Opening the debate, {member.name}, {member.role}, said: \"For too long people "
            "have been told to wait. This bill says the wait is over.\"",
            "But {bill.critics}. {critic.name}, {critic.role}, said the bill had been "
            "\"drafted in a hurry and will be repented at leisure\".",
            H("The arithmetic"),
            "The government's majority is slim, and a handful of its own members abstained. "
            "Whips spent the evening in the corridors persuading waverers.",
            "{opposition.name}, {opposition.role}, said her party would keep pressing for "
            "amendments. \"A good idea badly done is still badly done,\" she said.",
            Opt(0.5, "Polling suggests the policy itself is popular, with about six in ten "
                "voters in favour."),
        ],
        image="columns", caption="The National Assembly building, as drawn by our graphics desk.",
    ),
    Story(
        key="assembly-committee", section="politics/assembly", weight=1.2,
        topics=["National Assembly", "{item.topic}", "Public finances"],
        slots={"place": fixed(CAPITAL), "item": pick(COMMITTEE_ISSUES),
               "chair": person(["the committee's chair", "a senior member of the committee"]),
               "recommendations": number(9, 31)},
        headlines=["Assembly committee criticises {item.ministry} over {item.issue}",
                   "Report finds {item.issue} 'worse than admitted' by ministers"],
        standfirsts=["Members found that {item.finding}, and made {recommendations} "
                     "recommendations."],
        body=[
            "A cross-party committee of the National Assembly has accused {item.ministry} of "
            "failing to get to grips with {item.issue}, in a report published on {day}.",
            "The committee found that {item.finding}.",
            "\"Ministers have known about this for years,\" said {chair.name}, {chair.role}. "
            "\"What we have not seen is a plan with dates, money and someone accountable.\"",
            "The report makes {recommendations} recommendations, including quarterly progress "
            "reports to the Assembly and an independent audit.",
            "{item.minister.name}, {item.minister.role}, said the ministry welcomed the "
            "committee's work and that several of its recommendations were already being put in "
            "place.",
            Opt(0.6, "The government has 60 days to respond formally."),
        ],
        image="columns",
    ),
    Story(
        key="election-poll", section="politics/elections", weight=0.6,
        topics=["Elections", "National Assembly"],
        slots={"place": fixed(CAPITAL), "pm": fixed(GOVERNMENT.pm),
               "opposition": fixed(GOVERNMENT.opposition), "greens": fixed(GOVERNMENT.greens),
               "ca": number(28, 38, words=False), "ru": number(26, 37, words=False),
               "cc": number(9, 17, words=False),
               "pollster": pick(["Veritas Polling", "Northgate Research", "Opinium Vell",
                                 "Compass Surveys"]),
               "expert": person("academic")},
        headlines=["Poll puts Civic Alliance on {ca}%, Reform Union on {ru}%",
                   "Coast and Country climbs to {cc}% in latest {pollster} survey"],
        standfirsts=["The {pollster} survey suggests neither main party would win a majority "
                     "if an election were held tomorrow."],
        body=[
            "The governing Civic Alliance has {ca}% support and the opposition Reform Union "
            "{ru}%, according to a {pollster} poll published on {day}.",
            "The smaller Coast and Country party is on {cc}%, which would make it kingmaker "
            "in a hung Assembly.",
            "{expert.name}, {expert.role}, said the numbers pointed to a tight race. \"Neither "
            "leader has sealed the deal with voters. The cost of living is still the issue "
            "that decides how people vote,\" {expert.surname} said.",
            Bullets("Among the other findings:",
                    ["housing has overtaken health as the top concern for voters under 35",
                     "{pm.name}'s personal rating has fallen for a third month",
                     "a third of voters say they have not yet decided",
                     "{opposition.name} leads among voters outside the capital",
                     "support for {greens.name}'s party is highest on the coast"], k=3),
            "The next general election must be held within 18 months.",
            Opt(0.5, "The poll questioned 2,104 adults online and has a margin of error of "
                "about two points."),
        ],
        image="chart",
    ),
]

