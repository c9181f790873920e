"""Text features for news: words and named entities (found by a capitalisation heuristic).

No model is loaded: the entity heuristic relies on how news is written (people, places and
organisations are capitalised; sentence-initial words and a few function words are not
names), which holds for English and most Latin-script languages.
"""

from __future__ import annotations

import re
import unicodedata

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_TOKEN = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*|[.!?;:\"“”()\n]", re.UNICODE)
_SENTENCE_BREAK = frozenset('.!?;:"“”()\n')

# Capitalised words that start sentences or headlines without naming anyone.
_NOT_NAMES = frozenset(
    {"the", "a", "an", "and", "or", "but", "if", "in", "on", "at", "by", "for", "from", "to",
     "of", "with", "as", "after", "before", "when", "while", "this", "that", "these", "those",
     "it", "its", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my",
     "there", "here", "what", "who", "why", "how", "where", "which", "is", "are", "was",
     "were", "be", "has", "have", "had", "will", "would", "can", "could", "should", "may",
     "not", "no", "yes", "mr", "mrs", "ms", "dr", "monday", "tuesday", "wednesday",
     "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
     "june", "july", "august", "september", "october", "november", "december",
     "also", "so", "then", "now", "today", "yesterday", "tomorrow", "one", "two", "some",
     "many", "more", "most", "all", "both", "each", "every", "other", "said",
     "says", "according", "meanwhile", "however", "although", "because", "during"})
# Lower-case words that may sit inside a name ("Bank of England", "Ludwig van Beethoven").
_NAME_JOINERS = frozenset({"of", "de", "da", "do", "dos", "das", "del", "della", "di", "du",
                           "van", "von", "der", "den", "la", "le", "al", "bin", "y", "e"})

STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "mr", "mrs", "ms"}


def normalise(text: str) -> str:
    """NFKC-normalised text with typographic apostrophes made plain."""
    return unicodedata.normalize("NFKC", text or "").replace("’", "'")


def words(text: str) -> list[str]:
    """Lower-case word tokens without stop words (numbers kept: scores, ages, years)."""
    return [w for w in _WORD.findall(normalise(text).lower()) if w not in STOP_WORDS]


def word_features(text: str) -> list[str]:
    """Unigrams and adjacent bigrams of :func:`words` (bigrams carry names and phrases)."""
    tokens = words(text)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def entities(text: str) -> list[str]:
    """Names in the text, lower-cased: capitalised runs ("Jake Guentzel", "Bank of England")
    and acronyms ("NATO"); a lone capitalised word opening a sentence is not a name."""
    found: list[str] = []
    run: list[str] = []
    pending_joiners: list[str] = []
    sentence_start = True
    run_started_sentence = False

    def close() -> None:
        nonlocal run, pending_joiners
        if run:
            lone_opener = len(run) == 1 and run_started_sentence and not run[0].isupper()
            if not lone_opener:
                found.append(" ".join(run).lower())
        run, pending_joiners = [], []

    for token in _TOKEN.findall(normalise(text)):
        if token in _SENTENCE_BREAK:
            close()
            sentence_start = True
            continue
        first = token[0]
        lowered = token.lower()
        if first.isupper() and lowered not in _NOT_NAMES:
            if not run:
                run_started_sentence = sentence_start
            run.extend(pending_joiners)
            pending_joiners = []
            run.append(token)
        elif run and lowered in _NAME_JOINERS and not first.isupper():
            pending_joiners.append(token)
        else:
            close()
        sentence_start = False
    close()
    return found

