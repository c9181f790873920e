"""The fictional world the demo newsroom reports on.

Vellmark is an invented parliamentary republic on a cold northern coast. Its capital, Port
Aldric, is where the paper is based. Every place, person, company and institution here is
made up for the demo; any resemblance to a real one is accidental.
"""

from __future__ import annotations


class N(dict):
    """A small record whose keys read as attributes, so templates can say ``{company.name}``."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def __str__(self) -> str:
        return str(self.get("name", ""))

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


COUNTRY = "Vellmark"
CAPITAL = "Port Aldric"
CURRENCY = "crowns"

# Marks a database that holds the demo newsroom: the demo's own city desk section.
MARKER_SECTION_PATH = "news/port-aldric"

# --- Sections ---------------------------------------------------------------------------

SECTIONS = [
    ("News", "news", "The day's reporting from Port Aldric, the regions and the wider world.", [
        ("Port Aldric", "port-aldric",
         "The capital's councils, courts, streets and people, from the Old Quay to North Fields."),
        ("Regions", "regions",
         "Eastport, Brennock, Saltmere, Kilvane and the towns beyond the capital."),
        ("World", "world",
         "Vellmark's neighbours and partners: Kestria, the Orsan Federation and further afield."),
        ("Health", "health", "Hospitals, care, public health and the people who run them."),
    ]),
    ("Politics", "politics", "Power in Vellmark: the National Assembly, the government, the "
     "opposition and the elections that decide between them.", [
        ("Assembly", "assembly", "Votes, committees and the business of the National Assembly."),
        ("Elections", "elections", "Campaigns, polls and results, national and local."),
    ]),
    ("Business", "business", "Companies, markets and the economy that pays for everything else.", [
        ("Markets", "markets", "Shares, bonds, the crown and the VX40 index, day by day."),
        ("Companies", "companies", "Deals, results, launches and boardroom fights."),
        ("Economy", "economy", "Prices, jobs, wages, interest rates and the public purse."),
    ]),
    ("Technology", "technology", "How software, networks and devices change work and daily "
     "life, and who regulates them.", [
        ("Start-ups", "start-ups", "Young companies, their founders and the money behind them."),
        ("Digital policy", "digital-policy",
         "Privacy, security, online safety and the rules for artificial intelligence."),
    ]),
    ("Science & Environment", "science-environment", "Research, discovery and the state of the "
     "land, sea and air around us.", [
        ("Climate", "climate", "Rising seas, floods, heat and the race to cut emissions."),
        ("Nature", "nature", "Wildlife, rivers, forests and the coast."),
        ("Space", "space", "Satellites, launches and what the telescopes are finding."),
    ]),
    ("Culture", "culture", "Books, film, music and the stage, reviewed and reported.", [
        ("Books", "books", "New writing, prizes and the people who make them."),
        ("Film", "film", "Releases, festivals and the business of cinema."),
        ("Music", "music", "Concerts, records and the scenes behind them."),
    ]),
    ("Sport", "sport", "Results, analysis and the stories behind the scores.", [
        ("Football", "football", "The Premier Division, the Vellmark Cup and the national team."),
        ("Tennis", "tennis", "The Aldric Open, the tour and the players to watch."),
    ]),
    ("Opinion", "opinion", "Arguments from our columnists, guest writers and the editorial "
     "board. Opinion pieces are clearly labelled and separate from our reporting.", [
        ("Editorials", "editorials", "The view of the paper's editorial board."),
        ("Columnists", "columnists", "Regular writers with a point of view."),
    ]),
]

# --- Topics -----------------------------------------------------------------------------

TOPICS = {
    "Port Aldric": "The capital on the Aldric estuary: its council, neighbourhoods and services.",
    "Eastport": "The ferry town on the south coast and its links to the Skerrin Islands.",
    "Brennock": "The river town in the Wend valley, its mills and its floods.",
    "Saltmere": "The fishing and shipping town and home of the marine institute.",
    "Kilvane": "The hill town and its hospital.",
    "Housing": "Rents, house building, planning rules and homelessness.",
    "Transport": "Roads, buses, cycling and how people get around.",
    "Rail": "Northline Rail, its trains, its timetable and its staff.",
    "Ferries": "Crossings to the Skerrin Islands and the contracts that run them.",
    "Health": "Hospitals, doctors, waiting lists and public health.",
    "Education": "Schools, colleges, universities and what they teach.",
    "Policing and justice": "Crime, the police and the courts.",
    "Public finances": "Taxes, spending and borrowing by the government and councils.",
    "Budget": "The government's annual budget and the fights over it.",
    "Interest rates": "Decisions by the Bank of Vellmark and what they mean for borrowers.",
    "Cost of living": "Prices, bills and what households can afford.",
    "Jobs and unions": "Work, pay, strikes and the unions that bargain for staff.",
    "Energy": "Power stations, the grid, bills and the shift to renewables.",
    "Climate": "Emissions, heat, rising seas and the politics of adapting.",
    "Flooding": "Rivers and storms, defences and the people who live behind them.",
    "Weather": "Storms, cold snaps and forecasts from the National Weather Service.",
    "Wildlife": "Birds, fish, seals and the habitats they need.",
    "Oceans": "The sea, its fisheries and the science of the coast.",
    "Space": "The Vellmark Space Agency, satellites and astronomy.",
    "National Assembly": "The country's parliament, its votes and its members.",
    "Elections": "Campaigns, candidates, polls and results.",
    "Kestria": "Vellmark's western neighbour, its politics and its border.",
    "Orsan Federation": "The large trading partner across the strait.",
    "Trade": "Exports, imports, tariffs and the deals behind them.",
    "Diplomacy": "Vellmark's dealings with other governments, treaties and summits.",
    "Public health": "Outbreaks, vaccination and keeping the population well.",
    "Artificial intelligence": "Machine learning, its uses and the rules for it.",
    "Cybersecurity": "Breaches, attacks and how organisations defend themselves.",
    "Data and privacy": "Who holds personal data and what they may do with it.",
    "Start-ups": "New companies, their founders and their funding.",
    "Telecoms": "Mobile networks, broadband and the companies that run them.",
    "Retail": "Shops, shopping streets and online sellers.",
    "Banking": "Banks, lending, savings and the rules that bind them.",
    "Mergers and takeovers": "Bids, deals and the regulators who approve them.",
    "Agriculture": "Farms, food prices and the countryside.",
    "Tourism": "Visitors, hotels and the places they go.",
    "Books": "Novels, non-fiction, prizes and publishing.",
    "Film": "Cinema, festivals and the people who make films.",
    "Music": "Orchestras, bands, festivals and records.",
    "Theatre": "Plays, stages and companies.",
    "Football": "The Premier Division, the cup and the national team.",
    "Premier Division": "Vellmark's top football league: fixtures, results and the title race.",
    "Port Aldric Athletic": "The capital's biggest football club.",
    "Tennis": "The Aldric Open and the players on tour.",
}

# --- People who recur ---------------------------------------------------------------------

GOVERNMENT = N(
    pm=N(name="Helena Marsh", surname="Marsh", role="the prime minister", party="Civic Alliance"),
    finance=N(name="Dariusz Kell", surname="Kell", role="the finance minister"),
    health=N(name="Amara Quist", surname="Quist", role="the health minister"),
    transport=N(name="Tobias Renn", surname="Renn", role="the transport minister"),
    environment=N(name="Sunniva Lachance", surname="Lachance", role="the environment minister"),
    digital=N(name="Oren Tamblyn", surname="Tamblyn", role="the minister for digital affairs"),
    foreign=N(name="Ilona Wexley", surname="Wexley", role="the foreign minister"),
    opposition=N(name="Marguerite Oduya", surname="Oduya", role="the leader of the opposition",
                 party="Reform Union"),
    greens=N(name="Fenwick Hale", surname="Hale", role="the leader of the Coast and Country party",
             party="Coast and Country"),
    mayor=N(name="Jonas Pereira-Lind", surname="Pereira-Lind", role="the mayor of Port Aldric"),
    governor=N(name="Elspeth Varn", surname="Varn", role="the governor of the Bank of Vellmark"),
)

# --- Places -------------------------------------------------------------------------------

PLACES = [
    N(name="Port Aldric", region="the capital", topic="Port Aldric", desc="the capital",
      landmark="the Old Quay", district="Harbourside"),
    N(name="Eastport", region="the south coast", topic="Eastport", desc="the ferry town",
      landmark="the ferry terminal", district="the Strand"),
    N(name="Brennock", region="the Wend valley", topic="Brennock", desc="the mill town",
      landmark="the Wend bridge", district="Millside"),
    N(name="Saltmere", region="the west coast", topic="Saltmere", desc="the fishing town",
      landmark="the fish market", district="Netherquay"),
    N(name="Kilvane", region="the northern hills", topic="Kilvane", desc="the hill town",
      landmark="the market square", district="Upper Kilvane"),
    N(name="Greywater", region="the Wend valley", topic=None, desc="the steel town",
      landmark="the old furnace works", district="Furnace Row"),
    N(name="Lowenby", region="the eastern plain", topic=None, desc="the market town",
      landmark="the corn exchange", district="Church End"),
    N(name="Ostwick", region="the eastern plain", topic=None, desc="the university town",
      landmark="the college green", district="Scholars' Row"),
    N(name="Marrowfield", region="the eastern plain", topic=None, desc="the farming town",
      landmark="the livestock market", district="Marrow Cross"),
    N(name="Tessary", region="the northern hills", topic=None, desc="the mountain town",
      landmark="the cable car station", district="High Street"),
]

CITY_DISTRICTS = ["Harbourside", "the Old Quay", "Millbrook", "Castlegate", "North Fields",
                  "Aldric Heath", "St Cadoc's", "the Ropewalk", "Southbank", "Fennel Hill"]

COUNTRIES = [
    N(name="Kestria", adj="Kestrian", capital="Varnholm", topic="Kestria"),
    N(name="the Orsan Federation", adj="Orsan", capital="Oskavar", topic="Orsan Federation"),
    N(name="Thalland", adj="Thallish", capital="Brevik", topic=None),
    N(name="the Mirova Islands", adj="Mirovan", capital="Port Sable", topic=None),
]

# --- Companies and institutions -------------------------------------------------------------

COMPANIES = [
    N(name="Harlow & Pike", ceo=N(name="Agathe Rowan", surname="Rowan",
            role="the chief executive"),
      short="Harlow & Pike", sector="retail", what="department store chain",
      topic="Retail", hq="Port Aldric", product="its stores"),
    N(name="Brightwater Telecom", ceo=N(name="Pavel Yardley", surname="Yardley",
            role="the chief executive"),
      short="Brightwater", sector="telecoms", what="mobile operator",
      topic="Telecoms", hq="Port Aldric", product="its mobile network"),
    N(name="Tessary Motors", ceo=N(name="Ilse Kaur", surname="Kaur",
            role="the chief executive"),
      short="Tessary", sector="carmaking", what="carmaker",
      topic="Trade", hq="Tessary", product="its electric vans"),
    N(name="Kestrel Air", ceo=N(name="Quentin Everard", surname="Everard",
            role="the chief executive"),
      short="Kestrel", sector="aviation", what="airline",
      topic="Tourism", hq="Port Aldric", product="its regional routes"),
    N(name="Meridian Mutual", ceo=N(name="Hollis Naidoo", surname="Naidoo",
            role="the chief executive"),
      short="Meridian", sector="banking", what="building society",
      topic="Banking", hq="Ostwick", product="its mortgages"),
    N(name="Fernway Foods", ceo=N(name="Bea Jessop", surname="Jessop",
            role="the chief executive"),
      short="Fernway", sector="food", what="food producer",
      topic="Agriculture", hq="Marrowfield", product="its dairy range"),
    N(name="Halden Pharmaceuticals", ceo=N(name="Anselm Corliss", surname="Corliss",
            role="the chief executive"),
      short="Halden", sector="pharmaceuticals",
      what="drugmaker", topic="Health", hq="Ostwick", product="its vaccines plant"),
    N(name="Lumen Grid", ceo=N(name="Dagny Wainwright", surname="Wainwright",
            role="the chief executive"),
      short="Lumen Grid", sector="energy", what="power network operator",
      topic="Energy", hq="Brennock", product="its transmission lines"),
    N(name="Skerrin Bank", ceo=N(name="Linus Okafor", surname="Okafor",
            role="the chief executive"),
      short="Skerrin Bank", sector="banking", what="bank",
      topic="Banking", hq="Port Aldric", product="its current accounts"),
    N(name="Wendmoor Homes", ceo=N(name="Farah Underhill", surname="Underhill",
            role="the chief executive"),
      short="Wendmoor", sector="housebuilding", what="housebuilder",
      topic="Housing", hq="Brennock", product="its new estates"),
    N(name="Cobalt Street", ceo=N(name="Soren Gallo", surname="Gallo",
            role="the chief executive"),
      short="Cobalt Street", sector="fashion", what="clothing retailer",
      topic="Retail", hq="Port Aldric", product="its online shop"),
    N(name="Aldric Breweries", ceo=N(name="Petra Isaksen", surname="Isaksen",
            role="the chief executive"),
      short="Aldric Breweries", sector="drinks", what="brewer",
      topic="Retail", hq="Port Aldric", product="its lagers"),
]

STARTUPS = [
    N(name="Tidewell", topic="Energy", what="a battery-storage start-up", product="home batteries",
      founder_role="chief executive"),
    N(name="Parcelly", topic="Retail", what="a delivery app", product="same-day deliveries",
      founder_role="co-founder"),
    N(name="Lexora", topic="Artificial intelligence", what="a legal software company",
      product="contract-review software",
      founder_role="founder"),
    N(name="Fieldnote", topic="Agriculture", what="a farm-data start-up", product="soil sensors",
      founder_role="chief executive"),
    N(name="Murmur Health", topic="Health", what="a digital health company",
      product="remote heart monitoring",
      founder_role="co-founder"),
    N(name="Quaystack", topic="Telecoms", what="a cloud-hosting start-up",
      product="data centres cooled by seawater",
      founder_role="chief executive"),
    N(name="Brightloom", topic="Education", what="an education software maker",
      product="maths tutoring software",
      founder_role="founder"),
    N(name="Kelpworks", topic="Oceans", what="a seaweed-materials start-up",
      product="seaweed packaging",
      founder_role="co-founder"),
]

WIRES = [
    N(name="Northern Wire Service", host="wire.example.com", byline="Northern Wire Service"),
    N(name="Coastal Chronicle", host="coastalchronicle.example.org",
      byline="Coastal Chronicle staff"),
]

# --- Names for the people a story quotes ---------------------------------------------------

FIRST_NAMES = [
    "Ada", "Anselm", "Bea", "Caspar", "Dalia", "Edvard", "Elif", "Farah", "Gideon", "Hollis",
    "Ines", "Ivo", "Jana", "Kasimir", "Leonie", "Linus", "Mabel", "Mateo", "Nell", "Odile",
    "Oren", "Petra", "Quentin", "Rosa", "Rune", "Selma", "Soren", "Talia", "Teodor", "Una",
    "Viggo", "Wren", "Yusuf", "Zara", "Amadou", "Bronwen", "Cormac", "Dita", "Emeka", "Femi",
    "Greta", "Hamid", "Ilse", "Jovan", "Kofi", "Lale", "Mirela", "Noor", "Ottilie", "Pavel",
    "Ravi", "Tove", "Ulla", "Valentin", "Wilma", "Yara", "Agathe", "Benedikt", "Cerys", "Dagny",
]
SURNAMES = [
    "Ambrose", "Bellweather",
    "Falkner", "Farrow", "Gethin", "Greaves", "Halloran",
    "Isaksen", "Juniper", "Kallis", "Lindqvist",
    "Nyberg", "Okafor", "Pemberton", "Quarrie", "Rasmussen", "Redfern", "Sallow", "Sandoval",
    "Thorne", "Yardley", "Zeller",
    "Adeyinka", "Corliss", "Dahlberg", "Everard", "Gallo", "Ivers", "Jessop", "Kaur",
    "Naidoo", "Prewitt", "Rowan", "Underhill", "Voss",
    "Wainwright", "Yilmaz", "Demir", "Elstob", "Fairweather", "Gorski", "Abernethy", "Blom",
    "Cardew", "Dorrance", "Ellingham", "Fosdyke", "Garroway", "Haverty", "Imrie", "Jolliffe",
    "Kilbride", "Lomax", "Maddox", "Nettleford", "Ormsby", "Pendry", "Rudd", "Sefton",
    "Trewin", "Upshall", "Vickery", "Wilding", "Ashdown", "Birtwhistle",
]

# Roles a story's people can hold; ``{where}`` is filled with the story's place.
ROLES = {
    "councillor": ["the council's cabinet member for housing", "a Civic Alliance councillor",
                   "the leader of the council", "a Reform Union councillor",
                   "the chair of the council's planning committee",
                   "the council's finance chief"],
    "resident": ["a retired teacher who has lived in {district} for 30 years",
                 "a nurse who commutes from {district}", "a café owner in {district}",
                 "a father of two from {district}", "a student at the local college",
                 "a delivery driver", "who runs a bakery near {landmark}",
                 "a volunteer at the local food bank"],
    "analyst": ["chief economist at Skerrin Bank", "an analyst at Harrowgate Capital",
                "a fund manager at Osprey Investors", "an economist at the Ostwick Institute "
                "for Public Finance", "head of research at Tolland & Fry"],
    "academic": ["a professor at the University of Port Aldric",
                 "a researcher at Ostwick University",
                 "a senior fellow at the Saltmere Institute of Marine Science",
                 "a lecturer in public policy at Ostwick University"],
    "police": ["a spokeswoman for Port Aldric Police", "a detective inspector",
               "a spokesman for the regional police", "the area's chief superintendent"],
    "union": ["the general secretary of the Public Services Union",
              "a regional organiser for the General Workers' Union",
              "a shop steward at the site"],
    "executive": ["the chief executive", "the finance director", "the chair",
                  "the managing director"],
    "doctor": ["a consultant at the hospital", "a GP in {district}",
               "the medical director of the regional health trust",
               "a senior nurse on the ward"],
    "campaigner": ["who leads the {place} Civic Society", "a campaigner with Clean Rivers "
                   "Vellmark", "the chair of the {district} residents' association",
                   "a spokeswoman for the Cyclists' Alliance"],
    "coach": ["the manager", "the head coach", "the assistant manager"],
    "artist": ["the director", "the author", "the composer", "the lead actor"],
}

# --- The paper's writers ------------------------------------------------------------------

# ``desks`` are the section paths each writer covers; their bylines follow them there.
AUTHORS = [
    N(name="Isobel Farrant", role="Political editor", desks=["politics", "politics/assembly",
      "politics/elections"], email="isobel.farrant@example.org",
      links=["https://example.social/@isobelfarrant"],
      bio="Isobel Farrant is the paper's political editor. She has covered four general "
          "elections and every budget since joining from the Ostwick Evening Star. She "
          "reports from the press gallery of the National Assembly."),
    N(name="Tomasz Wren", role="Economics correspondent", desks=["business/economy",
      "business/markets"], email="tomasz.wren@example.org",
      links=["https://example.social/@tomaszwren", "https://wren.example.com"],
      bio="Tomasz Wren writes about the economy, the Bank of Vellmark and the public "
          "finances. Before journalism he spent six years as an analyst at a Port Aldric "
          "pension fund. He lives in Castlegate."),
    N(name="Priya Castellan", role="Business reporter", desks=["business/companies",
      "business/markets", "business"], email="priya.castellan@example.org", links=[],
      bio="Priya Castellan reports on companies, from family firms in the Wend valley to the "
          "biggest names on the VX40. She previously covered retail and property."),
    N(name="Owen Adeyemi", role="City reporter", desks=["news/port-aldric", "news"],
      email="", links=["https://example.social/@owenadeyemi"],
      bio="Owen Adeyemi covers Port Aldric: its council, its courts and its streets. He grew "
          "up in North Fields and joined the paper as a trainee. Tips are welcome through the "
          "newsroom's secure contact page."),
    N(name="Ruth Calloway", role="Transport and regions correspondent",
      desks=["news/regions", "news"], email="ruth.calloway@example.org", links=[],
      bio="Ruth Calloway covers transport and the regions outside the capital, from the "
          "Eastport ferries to Northline Rail. She is based in the paper's Brennock office."),
    N(name="Lucia Brandvold", role="World affairs correspondent", desks=["news/world"],
      email="", links=["https://example.social/@luciabrandvold"],
      bio="Lucia Brandvold writes about Vellmark's neighbours and its place in the world. She "
          "spent five years reporting from Varnholm and speaks Kestrian and Orsan."),
    N(name="Felix Haraway", role="Technology reporter", desks=["technology",
      "technology/start-ups", "technology/digital-policy"], email="felix.haraway@example.org",
      links=["https://example.social/@felixharaway", "https://code.example.com/fharaway"],
      bio="Felix Haraway covers technology: the companies that build it, the people who use "
          "it and the regulators trying to keep up. He was previously a software developer."),
    N(name="Grace Ellery", role="Science and environment correspondent",
      desks=["science-environment", "science-environment/climate",
             "science-environment/nature", "science-environment/space"],
      email="grace.ellery@example.org", links=["https://example.social/@graceellery"],
      bio="Grace Ellery reports on science, climate and the natural world. She trained as a "
          "marine biologist at the Saltmere Institute before moving into journalism."),
    N(name="Rafael Okoro", role="Health correspondent", desks=["news/health"],
      email="rafael.okoro@example.org", links=[],
      bio="Rafael Okoro covers health and care: hospitals, waiting lists, public health and "
          "the staff who keep the service running. He previously worked as a hospital porter."),
    N(name="Hannah Vosse", role="Culture editor", desks=["culture", "culture/books",
      "culture/film", "culture/music"], email="hannah.vosse@example.org",
      links=["https://example.social/@hannahvosse"],
      bio="Hannah Vosse edits the culture pages and writes about books, film and the stage. "
          "She chairs the paper's annual reading panel."),
    N(name="Samir Haddou", role="Chief sports writer", desks=["sport", "sport/football"],
      email="", links=["https://example.social/@samirhaddou"],
      bio="Samir Haddou has covered Vellmark football for 15 years, including two World Cup "
          "qualifying campaigns. He still plays on Sunday mornings in a veterans' league."),
    N(name="Agnes Pell", role="Sports reporter", desks=["sport/tennis", "sport",
      "sport/football"], email="agnes.pell@example.org", links=[],
      bio="Agnes Pell covers tennis and the wider sports pages. A former county player, she "
          "has reported from every Aldric Open since 2015."),
    N(name="Jonah Ferreira", role="Columnist", desks=["opinion", "opinion/columnists"],
      email="", links=["https://example.social/@jonahferreira", "https://ferreira.example.net"],
      organisation="University of Port Aldric",
      bio="Jonah Ferreira is a professor of public policy at the University of Port Aldric and "
          "writes a weekly column on politics and the cities. His latest book is about the "
          "history of the Skerrin ferries."),
    N(name="Martha Oyelaran", role="Columnist", desks=["opinion", "opinion/columnists"],
      email="martha.oyelaran@example.org", links=[],
      bio="Martha Oyelaran writes about work, money and family life. She ran a small "
          "bakery in Lowenby for a decade before she started writing for the paper."),
]

# Names who show up in credits ("... contributed reporting"): stringers and desk staff.
CONTRIBUTORS = [
    "Ilse Marovic", "Kofi Bellweather", "Dagny Thorne", "Mateo Sallow", "Cerys Gorski",
    "Anselm Ivers", "Noor Dahlberg", "Pavel Redfern",
]


def recurring_surnames() -> set[str]:
    """Surnames of everyone who appears in more than one story."""
    from .stories_culture import BOOKS, CLUBS
    from .threads import THREADS

    names = {a.name for a in AUTHORS} | set(CONTRIBUTORS)
    names |= {p.name for p in GOVERNMENT.values()}
    names |= {c.ceo.name for c in COMPANIES} | {c.coach.name for c in CLUBS}
    names |= {b.writer.name for b in BOOKS}
    for thread in THREADS:
        names |= {v.name for v in thread.facts.values() if isinstance(v, N) and "surname" in v}
    return {name.split()[-1] for name in names}
