"""Danish word analysis for search: the same terms on PostgreSQL and SQLite.

A document is indexed under the Snowball-Danish stem of every word and, for a compound,
the stems of its parts and of every run of neighbouring parts; a query word is reduced
to its stem alone. A query word matches a document when its stem is among the
document's terms, so "rusmiddel" finds "Rusmiddelafsnittet" (the document holds the
part) while "ulighed" does not find "mulighed" (which has no part "ulighed").

Compounds are split with Stavekontrolden's own compound rules (search/data/SOURCE):
every part but the last must be a form the dictionary lets begin or continue a compound
("samarbejds", "syge", "klynge"), the last one a form it lets end one ("aftalen"), and
each at least MIN_PART letters long. "lighed" is not split into lig + hed, since the
dictionary does not let "lig" begin a compound. Of the readings allowed, the one with
the fewest parts wins, and each part is read again the same way; a word the dictionary
holds whole is split only into parts of four letters or more, and derivational endings
("-hed", "-skab", "-ering") are never a head. What is left of false splits is rare
("generation" → gene + ration), and costs a stray hit only for such a fragment.

Stemming is PyStemmer, the C Snowball stemmer that PostgreSQL's 'danish' configuration
also uses. Analyses are cached per distinct word.
"""

import lzma
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import marisa_trie
import Stemmer

DATA = Path(__file__).resolve().parent / "data"
# Runs of letters or digits; hyphens, apostrophes and punctuation separate words.
WORD_RE = re.compile(r"[^\W_]+")
# The shortest part a compound is split into ("rus", "hus").
MIN_PART = 3
# Hunspell's COMPOUNDWORDMAX for Danish: at most this many parts.
MAX_PARTS = 10
# A word with more splits than this is not a compound we can read with any confidence.
MAX_SPLITS = 8

_stemmer = Stemmer.Stemmer("danish")


@dataclass(frozen=True)
class Lexicon:
    parts: marisa_trie.BytesTrie  # forms that begin or continue a compound → base or b""
    heads: marisa_trie.Trie  # forms that end a compound
    words: marisa_trie.Trie  # other forms the dictionary holds whole, 6 letters or more

    def holds(self, word: str) -> bool:
        return word in self.heads or word in self.words


@cache
def lexicon() -> Lexicon:
    """The compound lexicon, read once per process (about 0.1 s, 2 MB in memory)."""
    return Lexicon(
        parts=marisa_trie.BytesTrie().frombytes(_read("da_parts")),
        heads=marisa_trie.Trie().frombytes(_read("da_heads")),
        words=marisa_trie.Trie().frombytes(_read("da_words")),
    )


def _read(name: str) -> bytes:
    return lzma.decompress((DATA / f"{name}.marisa.xz").read_bytes())


def words(text: str) -> list[str]:
    """The lower-cased words of a plain text."""
    return WORD_RE.findall(text.lower())


# Snowball-Danish knows "-heder" but not "-hederne": "mulighederne" would keep its
# "hed" and miss "mulighed" (stem "mul").
_SNOWBALL_GAPS = re.compile(r"hedernes?$")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Snowball-Danish stem of one lower-cased word."""
    return _stemmer.stemWord(_SNOWBALL_GAPS.sub("heder", word))


# Heads that are derivational endings as much as words: "frihed" is not fri + hed, nor
# "fællesskab" fælles + skab, "endelig" ende + lig (stems of the head, as Snowball makes them).
# Also "-ering" and "-ion" nouns: "orientering" is not oriente + ring.
SUFFIX_HEADS = frozenset(
    {"hed", "skab", "lig", "ligt", "dom", "end", "els", "ning", "ling", "ring", "ion", "ioner"}
)
# A word the dictionary holds whole is split only into parts at least this long, so that
# "borger" stays whole (bor + ger) and "billede" (bil + lede), while "rusmiddelafsnittet",
# which the dictionary does not hold, may still begin with "rus".
MIN_PART_KNOWN = 4


def _readings(word: str) -> list[tuple[str, ...]]:
    """The readings of a lower-cased word as two or more parts, fewest parts only."""
    lex = lexicon()
    shortest = MIN_PART_KNOWN if lex.holds(word) else MIN_PART
    found: list[tuple[str, ...]] = []

    def walk(start: int, parts: tuple[str, ...]) -> None:
        if len(found) > MAX_SPLITS:
            return
        rest = word[start:]
        if parts and len(rest) >= shortest and rest in lex.heads and stem(rest) not in SUFFIX_HEADS:
            found.append(parts + (rest,))
        if len(parts) + 1 >= MAX_PARTS:
            return
        for part in lex.parts.prefixes(rest):
            if len(part) >= shortest and len(rest) - len(part) >= shortest:
                walk(start + len(part), parts + (part,))

    if len(word) >= 2 * shortest:
        walk(0, ())
    if not found or len(found) > MAX_SPLITS:
        return []
    fewest = min(map(len, found))
    return [parts for parts in found if len(parts) == fewest]


@lru_cache(maxsize=100_000)
def splits(word: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The readings of a lower-cased word as a compound, each as (written, base) parts.

    A word is split into the fewest parts the lexicon allows, and each part again (its
    dictionary word, so "sygedagpenge" in "sygedagpengehuset" becomes syge + dagpenge).
    A part's written forms joined give back the word; its base is the dictionary word it
    stands for where their stems differ ("akvarie" → akvarium), else the form itself.

    >>> splits("samarbejdsaftalen")
    ((('samarbejds', 'samarbejds'), ('aftalen', 'aftalen')),)
    """
    readings = []
    for parts in _readings(word):
        leaves: list[tuple[str, str]] = []
        for index, written in enumerate(parts):
            base = written if index == len(parts) - 1 else _base(written)
            inner = splits(base)
            if len(inner) == 1 and written.startswith("".join(w for w, _ in inner[0][:-1])):
                head = inner[0][:-1]
                leaves.extend(head)
                leaves.append((written[len("".join(w for w, _ in head)) :], inner[0][-1][1]))
            else:
                leaves.append((written, base))
        readings.append(tuple(leaves))
    return tuple(dict.fromkeys(readings))


def _base(part: str) -> str:
    """The dictionary word a non-final part stands for (its stem is what counts)."""
    values = lexicon().parts.get(part)
    return values[0].decode() if values and values[0] else part


@lru_cache(maxsize=200_000)
def word_terms(word: str) -> tuple[str, ...]:
    """The index terms of one lower-cased word: its stem, then those of its parts.

    For each reading of a compound, every run of neighbouring parts gives a term: a run
    that ends the word is stemmed as written ("dagpengehuset" → dagpengehus), one that
    does not ends in its last part's dictionary word, linking letters dropped
    ("samarbejds" → samarbejd, "sygedagpenge" → sygedagpeng).
    """
    terms = {stem(word): None}
    for parts in splits(word):
        last = len(parts) - 1
        for i in range(len(parts)):
            for j in range(i, len(parts)):
                if j == last:
                    run = "".join(written for written, _ in parts[i:])
                else:
                    run = "".join(written for written, _ in parts[i:j]) + parts[j][1]
                terms[stem(run)] = None
    return tuple(terms)


def index_terms(text: str) -> list[str]:
    """The terms a document is found by, once each, in order of first occurrence."""
    terms: dict[str, None] = {}
    for word in words(text):
        terms.update(dict.fromkeys(word_terms(word)))
    return list(terms)


def query_terms(query: str) -> list[str]:
    """One term per query word (its stem; never split), once each."""
    return list(dict.fromkeys(stem(word) for word in words(query)))
