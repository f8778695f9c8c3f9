"""Full-text search over what agendas and minutes say, within what the reader may see.

search_items(query, audience=…) finds agenda items by their title, case description,
recommendation, decision, notes added after the meeting and attachment titles (and
meeting attachments by title), and returns each hit with the passage that matched,
highlighted with <mark>.

On PostgreSQL the match is Danish full-text search (config "danish"): words are
stemmed, so "samarbejdsaftaler" finds "samarbejdsaftalen". Each searched table has a
GIN index over exactly the expressions below (migration 0002_search_index); the
queries here must keep using those expressions or PostgreSQL stops using the index
(tests/meetings/test_search.py reads the query plan). On SQLite, which has no Danish
stemmer, every word of the query must occur as typed (case-insensitive for a–z).

Access: the SQL that finds candidates applies meetings.access filters, and the
passages are then built only from what access says this audience may read; a closed
item's or a draft's text can never become a snippet.
"""

import html
import json
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, transaction
from django.db.models import Prefetch, Q
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from . import access
from .models import AgendaItem, Attachment, Decision, DecisionNote

CONFIG = "danish"

# The indexed documents. migration 0002_search_index builds its indexes from the
# same expressions (frozen there); keep the two in step.
ITEM_DOCUMENT = SearchVector("title", "case_description", "recommendation_lead", "recommendations", config=CONFIG)
DECISION_DOCUMENT = SearchVector("text", config=CONFIG)
NOTE_DOCUMENT = SearchVector("text", config=CONFIG)
ATTACHMENT_DOCUMENT = SearchVector("title", config=CONFIG)

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


def search_items(query, *, audience, committee=None, year=None, limit=200):
    """Items (and meeting attachments) matching `query` that `audience` may read, newest meeting first.

    `committee` is a Committee or its slug, `year` an int. Returns a SearchResults
    sequence: finding and ordering the hits is one query per kind; loading and
    highlighting happens only for the slice that is read (a page of results), so the
    cost of a search does not grow with the number of hits.
    """
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    if not query:
        return SearchResults(query, audience, [])
    postgres = connection.vendor == "postgresql"
    item_ids, attachment_ids = (_postgres_candidates if postgres else _like_candidates)(
        query, audience, committee, year)
    with transaction.atomic():
        if postgres:
            # PostgreSQL underestimates what to_tsvector costs per row, and for common
            # words it would rather recompute the document of every item than read the
            # GIN index (1.6 s instead of 65 ms over 10,000 items, see docs/performance.md).
            # The hint lasts for this transaction only.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        items = list(AgendaItem.objects.filter(pk__in=item_ids)
                     .order_by("-meeting__date", "-meeting__start_time", "meeting_id", "number", "sub_number")
                     .values_list("pk", "meeting__date")[:limit])
        attachments = list(Attachment.objects.filter(pk__in=attachment_ids)
                           .order_by("-meeting__date", "meeting_id", "position", "pk")
                           .values_list("pk", "meeting__date")[:limit])
    # Items and meeting attachments come from two queries; merge them by meeting, newest first.
    keys = sorted([("item", pk, date) for pk, date in items] + [("attachment", pk, date) for pk, date in attachments],
                  key=lambda key: key[2], reverse=True)
    return SearchResults(query, audience, keys)


class SearchResults:
    """The hits of one search, in order; slicing loads and highlights just that slice."""

    def __init__(self, query, audience, keys):
        self.query, self.audience, self.keys = query, audience, keys

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
        audience = self.audience
        items, meeting_attachments = _load([pk for kind, pk, _d in keys if kind == "item"],
                                           [pk for kind, pk, _d in keys if kind == "attachment"])
        candidates = {}  # key -> (meeting, item or None, [passages], url)
        for item in items:
            meeting = item.meeting
            if not access.item_visible(audience, item, meeting):
                continue
            candidates[("item", item.pk)] = (meeting, item, _item_passages(item, meeting, audience),
                                             f"{meeting.get_absolute_url()}#{item.anchor}")
        for attachment in meeting_attachments:
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
    items = (AgendaItem.objects.filter(pk__in=item_ids)
             .select_related("meeting", "meeting__committee", "decision")
             .prefetch_related(
                 Prefetch("decision__notes", queryset=DecisionNote.objects.order_by("noted_on", "pk")),
                 Prefetch("attachments", queryset=Attachment.objects.order_by("position", "pk"))))
    attachments = Attachment.objects.filter(pk__in=attachment_ids).select_related("meeting", "meeting__committee")
    return list(items) if item_ids else [], list(attachments) if attachment_ids else []


# PostgreSQL: Danish full-text search over the indexed documents.

def _postgres_candidates(query, audience, committee, year):
    """(item ids, meeting-attachment ids) matching `query` that `audience` may read.

    Each text match is its own subquery over one table's GIN index, with no joins, so
    PostgreSQL answers it from the index; the access rules are applied once, on the
    outer query. A match in a decision or a note counts only where this audience may
    read the decision.
    """
    tsquery = SearchQuery(query, config=CONFIG, search_type="websearch")
    by_item = AgendaItem.objects.annotate(document=ITEM_DOCUMENT).filter(document=tsquery).values("pk")
    by_decision = Decision.objects.annotate(document=DECISION_DOCUMENT).filter(document=tsquery).values("item_id")
    by_note = DecisionNote.objects.annotate(document=NOTE_DOCUMENT).filter(document=tsquery) \
        .values("decision__item_id")
    attachments = _scope(Attachment.objects.filter(access.attachments_filter(audience)), "", committee, year) \
        .annotate(document=ATTACHMENT_DOCUMENT).filter(document=tsquery)
    decision_readable = access.decisions_filter(audience)
    item_ids = _scope(AgendaItem.objects.filter(access.items_filter(audience)), "", committee, year).filter(
        Q(pk__in=by_item)
        | Q(pk__in=by_decision) & decision_readable
        | Q(pk__in=by_note) & decision_readable
        | Q(pk__in=attachments.filter(item__isnull=False).values("item_id"))
    ).values("pk")
    return item_ids, attachments.filter(item__isnull=True).values("pk")


def _postgres_highlight(query, passages):
    """{id(passage): marked-up SafeString, or None where no query word occurs}. One query.

    ts_headline marks each word of the passage whose Danish stem is in the query, so
    a passage counts as a hit when it carries a mark.
    """
    if not passages:
        return {}
    body_options = (f'StartSel="{_START}", StopSel="{_STOP}", MaxWords=35, MinWords=12, ShortWord=2, '
                    'MaxFragments=2, FragmentDelimiter=" … "')
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


def _like_candidates(query, audience, committee, year):
    item_ids = _scope(AgendaItem.objects.filter(access.items_filter(audience)), "", committee, year)
    attachment_ids = _scope(Attachment.objects.filter(access.attachments_filter(audience), item__isnull=True),
                            "", committee, year)
    for word in _words(query):
        decision_q = access.decisions_filter(audience) & (
            Q(decision__text__icontains=word) | Q(decision__notes__text__icontains=word))
        attachment_q = Q(attachments__title__icontains=word) & Q(
            attachments__in=Attachment.objects.filter(access.attachments_filter(audience)))
        matching = AgendaItem.objects.filter(
            Q(title__icontains=word) | Q(case_description__icontains=word)
            | Q(recommendation_lead__icontains=word)
            # The JSON list is stored with \\uXXXX escapes, so search for the word as JSON writes it.
            | Q(recommendations__icontains=json.dumps(word)[1:-1])
            | decision_q | attachment_q
        ).values("pk")
        item_ids = item_ids.filter(pk__in=matching)
        attachment_ids = attachment_ids.filter(title__icontains=word)
    return item_ids.values("pk"), attachment_ids.values("pk")


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

def _item_passages(item, meeting, audience):
    """What this audience may read of one item, title first."""
    passages = [_Passage(str(_("Titel")), item.title, True)]
    if item.case_description:
        passages.append(_Passage(str(_("Sagsbeskrivelse")), item.case_description))
    if item.recommendation_lead or item.recommendations:
        passages.append(_Passage(str(_("Indstilling")), " ".join([item.recommendation_lead, *item.recommendations])))
    decision = getattr(item, "decision", None)
    if decision is not None and access.decision_visible(audience, item, meeting):
        if decision.text:
            passages.append(_Passage(str(_("Beslutning")), decision.text))
        for note in decision.notes.all():
            passages.append(_Passage(str(_("Note efter mødet")), note.text))
    for attachment in item.attachments.all():
        if access.attachment_visible(audience, attachment, meeting, item=item):
            passages.append(_Passage(str(_("Bilag")), attachment.title))
    return passages


def _clean(text):
    """Plain text of stored (sanitised) HTML, with our markers impossible inside it."""
    text = html.unescape(strip_tags(re.sub(r"<(br|/p|/li|/tr|/h\d)[^>]*>", " ", text or "")))
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
