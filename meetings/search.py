"""Full-text search over what agendas and minutes say, within what the reader may see.

search_items(query, viewer=…) finds agenda items by their title, case description,
recommendation, decision, notes added after the meeting and attachment titles (and
meeting attachments by title), and returns each hit with the passage that matched,
highlighted with <mark>.

On PostgreSQL the match is Danish full-text search (config "danish"): words are
stemmed, so "samarbejdsaftaler" finds "samarbejdsaftalen". Items and decisions carry
their document as a generated tsvector column (migration 0005), notes and attachment
titles as indexed expressions (migration 0002); the queries here must keep using
exactly those, or PostgreSQL stops using the indexes (tests/meetings/test_search.py
reads the query plans). On SQLite, which has no Danish stemmer, every word of the
query must occur as typed (case-insensitive for a–z).

Finding the newest matches is two steps on PostgreSQL. First the items of the
meetings holding the newest WINDOW items the reader may see are checked one by one
against the stored documents: a common word is answered from those, however many
thousands of items it occurs in. Only when they hold too few hits does the second
step ask the GIN indexes for every match, which is cheap exactly then, because the
word is not common. (docs/performance.md has the figures behind WINDOW.)

Access: the SQL that finds candidates applies meetings.access filters, and the
passages are then built only from what access says this audience may read; a closed
item's or a draft's text can never become a snippet.
"""

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.expressions import Col, Expression
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from . import access
from .models import AgendaItem, Attachment, Decision, DecisionNote
from .pagecache import content_version

CONFIG = "danish"

# The indexed documents of notes and attachment titles; migration 0002_search_index
# builds its indexes from the same expressions (frozen there); keep the two in step.
NOTE_DOCUMENT = SearchVector("text", config=CONFIG)
ATTACHMENT_DOCUMENT = SearchVector("title", config=CONFIG)

# How many of the newest visible items the first step checks one by one.
WINDOW = 1500
ORDER = ("-meeting__date", "-meeting__start_time", "meeting_id", "number", "sub_number")
ATTACHMENT_ORDER = ("-meeting__date", "meeting_id", "position", "pk")

MAX_QUERY_LENGTH = 200
# Private-use characters mark the hits inside plain text; they become <mark> only
# after the text around them has been escaped.
_START, _STOP = "\ue000", "\ue001"
_SNIPPET_CHARS = 220


@dataclass
class SearchResult:
    meeting: object
    item: object  # an AgendaItem, or None for an attachment of the whole meeting
    # What the snippet comes from ("Beslutning", "Sagsbeskrivelse" …); "" when only the title matched.
    field_label: str
    title: SafeString
    snippet: SafeString
    url: str


@dataclass
class _Passage:
    label: str
    text: str
    is_title: bool = False


def search_items(query, *, viewer, committee=None, year=None, limit=200, window=None):
    """Items (and meeting attachments) matching `query` that `viewer` (an access.Viewer) may read, newest meeting first.

    `committee` is a Committee or its slug, `year` an int. Returns a SearchResults
    sequence of at most `limit` hits (its `more` says whether there were further
    ones): finding and ordering the hits takes a few queries whatever their number;
    loading and highlighting happens only for the slice that is read (a page of
    results). `window` overrides WINDOW (tests use it to exercise both steps).
    """
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    if not query:
        return SearchResults(query, viewer, [])
    if connection.vendor == "postgresql":
        items, attachments = _postgres_keys(query, viewer, committee, year, limit, window or WINDOW)
    else:
        items, attachments = _like_keys(query, viewer, committee, year, limit)
    # Items and meeting attachments come from two queries, each newest first and each
    # cut at limit + 1; merge them by meeting date.
    keys = sorted([("item", pk, date) for pk, date in items] + [("attachment", pk, date) for pk, date in attachments],
                  key=lambda key: key[2], reverse=True)
    return SearchResults(query, viewer, keys[:limit], more=len(keys) > limit)


class SearchResults:
    """The hits of one search, in order; slicing loads and highlights just that slice."""

    def __init__(self, query, viewer, keys, *, more=False):
        self.query, self.viewer, self.keys = query, viewer, keys
        self.more = more  # True when the search found more hits than it returns

    def __len__(self):
        return len(self.keys)

    def count(self):
        return len(self.keys)

    def __iter__(self):
        return iter(self._build(self.keys))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._build(self.keys[index])
        return self._build([self.keys[index]])[0]

    def __eq__(self, other):
        return list(self) == list(other)

    def _build(self, keys):
        """Results for `keys`. Runs the loading queries and, on PostgreSQL, one highlighting query."""
        if not keys:
            return []
        viewer = self.viewer
        items, notes, attachments, meeting_attachments = _load(
            [pk for kind, pk, _d in keys if kind == "item"], [pk for kind, pk, _d in keys if kind == "attachment"])
        candidates = {}  # key -> (meeting, item or None, [passages], url)
        for item in items:
            meeting = item.meeting
            audience = viewer.audience_for_committee(meeting.committee_id)
            if not access.item_visible(audience, item, meeting):
                continue
            passages = _item_passages(item, meeting, audience, notes[item.pk], attachments[item.pk])
            candidates[("item", item.pk)] = (meeting, item, passages, f"{meeting.get_absolute_url()}#{item.anchor}")
        for attachment in meeting_attachments:
            audience = viewer.audience_for_committee(attachment.meeting.committee_id)
            if access.attachment_visible(audience, attachment, attachment.meeting):
                candidates[("attachment", attachment.pk)] = (
                    attachment.meeting, None, [_Passage(str(_("Bilag")), attachment.title, True)],
                    f"{attachment.meeting.get_absolute_url()}#bilag")

        passages = [p for _meeting, _item, item_passages, _url in candidates.values() for p in item_passages]
        highlight = _postgres_highlight if connection.vendor == "postgresql" else _like_highlight
        highlighted = highlight(self.query, passages)

        results = []
        for kind, pk, _date in keys:
            if (kind, pk) not in candidates:
                continue
            meeting, item, item_passages, url = candidates[(kind, pk)]
            title_passage = item_passages[0]
            matched = [p for p in item_passages if highlighted[id(p)] is not None]
            if not matched:
                # The candidate matched on text this audience may not read, or on markup only.
                continue
            body = next((p for p in matched if not p.is_title), None)
            results.append(SearchResult(
                meeting=meeting,
                item=item,
                field_label=body.label if body else "",
                title=highlighted[id(title_passage)] or _escape_marked(title_passage.text),
                snippet=highlighted[id(body)] if body else SafeString(""),
                url=url,
            ))
        return results


def _scope(queryset, prefix, committee, year):
    if committee is not None:
        key = "slug" if isinstance(committee, str) else "pk"
        queryset = queryset.filter(**{f"{prefix}meeting__committee__{key}": getattr(committee, "pk", committee)})
    if year is not None:
        queryset = queryset.filter(**{f"{prefix}meeting__date__year": year})
    return queryset


def _load(item_ids, attachment_ids):
    """(items with their meeting, committee and decision; {item id: [note texts]};
    {item id: [attachments]}; meeting attachments with their meeting and committee).

    Notes and attachments are grouped here rather than prefetched: for a page of
    results Django's prefetching costs more than the queries themselves.
    """
    items, notes, attachments = [], defaultdict(list), defaultdict(list)
    if item_ids:
        items = list(AgendaItem.objects.filter(pk__in=item_ids).order_by()
                     .select_related("meeting", "meeting__committee", "decision"))
        for item_id, text in (DecisionNote.objects.filter(decision__item_id__in=item_ids)
                              .order_by("noted_on", "pk").values_list("decision__item_id", "text")):
            notes[item_id].append(text)
        for attachment in Attachment.objects.filter(item_id__in=item_ids).order_by("position", "pk"):
            attachments[attachment.item_id].append(attachment)
    meeting_attachments = list(Attachment.objects.filter(pk__in=attachment_ids).order_by()
                               .select_related("meeting", "meeting__committee")) if attachment_ids else []
    return items, notes, attachments, meeting_attachments


# PostgreSQL: Danish full-text search over the stored and indexed documents.

_DOCUMENT_COLUMN = SearchVectorField()
_DOCUMENT_COLUMN.set_attributes_from_name("search_document")


class StoredDocument(Expression):
    """The `search_document` column of AgendaItem or Decision: of the queried table,
    or of the table `relation` leads to (e.g. "decision" from AgendaItem).

    PostgreSQL computes the column (migration 0005); it is not a model field, so
    this expression names it directly, on whatever alias the table has in the query.
    """

    output_field = SearchVectorField()

    def __init__(self, relation=None):
        super().__init__()
        self.relation = relation

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        if self.relation is None:
            return Col(query.get_initial_alias(), _DOCUMENT_COLUMN)
        # Resolving the related primary key sets up the join (an outer join where the
        # relation may be missing) and tells which alias the related table has.
        related_pk = F(f"{self.relation}__pk").resolve_expression(query, allow_joins, reuse, summarize)
        return Col(related_pk.alias, _DOCUMENT_COLUMN)


def _postgres_keys(query, viewer, committee, year, limit, window):
    """([(item id, meeting date)], [(meeting-attachment id, meeting date)]) of the newest
    limit + 1 matches of each kind that `viewer` may read.

    A match in a decision or a note counts only where this audience may read the
    decision. See the module docstring for the two steps.
    """
    tsquery = SearchQuery(query, config=CONFIG, search_type="websearch")
    visible = _scope(AgendaItem.objects.filter(access.items_filter(viewer)), "", committee, year).order_by(*ORDER)
    decision_readable = access.decisions_filter(viewer)
    notes = DecisionNote.objects.annotate(document=NOTE_DOCUMENT).filter(document=tsquery).values("decision__item_id")
    attachments = _scope(Attachment.objects.filter(access.attachments_filter(viewer)), "", committee, year) \
        .annotate(document=ATTACHMENT_DOCUMENT).filter(document=tsquery)
    # Notes and attachment titles are few: both steps take them from their indexes.
    by_attachment = Q(pk__in=attachments.filter(item__isnull=False).values("item_id"))
    decisions = Decision.objects.alias(document=StoredDocument()).filter(document=tsquery)
    keys = visible.values_list("pk", "meeting__date")
    with transaction.atomic():
        # PostgreSQL's default costs assume rows are read from disk; this database is
        # small enough to be read from memory, where fetching a row through an index
        # costs little more than reading the next one. Told so (for this transaction
        # only), it checks the window's decisions one by one through their index
        # instead of reading the whole table.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL random_page_cost = 1.1")
        meeting_attachments = list(
            attachments.filter(item__isnull=True).order_by(*ATTACHMENT_ORDER)
            .values_list("pk", "meeting__date")[:limit + 1])
        # Step 1: the items of the meetings that hold the newest `window` visible items,
        # each checked against the stored documents. Those meetings come first in
        # ORDER, so if they hold more than `limit` matches, their first are the first.
        newest, held_all = _newest_meetings(visible, viewer, committee, year, window)
        items = list(keys.filter(meeting_id__in=newest)
                     .alias(document=StoredDocument(), decision_document=StoredDocument("decision"))
                     .filter(Q(document=tsquery) | Q(decision_document=tsquery) & decision_readable
                             | Q(pk__in=notes) & decision_readable | by_attachment)[:limit + 1])
        if len(items) > limit or held_all:
            # Enough hits, or the window held every item there is: nothing older to find.
            return items, meeting_attachments
        # Step 2: every match, from the indexes. Each condition is over the item's own
        # row (the decision's readability is checked inside its subquery), so that
        # PostgreSQL filters the items before joining their meetings.
        readable_decisions = decisions.filter(access.decisions_filter(viewer, prefix="item__"))
        indexed = (Q(pk__in=AgendaItem.objects.alias(document=StoredDocument()).filter(document=tsquery).values("pk"))
                   | Q(pk__in=readable_decisions.values("item_id"))
                   | Q(pk__in=notes.filter(access.decisions_filter(viewer, prefix="decision__item__")))
                   | by_attachment)
        return list(keys.filter(indexed)[:limit + 1]), meeting_attachments


def _newest_meetings(visible, viewer, committee, year, window):
    """(ids of the meetings that hold the first `window` of the `visible` items, whether
    that is every visible item).

    The ids are fetched rather than used as a subquery: given the list, PostgreSQL
    reliably walks just those meetings' items; given a subquery, it sometimes checks
    every item. They are the same for every search until a record changes, so they
    are cached under the content version, as pages are (meetings/pagecache.py).
    """
    scope = (content_version(), viewer.key, getattr(committee, "pk", committee), year, window)
    key = "search-window:" + ":".join(map(str, scope))  # a slug, ints, None: nothing to escape
    cached = cache.get(key)
    if cached is None:
        meeting_ids = list(visible.values_list("meeting_id", flat=True)[:window])
        cached = (sorted(set(meeting_ids)), len(meeting_ids) < window)
        cache.set(key, cached, settings.PAGE_CACHE_SECONDS)
    return cached


def _postgres_highlight(query, passages):
    """{id(passage): marked-up SafeString, or None where no query word occurs}. One query.

    ts_headline marks each word of the passage whose Danish stem is in the query, so
    a passage counts as a hit when it carries a mark.
    """
    if not passages:
        return {}
    body_options = (f'StartSel="{_START}", StopSel="{_STOP}", MaxWords=35, MinWords=12, ShortWord=2, '
                    'MaxFragments=1')
    title_options = f'StartSel="{_START}", StopSel="{_STOP}", HighlightAll=true'
    texts = [_clean(p.text) for p in passages]
    options = [title_options if p.is_title else body_options for p in passages]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.ord, ts_headline(%s::regconfig, t.body, q.query, t.opts) "
            "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS t(body, opts, ord), "
            "     websearch_to_tsquery(%s::regconfig, %s) AS q(query)",
            [CONFIG, texts, options, CONFIG, query],
        )
        rows = cursor.fetchall()
    marked = {}
    for ordinal, headline in rows:
        passage = passages[ordinal - 1]
        marked[id(passage)] = _escape_marked(headline) if _START in headline else None
    return marked


# SQLite (and any other database): every word, as typed, somewhere in what the reader may see.

def _words(query):
    return [w for w in re.split(r"[\s\"'()]+", query.lower()) if w and w not in {"or", "og", "and"}]


def _like_keys(query, viewer, committee, year, limit):
    item_ids = _scope(AgendaItem.objects.filter(access.items_filter(viewer)), "", committee, year)
    attachment_ids = _scope(Attachment.objects.filter(access.attachments_filter(viewer), item__isnull=True),
                            "", committee, year)
    for word in _words(query):
        decision_q = access.decisions_filter(viewer) & (
            Q(decision__text__icontains=word) | Q(decision__notes__text__icontains=word))
        attachment_q = Q(attachments__title__icontains=word) & Q(
            attachments__in=Attachment.objects.filter(access.attachments_filter(viewer)))
        matching = AgendaItem.objects.filter(
            Q(title__icontains=word) | Q(case_description__icontains=word)
            | Q(recommendation_lead__icontains=word)
            # The JSON list is stored with \\uXXXX escapes, so search for the word as JSON writes it.
            | Q(recommendations__icontains=json.dumps(word)[1:-1])
            | decision_q | attachment_q
        ).values("pk")
        item_ids = item_ids.filter(pk__in=matching)
        attachment_ids = attachment_ids.filter(title__icontains=word)
    return (list(item_ids.order_by(*ORDER).values_list("pk", "meeting__date")[:limit + 1]),
            list(attachment_ids.order_by(*ATTACHMENT_ORDER)
                 .values_list("pk", "meeting__date")[:limit + 1]))


def _like_highlight(query, passages):
    """{id(passage): marked-up SafeString, or None where no query word occurs}."""
    words = _words(query)
    if not words:
        return {id(p): None for p in passages}
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    marked = {}
    for passage in passages:
        text = _clean(passage.text)
        first = pattern.search(text)
        if first is None:
            marked[id(passage)] = None
            continue
        if not passage.is_title:
            text = _window(text, first.start())
        marked[id(passage)] = _escape_marked(pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", text))
    return marked


# Passages and snippets.

def _item_passages(item, meeting, audience, notes, attachments):
    """What this audience may read of one item (with its notes' texts and its
    attachments), title first."""
    passages = [_Passage(str(_("Titel")), item.title, True)]
    if item.case_description:
        passages.append(_Passage(str(_("Sagsbeskrivelse")), item.case_description))
    if item.recommendation_lead or item.recommendations:
        passages.append(_Passage(str(_("Indstilling")), " ".join([item.recommendation_lead, *item.recommendations])))
    decision = getattr(item, "decision", None)
    if decision is not None and access.decision_visible(audience, item, meeting):
        if decision.text:
            passages.append(_Passage(str(_("Beslutning")), decision.text))
        passages += [_Passage(str(_("Note efter mødet")), text) for text in notes]
    for attachment in attachments:
        if access.attachment_visible(audience, attachment, meeting, item=item):
            passages.append(_Passage(str(_("Bilag")), attachment.title))
    return passages


_BLOCK_END = re.compile(r"<(?:br|/p|/li|/tr|/h\d)\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")


def _clean(text):
    """Plain text of stored HTML, with our markers impossible inside it.

    The HTML was sanitised on the way in (meetings/richtext.py), so its tags are
    well-formed and a pattern can remove them; whatever it left would be escaped on
    the way out anyway (_escape_marked).
    """
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub(" ", text or "")))
    return " ".join(text.replace(_START, "").replace(_STOP, "").split())


def _window(text, position):
    if len(text) <= _SNIPPET_CHARS:
        return text
    start = max(0, position - _SNIPPET_CHARS // 3)
    end = min(len(text), start + _SNIPPET_CHARS)
    if start > 0:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("… " if start > 0 else "") + text[start:end] + (" …" if end < len(text) else "")


def _escape_marked(text):
    """Escape plain text, then turn the hit markers into <mark> elements."""
    escaped = html.escape(text, quote=False)
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))
