"""Danish (and English) dates, times and sizes as pure functions: no database, no templates."""

import datetime

from django.test import SimpleTestCase

from meetings import formatting

APRIL_4 = datetime.date(2024, 4, 4)
NOV_30 = datetime.date(2023, 11, 30)


class DanishDateTests(SimpleTestCase):
    def test_it_writes_weekday_day_month_and_year(self):
        self.assertEqual(formatting.danish_date(APRIL_4), "torsdag den 4. april 2024")

    def test_it_leaves_the_weekday_out_when_asked(self):
        self.assertEqual(formatting.danish_date(NOV_30, weekday=False), "30. november 2023")

    def test_it_knows_every_weekday_and_month_in_lower_case(self):
        monday = datetime.date(2024, 1, 15)
        self.assertEqual(formatting.danish_date(monday), "mandag den 15. januar 2024")
        self.assertEqual(formatting.danish_date(datetime.date(2024, 12, 15)), "søndag den 15. december 2024")
        self.assertEqual(formatting.danish_date(datetime.date(2024, 5, 18)), "lørdag den 18. maj 2024")


class TimeTests(SimpleTestCase):
    def test_it_writes_hours_and_minutes_with_a_full_stop(self):
        self.assertEqual(formatting.danish_time(datetime.time(9, 5)), "09.05")

    def test_a_span_has_an_en_dash(self):
        self.assertEqual(formatting.time_span(datetime.time(15), datetime.time(17)), "kl. 15.00–17.00")

    def test_a_start_without_an_end_is_a_single_time(self):
        self.assertEqual(formatting.time_span(datetime.time(14), None), "kl. 14.00")

    def test_an_unknown_time_is_empty(self):
        self.assertEqual(formatting.time_span(None, None), "")


class MeetingWhenTests(SimpleTestCase):
    def test_it_gives_the_full_danish_date_line(self):
        self.assertEqual(formatting.meeting_when(APRIL_4, datetime.time(15), datetime.time(17)),
                         "torsdag den 4. april 2024, kl. 15.00–17.00")

    def test_an_unknown_time_shows_the_date_only_never_a_placeholder(self):
        text = formatting.meeting_when(NOV_30, None, None)
        self.assertEqual(text, "torsdag den 30. november 2023")
        self.assertNotIn("kl.", text)
        self.assertNotIn("Indtast", text)

    def test_it_writes_english_with_a_colon_in_times(self):
        self.assertEqual(formatting.meeting_when(APRIL_4, datetime.time(15), datetime.time(17), language="en"),
                         "Thursday 4 April 2024, 15:00–17:00")
        self.assertEqual(formatting.meeting_when(NOV_30, None, None, language="en-gb"), "Thursday 30 November 2023")


class FileSizeTests(SimpleTestCase):
    def test_small_files_are_counted_in_bytes(self):
        self.assertEqual(formatting.file_size(512), "512 bytes")

    def test_danish_uses_a_decimal_comma(self):
        self.assertEqual(formatting.file_size(1_234_567), "1,2 MB")
        self.assertEqual(formatting.file_size(1_234), "1,2 kB")

    def test_english_uses_a_decimal_point(self):
        self.assertEqual(formatting.file_size(1_234_567, language="en"), "1.2 MB")

    def test_it_rounds_to_whole_units_from_ten(self):
        self.assertEqual(formatting.file_size(345_600), "346 kB")

    def test_it_moves_to_the_next_unit_rather_than_print_1000(self):
        self.assertEqual(formatting.file_size(999_600), "1,0 MB")


class PartialDateTests(SimpleTestCase):
    def test_it_writes_only_what_is_known(self):
        october = datetime.date(2020, 10, 1)
        self.assertEqual(formatting.partial_date(october, "month"), "oktober 2020")
        self.assertEqual(formatting.partial_date(october, "year"), "2020")
        self.assertEqual(formatting.partial_date(datetime.date(2021, 12, 7)), "7. december 2021")

    def test_it_writes_english(self):
        self.assertEqual(formatting.partial_date(datetime.date(2020, 10, 1), "month", language="en"), "October 2020")
        self.assertEqual(formatting.partial_date(datetime.date(2021, 12, 7), language="en"), "7 December 2021")


class ClockAndMomentTests(SimpleTestCase):
    def test_a_time_of_day_is_written_with_kl_and_a_full_stop(self):
        self.assertEqual(formatting.clock(datetime.time(15, 0)), "kl. 15.00")
        self.assertEqual(formatting.clock(datetime.time(9, 5)), "kl. 09.05")

    def test_a_moment_is_written_as_date_in_words_and_clock_time(self):
        moment = datetime.datetime(2026, 12, 1, 20, 1)
        self.assertEqual(formatting.danish_datetime(moment), "1. december 2026 kl. 20.01")
        self.assertEqual(formatting.danish_datetime(moment, weekday=True), "tirsdag den 1. december 2026 kl. 20.01")

    def test_a_moment_in_english_is_written_with_at(self):
        self.assertEqual(formatting.english_datetime(datetime.datetime(2026, 12, 1, 20, 1)),
                         "1 December 2026 at 20:01")


class MomentFilterTests(SimpleTestCase):
    def test_the_filter_writes_an_aware_moment_in_danish_local_time(self):
        from django.utils import translation

        from meetings.templatetags import klu

        utc_evening = datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.timezone.utc)
        with translation.override("da"):
            # 23.30 UTC is already 2 December in Copenhagen.
            self.assertEqual(klu.da_datetime(utc_evening), "2. december 2026 kl. 00.30")
            self.assertEqual(klu.da_date(utc_evening, False), "2. december 2026")
            self.assertEqual(klu.da_time(datetime.time(15, 0)), "kl. 15.00")
            self.assertEqual(klu.da_datetime(None), "")
