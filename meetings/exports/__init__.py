"""Other formats of a meeting: agenda and minutes as PDF, meetings as iCalendar.

Every exporter renders from records that a selector has already loaded (a
MeetingView for the PDFs, meetings with their committee for the calendar) and runs
no queries of its own; the views in `views.py` do the loading and the access checks.
"""
