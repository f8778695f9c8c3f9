"""Varied Danish text for benchmarks, drawn from the seed documents.

A word-level Markov chain (bigrams) over the sentences of `../shared/seeds/*.txt`
writes a pool of sentences, so the generated text has the seed documents' words with
their natural spread: common words in most items, the seeds' rarer words in a few
per cent, inflections and compounds as the documents use them ("Rusmiddelafsnittet",
"sundhedsaftalen", "borgerne").

Some words are *controlled*: sentences that would contain them are dropped from the
pool, and they are planted instead at a fixed rate per item, so that a query for them
has a known number of hits at every size (from a few in 10,000 items to a few per
cent). Generated compounds (modifier + linking letter + head, inflected: "lægevagts-
aftalerne", "sundhedshuset") add words no document holds as such but whose parts a
lexicon knows.

Everything is deterministic: `DanishText(seed)` and the same calls give the same text.
"""

import random
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
FALLBACK = ("Kommunen og regionen drøfter samarbejdsaftalen med de praktiserende læger. Borgerne skal have "
            "sammenhængende forløb. Rusmiddelafsnittet orienterer om pilotprojektet.")

# (pattern of the words kept out of the Markov pool, forms planted, chance per item).
# "ulighed" is controlled but "mulighed" is not: the pattern is anchored at a word start.
CONTROLLED = [
    (r"sygedagpenge\w*", ["Sygedagpengehuset", "sygedagpengehus", "sygedagpengemodtagere"], 0.0006),
    (r"klyngemid\w*", ["klyngemidler", "Klyngemidler", "klyngemidlerne"], 0.002),
    (r"ulighed\w*", ["ulighed", "uligheden", "ulighed i sundhed"], 0.004),
    (r"pilotprojekt\w*", ["pilotprojekt", "pilotprojektet", "pilotprojekter", "pilotprojekterne"], 0.012),
    (r"alkoholbehandling\w*", ["alkoholbehandling", "alkoholbehandlingstilbud"], 0.0003),
    (r"dialogmøde\w*", ["dialogmøde", "dialogmøder", "dialogmøderne"], 0.02),
]

# Compounds no seed sentence holds as such: modifier (with its linking letter) + head.
MODIFIERS = ["rusmiddel", "samarbejds", "sundheds", "lægevagts", "praksis", "borger", "kommune", "regions",
             "klynge", "rehabiliterings", "forebyggelses", "psykiatri", "ældre", "udviklings", "kvalitets",
             "beskæftigelses", "misbrugs", "hjemmepleje", "akut", "opfølgnings"]
HEADS = {
    "aftale": ["aftale", "aftalen", "aftaler", "aftalerne", "aftalens"],
    "afsnit": ["afsnit", "afsnittet", "afsnittene", "afsnittets"],
    "projekt": ["projekt", "projektet", "projekter", "projekterne"],
    "hus": ["hus", "huset", "huse", "husene"],
    "forløb": ["forløb", "forløbet", "forløbene"],
    "indsats": ["indsats", "indsatsen", "indsatser", "indsatserne"],
    "plan": ["plan", "planen", "planer", "planerne"],
    "møde": ["møde", "mødet", "møder", "møderne"],
    "tilbud": ["tilbud", "tilbuddet", "tilbuddene"],
    "konsulent": ["konsulent", "konsulenten", "konsulenter", "konsulenterne"],
}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=[A-ZÆØÅ•\-–])")
_WORD = re.compile(r"[0-9A-Za-zÆØÅæøåÉéÜü][0-9A-Za-zÆØÅæøåÉéÜü\-]*")


def seed_text():
    files = sorted(SEEDS.glob("0*.txt"))
    return "\n\n".join(path.read_text() for path in files) if files else FALLBACK


class DanishText:
    """A deterministic source of Danish titles, paragraphs and planted words."""

    def __init__(self, seed=2024, pool_size=30_000):
        rng = random.Random(seed)
        controlled = re.compile(r"\b(?:" + "|".join(p for p, _f, _r in CONTROLLED) + r")\b", re.IGNORECASE)
        sentences = []
        for chunk in _SENTENCE_END.split(seed_text()):
            words = _WORD.findall(chunk)
            if len(words) >= 4:
                sentences.append(words)
        # The bigram chain: for each word (lower case), the words that follow it.
        follow, starts = {}, []
        for words in sentences:
            starts.append(words[0])
            for left, right in zip(words, words[1:] + [None]):
                follow.setdefault(left.lower(), []).append(right)
        pool, tries = [], 0
        while len(pool) < pool_size and tries < pool_size * 20:
            tries += 1
            word, out = rng.choice(starts), []
            limit = rng.randint(6, 24)
            while word is not None and len(out) < limit:
                out.append(word)
                word = rng.choice(follow.get(word.lower(), [None]))
            sentence = " ".join(out)
            if len(out) >= 4 and not controlled.search(sentence):
                pool.append(sentence[0].upper() + sentence[1:])
        self.pool = pool
        self.compounds = [modifier + form for modifier in MODIFIERS for forms in HEADS.values() for form in forms]
        # Zipf-like weights: a few compounds are frequent, most are rare.
        rng.shuffle(self.compounds)
        self.compound_weights = [1 / (rank + 1) for rank in range(len(self.compounds))]

    def sentences(self, rng, low, high):
        return [rng.choice(self.pool) for _ in range(rng.randint(low, high))]

    def title(self, rng):
        words = rng.choice(self.pool).split()
        start = rng.randint(0, max(0, len(words) - 4))
        title = " ".join(words[start:start + rng.randint(3, 9)])
        return title[0].upper() + title[1:]

    def planted(self, rng):
        """The controlled words and generated compounds one item carries (often none)."""
        words = [rng.choice(forms) for _pattern, forms, rate in CONTROLLED if rng.random() < rate]
        if rng.random() < 0.3:
            words += rng.choices(self.compounds, weights=self.compound_weights, k=rng.randint(1, 2))
        return words

    @staticmethod
    def insert(rng, sentence, word):
        words = sentence.split()
        words.insert(rng.randint(1, len(words)), word)
        return " ".join(words)

    def item(self, rng):
        """(title, case description HTML, recommendations, decision HTML) of one agenda item."""
        title = self.title(rng)
        case = self.sentences(rng, 3, 9)
        recommendations = [s.rstrip(".") for s in self.sentences(rng, 1, 3)]
        decision = self.sentences(rng, 1, 3)
        for word in self.planted(rng):
            where = rng.random()
            if where < 0.15:
                title = self.insert(rng, title, word)
            elif where < 0.35:
                decision[0] = self.insert(rng, decision[0], word)
            else:
                index = rng.randrange(len(case))
                case[index] = self.insert(rng, case[index], word)
        paragraphs = [" ".join(case[i:i + 3]) for i in range(0, len(case), 3)]
        case_html = "".join(f"<p>{p}.</p>" if not p.endswith(".") else f"<p>{p}</p>" for p in paragraphs)
        return title, case_html, recommendations, "<p>" + " ".join(decision) + "</p>"
