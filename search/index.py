"""Builds the search entries (search.models.SearchEntry) from the records, and keeps them current.

What an audience may read of a thing is decided here, once, when the thing changes,
by asking meetings.access with each audience in turn; a query then only picks the
rows of the reader's audience per committee (search/query.py). So every change that
can change what someone may read must reach this module:

- a save or delete of a meeting, an item, a decision, a note or an attachment
  re-indexes that meeting (its items and its own attachments): a meeting holds few,
  and its status decides most of what each audience reads;
- agreements, their parties, themes and goals re-index what shows them.

The signals below do that for every door that sends them (forms, admin, services,
the seed). QuerySet.update() and bulk_create() send none: code that uses them on these
records calls index_meetings() itself, and `manage.py rebuild_search_index` (or
rebuild_all()) builds everything afresh, e.g. after `loaddata`.

The text of PDF attachments is extracted here with pypdf (pure Python, kept up by the
py-pdf project, already locked): pikepdf (qpdf) does not extract text, and poppler's
pdftotext is not on every machine that runs `make run`.
"""

import functools
import logging
import threading

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from meetings import access, stored_files
from meetings.models import AgendaItem, Attachment, Decision, DecisionNote, Meeting
from meetings.richtext import html_to_text

from .danish import index_terms
from .models import SearchEntry

logger = logging.getLogger(__name__)

AUDIENCES = (access.Audience.PUBLIC, access.Audience.MEMBER, access.Audience.SECRETARIAT)
# A PDF's text beyond this many characters is not searched (a 300-page report still fits).
MAX_PDF_CHARS = 400_000
# Snippets are cut from the first part of a long text only.
MAX_PASSAGE_CHARS = 20_000
# Meeting attachments come after the items in a meeting's order.
ATTACHMENT_POSITION = 100_000
GIN_INDEX = "searchentry_document_gin"


def terms_column(*texts):
    """The space-padded, de-duplicated index terms of `texts` (see search.models)."""
    terms = dict.fromkeys(term for text in texts if text for term in index_terms(text))
    return f" {' '.join(terms)} " if terms else " "


def plain(text):
    """Plain text of stored (sanitised, so well-formed) HTML, on one line."""
    return " ".join(html_to_text(text).split())


# -- PDF text ----------------------------------------------------------------------------

def attachment_text(attachment):
    """The text of a PDF attachment ("" for other files and unreadable PDFs). Reads the file."""
    if not attachment.file or not attachment.file.name.lower().endswith(".pdf"):
        return ""
    try:
        return _pdf_text(attachment.file.name, attachment.sha256, attachment.size)
    except stored_files.storage_errors() as error:
        # Not remembered: the store may answer again at the next change of the attachment.
        logger.warning("search: the file of attachment %s could not be read: %s", attachment.pk, error)
        return ""


@functools.lru_cache(maxsize=256)
def _pdf_text(name, sha256, size):
    # Keyed by content as well as name: a replaced file gets a new hash.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    storage = Attachment._meta.get_field("file").storage
    parts, length = [], 0
    try:
        with storage.open(name, "rb") as handle:
            for page in PdfReader(handle).pages:
                text = page.extract_text() or ""
                parts.append(text)
                length += len(text)
                if length >= MAX_PDF_CHARS:
                    break
    except (PyPdfError, ValueError) as error:
        # A damaged or encrypted PDF is still listed by its title; only its text is missing.
        logger.warning("search: no text from attachment file %s: %s", name, error)
        return ""
    return " ".join(" ".join(parts).split())[:MAX_PDF_CHARS]


# -- building entries --------------------------------------------------------------------

def _versions(kind, object_id, content_for, common):
    """SearchEntry objects for one thing: one per run of audiences reading the same content.

    `content_for(audience)` returns (title, title text, strong text, body text, passages)
    or None where that audience may not read the thing; `common` holds the other fields.
    """
    runs = []  # [first audience, last audience, content]
    for audience in AUDIENCES:
        content = content_for(audience)
        if content is None:
            continue
        if runs and runs[-1][2] == content and runs[-1][1] == audience - 1:
            runs[-1][1] = audience
        else:
            runs.append([audience, audience, content])
    entries = []
    for level, top_level, (title, title_text, strong_text, body_text, passages) in runs:
        entries.append(SearchEntry(
            kind=kind, object_id=object_id, level=int(level), top_level=int(top_level), title=title,
            title_terms=terms_column(title_text), strong_terms=terms_column(strong_text),
            body_terms=terms_column(body_text),
            passages=[[key, text[:MAX_PASSAGE_CHARS]] for key, text in passages if text],
            **common))
    return entries


def _item_entries(item, meeting, url, decision, notes, attachments):
    case = plain(item.case_description)
    recommendation = " ".join([item.recommendation_lead, *item.recommendations]).strip()
    decision_text = plain(decision.text) if decision is not None else ""
    note_texts = [plain(text) for text in notes]
    attachment_texts = [(attachment, attachment_text(attachment)) for attachment in attachments]

    def content_for(audience):
        if not access.item_visible(audience, item, meeting):
            return None
        passages = [("title", item.title), ("case", case), ("recommendation", recommendation)]
        strong, body = [], [case, recommendation]
        if decision is not None and access.decision_visible(audience, item, meeting):
            passages.append(("decision", decision_text))
            passages += [("note", text) for text in note_texts]
            strong.append(decision_text)
            body += note_texts
        for attachment, text in attachment_texts:
            if access.attachment_visible(audience, attachment, meeting, item=item):
                passages += [("attachment", attachment.title), ("attachment_text", text)]
                body += [attachment.title, text]
        return (item.title, item.title, " ".join(strong), " ".join(body), tuple(passages))

    return _versions(SearchEntry.Kind.ITEM, item.pk, content_for, {
        "committee_id": meeting.committee_id, "meeting_id": meeting.pk, "date": meeting.date,
        "year": meeting.date.year, "position": item.number * 100 + item.sub_number,
        "url": f"{url}#{item.anchor}",
    })


def _meeting_attachment_entries(attachment, meeting, url):
    text = attachment_text(attachment)

    def content_for(audience):
        if not access.attachment_visible(audience, attachment, meeting):
            return None
        return (attachment.title, attachment.title, "", text,
                (("title", attachment.title), ("attachment_text", text)))

    return _versions(SearchEntry.Kind.ATTACHMENT, attachment.pk, content_for, {
        "committee_id": meeting.committee_id, "meeting_id": meeting.pk, "date": meeting.date,
        "year": meeting.date.year, "position": ATTACHMENT_POSITION + attachment.position, "url": f"{url}#bilag",
    })


def _meeting_entries(meeting_ids):
    """The entries of these meetings' items and own attachments. Runs four queries."""
    meetings = {m.pk: m for m in Meeting.objects.filter(pk__in=meeting_ids).order_by()}
    if not meetings:
        return []
    items = list(AgendaItem.objects.filter(meeting_id__in=meetings).order_by().select_related("decision"))
    notes, attachments, meeting_attachments = {}, {}, []
    for item_id, text in (DecisionNote.objects.filter(decision__item__meeting_id__in=meetings)
                          .order_by("noted_on", "pk").values_list("decision__item_id", "text")):
        notes.setdefault(item_id, []).append(text)
    for attachment in Attachment.objects.filter(meeting_id__in=meetings).order_by("position", "pk"):
        if attachment.item_id is None:
            meeting_attachments.append(attachment)
        else:
            attachments.setdefault(attachment.item_id, []).append(attachment)
    urls = {pk: meeting.get_absolute_url() for pk, meeting in meetings.items()}
    entries = []
    for item in items:
        meeting = meetings[item.meeting_id]
        entries += _item_entries(item, meeting, urls[meeting.pk], getattr(item, "decision", None),
                                 notes.get(item.pk, ()), attachments.get(item.pk, ()))
    for attachment in meeting_attachments:
        entries += _meeting_attachment_entries(attachment, meetings[attachment.meeting_id],
                                               urls[attachment.meeting_id])
    return entries


def _agreement_entries(agreement_ids):
    """Entries of these agreements. Runs two queries.

    A public agreement is read by everyone; another by the members and the secretariat
    of the committee that follows it, or, following none, by anyone who sits on a
    committee (agreements.selectors._agreements_for): level 1 on that committee, or on
    no committee (search/query.py reads a null committee that way).
    """
    from agreements.models import Agreement

    entries = []
    for agreement in Agreement.objects.filter(pk__in=agreement_ids).order_by().prefetch_related("parties"):
        summary = plain(agreement.summary)
        parties = ", ".join(party.name for party in agreement.parties.all())
        kind = str(agreement.get_kind_display())
        content = (agreement.title, agreement.title, "", " ".join([kind, summary, parties]),
                   (("title", agreement.title), ("summary", summary), ("parties", parties)))
        level = access.Audience.PUBLIC if agreement.is_public else access.Audience.MEMBER
        date = agreement.approved_on or agreement.entered_on
        entries += _versions(SearchEntry.Kind.AGREEMENT, agreement.pk,
                             lambda audience: content if audience >= level else None, {
                                 "committee_id": agreement.committee_id, "meeting_id": None, "date": date,
                                 "year": date.year if date else None, "position": 0,
                                 "url": agreement.get_absolute_url()})
    return entries


def _goal_entries(goal_ids):
    """Entries of these goals of the health agreement (public, like its page). One query."""
    from agreements.models import Goal

    entries = []
    for goal in Goal.objects.filter(pk__in=goal_ids).order_by().select_related("theme__health_agreement"):
        theme = goal.theme
        content = (goal.text, goal.text, "", theme.title, (("title", goal.text), ("theme", theme.title)))
        url = f"{theme.health_agreement.get_absolute_url()}#pejlemaerke-{theme.position}"
        entries += _versions(SearchEntry.Kind.GOAL, goal.pk, lambda audience: content, {
            "committee_id": None, "meeting_id": None, "date": None, "year": None,
            "position": theme.position * 100 + goal.position, "url": url})
    return entries


# -- writing -----------------------------------------------------------------------------

def index_meetings(meeting_ids):
    """Replace the entries of these meetings' items and attachments. A few queries."""
    meeting_ids = sorted(set(meeting_ids) - _deleting_meetings())
    if not meeting_ids:
        return
    with transaction.atomic():
        SearchEntry.objects.filter(meeting_id__in=meeting_ids).delete()
        SearchEntry.objects.bulk_create(_meeting_entries(meeting_ids))


def index_agreements(agreement_ids):
    """Replace the entries of these agreements."""
    with transaction.atomic():
        SearchEntry.objects.filter(kind=SearchEntry.Kind.AGREEMENT, object_id__in=list(agreement_ids)).delete()
        SearchEntry.objects.bulk_create(_agreement_entries(agreement_ids))


def index_goals(goal_ids):
    """Replace the entries of these goals."""
    with transaction.atomic():
        SearchEntry.objects.filter(kind=SearchEntry.Kind.GOAL, object_id__in=list(goal_ids)).delete()
        SearchEntry.objects.bulk_create(_goal_entries(goal_ids))


def rebuild_all(*, batch=500, progress=None):
    """Build every entry afresh; returns how many. One transaction.

    Meetings are read `batch` at a time. On PostgreSQL the GIN index is dropped for
    the load and built once at the end, which is several times faster than keeping it
    current row by row.
    """
    from agreements.models import Agreement, Goal

    postgres = connection.vendor == "postgresql"
    total = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
        meeting_ids = list(Meeting.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(meeting_ids), batch):
            entries = _meeting_entries(meeting_ids[start:start + batch])
            SearchEntry.objects.bulk_create(entries, batch_size=2000)
            total += len(entries)
            if progress:
                progress(min(start + batch, len(meeting_ids)), len(meeting_ids))
        for entries in (_agreement_entries(list(Agreement.objects.values_list("pk", flat=True))),
                        _goal_entries(list(Goal.objects.values_list("pk", flat=True)))):
            SearchEntry.objects.bulk_create(entries, batch_size=2000)
            total += len(entries)
        if postgres:
            with connection.cursor() as cursor:
                # The deferred foreign-key checks of the new rows run now: PostgreSQL
                # builds no index on a table with checks pending.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                # As migration 0002 defines it.
                cursor.execute(f"CREATE INDEX {GIN_INDEX} ON search_searchentry USING gin (document) "
                               "WITH (fastupdate = off)")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                cursor.execute("ANALYZE search_searchentry")
    return total


def build_if_empty(using="default", **_kwargs):
    """After `migrate`: a database with meetings or agreements and no entries (one made
    before search had its own table, or filled by loaddata) is indexed once."""
    from agreements.models import Agreement

    if connection.alias != using or SearchEntry.objects.exists():
        return
    if Meeting.objects.exists() or Agreement.objects.exists():
        rebuild_all()


# -- signals -----------------------------------------------------------------------------

_state = threading.local()


def _deleting_meetings():
    return getattr(_state, "deleting", set())


def _meeting_pre_delete(sender, instance, **kwargs):
    # Its items' and attachments' deletes come first; re-indexing the meeting then would
    # write entries for a meeting about to go (they go with it: a cascading key).
    _state.deleting = _deleting_meetings() | {instance.pk}


def _meeting_post_delete(sender, instance, **kwargs):
    _state.deleting = _deleting_meetings() - {instance.pk}


def _meeting_of(instance):
    if isinstance(instance, Meeting):
        return instance.pk
    if isinstance(instance, (AgendaItem, Attachment)):
        return instance.meeting_id
    if isinstance(instance, Decision):
        return AgendaItem.objects.filter(pk=instance.item_id).values_list("meeting_id", flat=True).first()
    if isinstance(instance, DecisionNote):
        return (Decision.objects.filter(pk=instance.decision_id)
                .values_list("item__meeting_id", flat=True).first())
    return None


def _meeting_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: related rows may not be there yet; rebuild afterwards
        return
    meeting_id = _meeting_of(instance)
    if meeting_id is not None:
        index_meetings([meeting_id])


def _agreement_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index_agreements([instance.pk])


def _agreement_parties_changed(sender, instance, action, pk_set=None, **kwargs):
    from agreements.models import Agreement

    if not action.startswith("post_"):
        return
    if isinstance(instance, Agreement):
        index_agreements([instance.pk])
    else:  # a party's agreements changed from the party's side
        index_agreements(list(pk_set or ()))


def _party_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index_agreements(list(instance.agreements.values_list("pk", flat=True)))


def _goal_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index_goals([instance.pk])


def _theme_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index_goals(list(instance.goals.values_list("pk", flat=True)))


def _goal_deleted(sender, instance, **kwargs):
    SearchEntry.objects.filter(kind=SearchEntry.Kind.GOAL, object_id=instance.pk).delete()


def _agreement_deleted(sender, instance, **kwargs):
    SearchEntry.objects.filter(kind=SearchEntry.Kind.AGREEMENT, object_id=instance.pk).delete()


def connect_signals():
    from agreements.models import Agreement, Goal, Party, Theme

    for model in (Meeting, AgendaItem, Decision, DecisionNote, Attachment):
        post_save.connect(_meeting_changed, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(_meeting_changed, sender=model, dispatch_uid=f"search-delete-{model.__name__}")
    pre_delete.connect(_meeting_pre_delete, sender=Meeting, dispatch_uid="search-meeting-pre-delete")
    post_delete.connect(_meeting_post_delete, sender=Meeting, dispatch_uid="search-meeting-post-delete")
    post_save.connect(_agreement_changed, sender=Agreement, dispatch_uid="search-save-agreement")
    post_delete.connect(_agreement_deleted, sender=Agreement, dispatch_uid="search-delete-agreement")
    m2m_changed.connect(_agreement_parties_changed, sender=Agreement.parties.through,
                        dispatch_uid="search-agreement-parties")
    post_save.connect(_party_changed, sender=Party, dispatch_uid="search-save-party")
    post_save.connect(_goal_changed, sender=Goal, dispatch_uid="search-save-goal")
    post_delete.connect(_goal_deleted, sender=Goal, dispatch_uid="search-delete-goal")
    post_save.connect(_theme_changed, sender=Theme, dispatch_uid="search-save-theme")
