"""Everyday stories for Culture, Sport and Opinion."""

from .templating import H, Opt, Story, fixed, money, number, person, pick
from .world import GOVERNMENT, PLACES, N

CAPITAL = PLACES[0]

CLUBS = [
    N(name="Port Aldric Athletic", coach=N(name="Rosa Ingram", surname="Ingram",
             role="the manager"),
      short="Athletic", ground="the Quayside Stadium",
      town="Port Aldric", topic="Port Aldric Athletic"),
    N(name="Eastport Rovers", coach=N(name="Cormac Voss", surname="Voss",
             role="the manager"),
      short="Rovers", ground="Harbour Park", town="Eastport",
      topic="Eastport"),
    N(name="Brennock City", coach=N(name="Kasimir Dunmore", surname="Dunmore",
             role="the manager"),
      short="Brennock", ground="Millfield", town="Brennock",
      topic="Brennock"),
    N(name="Saltmere United", coach=N(name="Femi Sandoval", surname="Sandoval",
             role="the manager"),
      short="Saltmere", ground="the Netherquay Ground", town="Saltmere",
      topic="Saltmere"),
    N(name="Kilvane Wanderers", coach=N(name="Una Redfern", surname="Redfern",
             role="the manager"),
      short="Kilvane", ground="Crag Lane", town="Kilvane",
      topic="Kilvane"),
    N(name="Greywater", coach=N(name="Mateo Demir", surname="Demir",
             role="the manager"),
      short="Greywater", ground="Furnace Park", town="Greywater", topic=None),
    N(name="Ostwick Town", coach=N(name="Greta Lindqvist", surname="Lindqvist",
             role="the manager"),
      short="Ostwick", ground="College Road", town="Ostwick", topic=None),
    N(name="Lowenby Albion", coach=N(name="Ivo Zeller", surname="Zeller",
             role="the manager"),
      short="Albion", ground="the Corn Meadow", town="Lowenby",
      topic=None),
]

def _writer(name: str) -> N:
    return N(name=name, surname=name.split()[-1])


# Each book has its author and the town it is about, so repeat coverage stays consistent.
BOOKS = [
    N(title="The Salt Year", genre="novel", about="a family of herring fishers during the "
      "winter the harbour froze", writer=_writer("Tove Gethin"), town="Saltmere"),
    N(title="Small Hours in Castlegate", genre="short story collection", about="night-shift "
      "workers in the capital", writer=_writer("Amadou Pemberton"), town="Port Aldric"),
    N(title="A Map of Lost Ferries", genre="history", about="the boats and crews that once "
      "linked the islands", writer=_writer("Greta Halloran"), town="Eastport"),
    N(title="The Quiet Engine", genre="novel", about="an engineer who returns to the steel "
      "town she left at eighteen", writer=_writer("Ravi Maddox"), town="Greywater"),
    N(title="Weather for Beginners", genre="memoir", about="a childhood spent between a "
      "lighthouse and a city flat", writer=_writer("Ottilie Falkner"), town="Kilvane"),
    N(title="What the River Kept", genre="novel", about="two sisters and a flood that changed "
      "a valley", writer=_writer("Jovan Elstob"), town="Brennock"),
]

FILMS = [
    N(title="Northern Light, Southern Shore", genre="drama", about="a ferry captain's last "
      "season before retirement"),
    N(title="The Furnace Choir", genre="documentary", about="a workers' choir that outlived "
      "the steelworks it was founded in"),
    N(title="Low Tide", genre="thriller", about="a missing boat and a town that will not talk"),
    N(title="Kites Over Kilvane", genre="family comedy", about="a grandfather, a granddaughter "
      "and a kite competition"),
    N(title="Static", genre="science fiction drama", about="a radio operator who hears a "
      "message from a ship that sank decades ago"),
]

ACTS = [
    N(name="the Aldric Philharmonic", verb="bring", kind="orchestra",
      work="a new symphony by a young "
      "Ostwick composer"),
    N(name="Harbour Lights", verb="bring", kind="folk band",
      work="songs from their first album in six "
      "years"),
    N(name="Mira Sallow", verb="brings", kind="singer-songwriter",
      work="a set of new songs about leaving home"),
    N(name="The Night Ferries", verb="bring", kind="indie band",
      work="their loudest and strangest record "
      "yet"),
    N(name="the Brennock Brass", verb="bring", kind="brass band",
      work="a programme of mill-town marches"),
]


def _match(rng, ctx):
    home, away = rng.sample(CLUBS, 2)
    hg, ag = rng.choice([(1, 0), (2, 1), (3, 1), (0, 0), (1, 1), (2, 2), (0, 1), (1, 2),
                         (0, 2), (3, 0), (2, 0), (4, 2)])
    scorer = ctx["scorer"]
    if hg == ag:
        headline = rng.choice([f"{home.name} and {away.name} share the points in {hg}-{ag} draw",
                               f"{scorer.surname} rescues a point for {home.short} against "
                               f"{away.name}"])
        summary = f"{home.name} and {away.name} drew {hg}-{ag}"
        winner = loser = None
    else:
        winner, loser = (home, away) if hg > ag else (away, home)
        wg, lg = max(hg, ag), min(hg, ag)
        headline = rng.choice([
            f"{winner.name} beat {loser.name} {wg}-{lg}",
            f"Late {scorer.surname} goal gives {winner.name} win over {loser.name}",
            f"{winner.name} {wg}-{lg} {loser.name}: {scorer.surname} the difference",
            f"{scorer.surname} strikes as {winner.name} see off {loser.name}",
        ])
        summary = f"{winner.name} beat {loser.name} {wg}-{lg}"
    scoring = winner or home
    return N(home=home, away=away, hg=hg, ag=ag, headline=headline, summary=summary,
             winner=winner, loser=loser, scoring=scoring, name=summary,
             result_line=(f"The result leaves {winner.short} in the top half of the Premier "
                          f"Division and {loser.short} looking over their shoulders."
                          if winner else "Neither side will be satisfied with a point."),
             topics=[t for t in (home.topic, away.topic) if t])


def _tennis(rng, ctx):
    rounds = ["the quarter-finals", "the semi-finals", "the final", "the third round"]
    event, city, topic = rng.choice([("the Varnholm Indoor", "Varnholm", "Kestria"),
                                     ("the Oskavar Masters", "Oskavar", "Orsan Federation"),
                                     ("the Brevik Classic", "Brevik", "Tourism")])
    return N(round=rng.choice(rounds), sets=rng.choice(["6-4, 7-5", "7-6, 3-6, 6-2",
                                                       "6-3, 6-4", "4-6, 6-3, 7-5",
                                                       "6-2, 6-7, 6-4"]),
             event=event, city=city, topic=topic)


EDITORIAL_ISSUES = [
    N(head="The council must stop stalling on homes", topic="Housing", topic2="Port Aldric",
      problem="the city has approved fewer new homes this year than in any year since the "
      "records began", ask="set a target for council homes, publish progress every quarter "
      "and stop sending schemes back to committee for another round of tinkering"),
    N(head="Rail passengers deserve more than apologies", topic="Rail", topic2="Transport",
      problem="one train in five on Northline's busiest routes ran late last month",
      ask="publish punctuality by route, pay automatic compensation and set a date for the "
      "long-promised new timetable"),
    N(head="A flood plan is not a flood defence", topic="Flooding", topic2="Climate",
      problem="towns in the Wend valley have been promised new defences for a decade",
      ask="fund the barriers that engineers have already designed, before the next storm "
      "season, not after it"),
    N(head="Keep the small libraries open", topic="Education", topic2="Public finances",
      problem="councils are closing branch libraries to save sums that are tiny in a budget "
      "of billions", ask="protect a core network of libraries in law and pay for it nationally"),
    N(head="Regulate the algorithms that decide", topic="Artificial intelligence",
      topic2="Data and privacy", problem="software is already helping to decide who gets a "
      "loan, a job interview and a council flat", ask="require every public body to say where "
      "it uses such systems, and give people the right to a human review"),
    N(head="Our hospitals need beds, not slogans", topic="Health", topic2="Public finances",
      problem="hospitals are full because patients who are well enough to leave have nowhere "
      "to go", ask="fund care at home and in care homes properly, so that hospital beds are "
      "free for the people who need them"),
]

COLUMN_THEMES = [
    N(head="Nobody moves to a city for its bypass", topic="Transport", topic2="Port Aldric",
      argument="cities compete on the quality of their streets, not the speed at which you "
      "can leave them", scene="On a wet Tuesday in Castlegate, I counted the people walking "
      "past the new market stalls."),
    N(head="The four-day week is already here for some of us", topic="Jobs and unions",
      topic2="Cost of living", argument="flexible working has quietly become a perk for "
      "office staff while shift workers are left out", scene="My neighbour drives a bus. My "
      "sister writes reports from her kitchen table."),
    N(head="Why I stopped worrying about screen time", topic="Education",
      topic2="Data and privacy", argument="what children do on screens matters far more than "
      "how long they spend on them", scene="My son spent the summer building a model of the "
      "Old Quay in a video game."),
    N(head="Our high streets need people, not parking", topic="Retail", topic2="Transport",
      argument="the busiest shopping streets are the ones that are pleasant to walk along",
      scene="Lowenby's market square used to be a car park with a few stalls on the edges."),
    N(head="Pay nurses like we mean it", topic="Health", topic2="Jobs and unions",
      argument="we cannot keep relying on the goodwill of staff who are leaving for better pay "
      "abroad", scene="A nurse I know has started a second job stacking shelves at night."),
    N(head="The sea is not a backdrop", topic="Oceans", topic2="Climate",
      argument="coastal towns need a say in decisions about the waters they depend on",
      scene="In Saltmere the fish market opens at four, long before the tourists arrive."),
]

STORIES = [
    Story(
        key="football-match", section="sport/football", weight=3.0, wire=True,
        topics=["Football", "Premier Division", "{match.home.topic}", "{match.away.topic}"],
        slots={"scorer": person(["striker", "midfielder", "defender", "substitute"]),
               "match": _match,
               "place": lambda r, c: next(p for p in PLACES if p.name == c["match"].home.town),
               "coach": lambda r, c: c["match"].scoring.coach,
               "attendance": number(4200, 31000, step=100),
               "minute": number(52, 90)},
        headlines=["{match.headline}"],
        standfirsts=["{scorer.name} was the difference at {match.home.ground}, where "
                     "{attendance} watched.",
                     "{match.summary} in front of {attendance} at {match.home.ground}."],
        body=[
            "{match.summary} at {match.home.ground} on {day}, with {scorer.name} the "
            "decisive figure in front of a crowd of {attendance}.",
            "The first half was scrappy, with both sides giving the ball away cheaply and "
            "neither goalkeeper seriously tested until the half-hour.",
            "It came alive after the break. {scorer.surname}, the {scorer.role}, found space "
            "on the edge of the area in the {minute}th minute and made no mistake.",
            "\"We asked for more bravery with the ball, and the players gave it to us,\" "
            "said {coach.name}, {coach.role} of {match.scoring.short}. \"It was not pretty for "
            "long spells, but the table does not care about pretty.\"",
            "{match.result_line}",
            Opt(0.6, "Both sides are back in action next weekend, with the cup third round "
                "the weekend after."),
        ],
        dateline="{match.home.town}",
        image="pitch", caption="An illustration of a football pitch under floodlights.",
    ),
    Story(
        key="football-transfer", section="sport/football", weight=1.0,
        topics=["Football", "Premier Division", "{club.topic}"],
        slots={"club": pick(CLUBS), "player": person(["striker", "midfielder", "defender",
                                                      "goalkeeper"]),
               "fee": money(0.8, 9.5, step=0.1), "years": pick([N(word="two"), N(word="three"),
                                                                N(word="four")]),
               "from_club": pick(["Oskavar Dynamo", "FC Varnholm", "Brevik Sporting",
                                  "Port Sable Mariners"]),
               "coach": lambda r, c: c["club"].coach,
               "place": lambda r, c: next(p for p in PLACES if p.name == c["club"].town)},
        headlines=["{club.name} sign {player.role} {player.name} from {from_club}",
                   "{club.name} break club record to land {player.name}"],
        standfirsts=["The {player.role} has signed a {years.word}-year contract for a fee reported "
                     "to be about {fee}."],
        body=[
            "{club.name} have signed the {player.role} {player.name} from {from_club} on a "
            "{years.word}-year contract, the club announced on {day}.",
            "The fee was not disclosed, but is understood to be about {fee}, which would make "
            "it one of the largest in the club's history.",
            "\"I have watched {player.surname} for two seasons. The quality was never in "
            "doubt; the question was whether we could afford it,\" said {coach.name}, "
            "{coach.role}. \"The board has backed us.\"",
            "{player.surname} said: \"I spoke to the coach for an hour and by the end I knew "
            "this was where I wanted to play.\"",
            "The new signing could make a debut at {club.ground} next weekend, subject to "
            "international clearance.",
        ],
        dateline="{club.town}",
        image="pitch",
    ),
    Story(
        key="tennis-match", section="sport/tennis", weight=1.2, wire=True,
        topics=["Tennis", "{match.topic}"],
        slots={"winner": person(["the Vellmark No 1", "the world No 14", "the teenager",
                                 "the defending champion", "the qualifier"]),
               "loser": person(["the third seed", "the former champion", "the Kestrian",
                                "the Orsan left-hander"]),
               "match": _tennis, "place": fixed(CAPITAL)},
        dateline="{match.city}",
        headlines=["{winner.name} beats {loser.name} to reach {match.round}",
                   "{winner.surname} through to {match.round} at {match.event}"],
        standfirsts=["{winner.role} won {match.sets} in a match that lasted nearly three "
                     "hours."],
        body=[
            "{winner.name}, {winner.role}, beat {loser.name} {match.sets} on {day} to reach "
            "{match.round} of {match.event}.",
            "{winner.surname} lost serve early in the first set but recovered with a run of "
            "five straight games, striking the ball cleanly from the back of the court.",
            "{loser.surname}, {loser.role}, saved four match points before finally netting a "
            "backhand.",
            "\"I told myself to keep it simple: first serve in, move my feet, don't try to hit "
            "the perfect shot,\" {winner.surname} said.",
            "{winner.surname} will play the winner of tomorrow's second match.",
        ],
        image="court", caption="An illustration of a tennis court.",
    ),
    Story(
        key="books-new", section="culture/books", weight=0.6, kind="interview", evergreen=True,
        topics=["Books", "{place.topic}", "Education"],
        slots={"book": pick(BOOKS), "writer": lambda r, c: c["book"].writer,
               "place": lambda r, c: next(p for p in PLACES if p.name == c["book"].town),
               "years": lambda r, c: ["three", "four", "five", "six", "seven", "eight", "nine",
                                      "ten"][len(c["book"].title) % 8]},
        headlines=["'{book.title}': {writer.name} on writing about {place}",
                   "{writer.name}: 'I needed {years} years to write {book.title}'"],
        standfirsts=["The {book.genre} is about {book.about}. Its author talks about home, "
                     "memory and rewriting the ending nine times."],
        body=[
            "{writer.name} spent {years} years on {book.title}, a {book.genre} about "
            "{book.about}. It is published this week.",
            "\"I wanted to write about {place} the way people who live there talk about it, "
            "not the way it looks on a postcard,\" {writer.surname} says when we meet in a "
            "café near {place.landmark}.",
            "The book has been a long time coming. {writer.surname} wrote the first chapter "
            "in a notebook on the train and then put it away for three years.",
            H("Rewriting the ending"),
            "\"I rewrote the ending nine times. My editor stopped asking when it would be "
            "finished and started asking whether I was all right,\" {writer.surname} says, "
            "laughing.",
            "Early readers have been generous. The book has already been chosen for the "
            "Port Aldric libraries' autumn reading list.",
            "\"In the end you write the book you would want to find on a shelf,\" "
            "{writer.surname} says. \"If someone else finds it too, that is a gift.\"",
        ],
        dateline="", image="pages", caption="An illustration of an open book.",
    ),
    Story(
        key="film-festival", section="culture/film", weight=1.0, kind="feature", evergreen=True,
        topics=["Film", "Port Aldric", "Tourism"],
        slots={"film": pick(FILMS), "director": person("artist"), "place": fixed(CAPITAL),
               "screens": number(3, 40)},
        headlines=["{film.title}: the {film.genre} everyone at the festival is talking about",
                   "Why {film.title} could be the surprise of the year"],
        standfirsts=["{director.name}'s {film.genre} about {film.about} has its first "
                     "screening in Port Aldric this week."],
        body=[
            "{film.title}, a {film.genre} about {film.about}, had the longest queue of the "
            "Port Aldric film festival on {day}.",
            "Its director, {director.name}, made the film on a budget smaller than the "
            "catering bill of most studio productions, filming over two winters with a crew "
            "of eleven.",
            "\"We shot in real places with real weather,\" {director.surname} said after the "
            "screening. \"When the rain came, we filmed the rain.\"",
            "The result is unhurried and often funny, with a final twenty minutes that left "
            "parts of the audience in tears.",
            "A distributor has picked the film up for release in {screens} cinemas next "
            "spring.",
        ],
        dateline="", image="film", caption="An illustration of a cinema screen.",
    ),
    Story(
        key="music-review", section="culture/music", weight=1.0, kind="feature",
        topics=["Music", "{place.topic}", "Tourism"],
        slots={"act": pick(ACTS), "place": pick(PLACES[:5]),
               "venue": pick(["the Corn Exchange", "the Harbour Hall", "the Mill Theatre",
                              "St Cadoc's Church", "the Old Quay Warehouse"]),
               "fan": person("resident")},
        headlines=["{act.name} {act.verb} {act.work} to {venue}",
                   "Review: {act.name} at {venue}, {place}"],
        standfirsts=["The {act.kind} played to a full house in {place} on a wet night."],
        body=[
            "It was raining hard in {place} on {day}, but {venue} was full long before "
            "{act.name} came on stage.",
            "The {act.kind} had come to play {act.work}, and for the first half-hour the "
            "audience listened in near silence.",
            "The second half loosened up. By the encore, people were on their feet.",
            "\"I've seen them four times and this was the best,\" said {fan.name}, "
            "{fan.role}. \"It felt like they were playing for us, not for a recording.\"",
            "The tour continues through the regions until the end of the month.",
        ],
        dateline="{place}", image="sound", caption="An illustration of sound waves.",
    ),
    Story(
        key="opinion-editorial", section="opinion/editorials", weight=0.6, kind="opinion",
        byline="The editorial board", evergreen=True,
        topics=["{issue.topic}", "{issue.topic2}"],
        slots={"issue": pick(EDITORIAL_ISSUES), "place": fixed(CAPITAL)},
        # One headline form only: "Our view: X" beside "X" would be the same leader twice.
        headlines=["{issue.head}"],
        standfirsts=["The problem is plain: {issue.problem}. The fix is not mysterious."],
        body=[
            "There are problems that are hard to solve, and problems that are merely hard to "
            "face. This is the second kind.",
            "The facts are not in dispute: {issue.problem}. Everyone involved has known this "
            "for years. Reports have been written, committees have met, and ministers have "
            "promised to act.",
            "What has been missing is the will to choose. Every option has a cost, and every "
            "cost has someone willing to complain about it. Doing nothing has a cost too; it "
            "is just paid by people with less power to complain.",
            "The answer is to {issue.ask}.",
            "None of this is radical. Other countries do it. Some of our own towns already "
            "do it. What they have in common is that someone decided the problem was theirs "
            "to fix.",
            "This paper will keep reporting on whether that happens. Readers should keep "
            "asking too.",
        ],
        dateline="", image="columns", caption="An illustration by our graphics desk.",
    ),
    Story(
        key="opinion-column", section="opinion/columnists", weight=2.5, kind="opinion",
        evergreen=True,
        topics=["{theme.topic}", "{theme.topic2}"],
        slots={"theme": pick(COLUMN_THEMES), "place": fixed(CAPITAL),
               "pm": fixed(GOVERNMENT.pm)},
        headlines=["{theme.head}"],
        standfirsts=["My argument is simple: {theme.argument}."],
        body=[
            "{theme.scene}",
            "It is the kind of small scene that tells you more than a report. My argument is "
            "simple: {theme.argument}.",
            "We have been told the opposite for a long time, by people who mostly do not live "
            "with the consequences. The evidence has been piling up against them.",
            "Critics will say this is easy to write and hard to pay for. They have a point. "
            "But we are already paying, just in ways that are easier to ignore.",
            "{pm.name} likes to say that her government takes the long view. Here is a chance "
            "to prove it.",
            "Start small. Try it in one town. Measure it honestly. Then decide.",
        ],
        dateline="", image="pages",
    ),
]
