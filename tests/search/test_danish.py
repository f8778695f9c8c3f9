"""Danish word analysis: a query word finds the compounds and inflections it belongs to."""

from django.test import SimpleTestCase

from search.danish import index_terms, query_terms, splits


def finds(query: str, text: str) -> bool:
    """What search does with these terms: every query word's term is among the text's."""
    terms = set(index_terms(text))
    return all(term in terms for term in query_terms(query))


class ExamplesTests(SimpleTestCase):
    """The examples of issue 16, each as the search page would meet them."""

    def test_part_at_the_start_of_a_compound(self):
        self.assertTrue(finds("rusmiddel", "Opfølgning på samarbejdet med Rusmiddelafsnittet"))
        self.assertTrue(finds("sygedagpenge", "Status for Sygedagpengehuset"))

    def test_head_of_a_compound_in_another_inflection(self):
        self.assertTrue(finds("aftale", "Drøftelse af samarbejdsaftalen"))
        self.assertTrue(finds("aftaler", "Drøftelse af samarbejdsaftalen"))

    def test_inflections_of_a_compound(self):
        for query in ("pilotprojekter", "pilotprojektet", "pilotprojekt"):
            for text in ("Et pilotprojekt i Hjørring", "Pilotprojekterne evalueres", "pilotprojektet"):
                with self.subTest(query=query, text=text):
                    self.assertTrue(finds(query, text))
        self.assertTrue(finds("samarbejdsaftaler", "samarbejdsaftalen"))
        self.assertTrue(finds("klyngemidler", "Klyngemidler"))
        self.assertTrue(finds("klyngemidler", "Fordeling af klyngemidlerne"))

    def test_a_word_is_never_found_inside_an_unrelated_word(self):
        self.assertFalse(finds("ulighed", "Der er mulighed for at deltage"))
        self.assertFalse(finds("ulighed", "lighed"))
        self.assertFalse(finds("lighed", "mulighed"))
        self.assertTrue(finds("ulighed", "Social ulighed i sundhed"))
        self.assertTrue(finds("mulighed", "mulighederne"))

    def test_a_middle_part_and_runs_of_parts(self):
        text = "Sygedagpengehuset"
        for query in ("dagpenge", "hus", "huse", "dagpengehus", "sygedagpengehus"):
            with self.subTest(query=query):
                self.assertTrue(finds(query, text))

    def test_two_query_words_must_both_be_found(self):
        self.assertTrue(finds("almen praksis", "Almen praksis og kommunen"))
        self.assertFalse(finds("almen praksis", "Praksiskonsulenten"))
        self.assertTrue(finds("praksis konsulent", "Praksiskonsulenten"))


class SplitTests(SimpleTestCase):
    def test_compounds_split_on_stavekontroldens_linking_forms(self):
        self.assertEqual(
            [tuple(written for written, _ in reading) for reading in splits("samarbejdsaftalen")],
            [("samarbejds", "aftalen")],
        )
        self.assertEqual(
            [tuple(written for written, _ in reading) for reading in splits("sygedagpengehuset")],
            [("syge", "dagpenge", "huset")],
        )
        for word, parts in {
            "forretningsorden": ("forretnings", "orden"),
            "praksiskonsulent": ("praksis", "konsulent"),
            "dialogmøder": ("dialog", "møder"),
            "sundhedsaftalen": ("sundheds", "aftalen"),
        }.items():
            with self.subTest(word=word):
                self.assertEqual([tuple(w for w, _ in r) for r in splits(word)], [parts])

    def test_no_false_splits(self):
        # Each would pass as a compound of two dictionary forms ("bor" + "ger", "fri" +
        # "hed"); derivational heads and short parts of known words are refused.
        for word in ("mulighed", "ulighed", "lighed", "frihed", "fællesskab", "endelig",
                     "borger", "billede", "gennem", "findes", "orientering", "almen", "praksis"):
            with self.subTest(word=word):
                self.assertEqual(splits(word), ())

    def test_linking_letters_are_dropped_from_the_parts_terms(self):
        terms = index_terms("samarbejdsaftalen")
        self.assertEqual(set(terms), {"samarbejdsaftal", "samarbejd", "aftal"})
        self.assertIn("samarbejd", query_terms("samarbejde"))

    def test_query_words_are_not_split(self):
        self.assertEqual(
            query_terms("Rusmiddelafsnittet samarbejdsaftaler"), ["rusmiddelafsnit", "samarbejdsaftal"]
        )

    def test_terms_are_lower_case_once_each_with_danish_letters(self):
        self.assertEqual(
            index_terms("Møde MØDE møder, Åbningstider"), ["mød", "åbningstid", "åbning", "tid"]
        )
        self.assertEqual(query_terms(""), [])
        self.assertEqual(index_terms("KLU-møde 2024"), ["klu", "mød", "2024"])
