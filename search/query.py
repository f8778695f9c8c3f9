"""Finding, ranking and showing search hits, within what the reader may read.

search_items(query, viewer=…) turns the query into terms (search.danish.query_terms)
and asks one table, search.models.SearchEntry: the rows whose range of audiences holds
the reader's audience for the row's committee, and that hold every query term in one
of their term columns. On PostgreSQL the terms are a tsquery over the generated
`document` column and its GIN index; on SQLite each term is `LIKE '% term %'` over
the space-padded term columns. The terms are the same on both, so are the hits.

Ranking in bands, best first: the entries whose title is the query (as analysed, so
case and punctuation aside), then those whose title holds every query term, then
those whose title and decisions together hold them all, then the rest; within a band
the newer meeting first, then the item's order. Each band is "the newest n rows of
the band", which PostgreSQL answers from the date-ordered btree when the words are
common and from a GIN index when they are rare (migration 0003), so no query ranks
every match. With `newest_first` the date alone orders.

Facet counts (per committee, year and kind) are exact up to FACET_CAP matches: they
count the newest FACET_CAP + 1 matches, and where there are more, `facets_capped`
says so and the page says the numbers are those of the newest FACET_CAP. Counting
150,000 matches exactly would read 150,000 rows.

Snippets are cut from the passages stored with
the row, which hold only what that row's audiences may read, so a closed item's or a
draft's text can never become a snippet, a hit or a count.
"""

import datetime
import functools
import html
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Meeting

from .danish import index_terms, query_terms
from .index import terms_column
from .models import SearchEntry

MAX_QUERY_LENGTH = 200
# More words than this add little but cost a condition each (a pasted title has about this many).
MAX_TERMS = 16
# Facet counts are exact up to this many matches (see the module's docstring).
FACET_CAP = 1000

PASSAGE_LABELS = {
    "title": _("Titel"),
    "case": _("Sagsbeskrivelse"),
    "recommendation": _("Indstilling"),
    "decision": _("Beslutning"),
    "note": _("Note efter mødet"),
    "attachment": _("Bilag"),
    "attachment_text": _("Bilagets tekst"),
    "summary": _("Resumé"),
    "parties": _("Parter"),
    "theme": _("Pejlemærke"),
}

# Private-use characters mark the hits inside plain text until it has been escaped.
_START, _STOP = "\ue000", "\ue001"
_SNIPPET_CHARS = 220
_WORD = re.compile(r"[^\W_]+")


@dataclass
class SearchResult:
    kind: str  # a SearchEntry.Kind value
    meeting: object  # the Meeting, or None for an agreement or a goal
    item: object  # the AgendaItem, or None
    # What the snippet comes from ("Beslutning", "Sagsbeskrivelse" …); "" when only the title matched.
    field_label: str
    title: SafeString
    snippet: SafeString
    url: str

    @property
    def kind_label(self):
        return SearchEntry.Kind(self.kind).label


def access_filter(viewer):
    """A Q over SearchEntry: the rows written for the audience `viewer` is for each row's committee.

    A row without a committee (an agreement that follows none, a goal) is read as a
    member by anyone who sits on a committee (agreements.selectors._agreements_for).
    """
    if viewer.is_admin:
        return Q(top_level=2)
    if viewer.is_public:
        return Q(level=0)
    secretary = set(viewer.secretary_of)
    member = set(viewer.member_of) - secretary
    q = Q(level=0, committee_id__isnull=False) & ~Q(committee_id__in=sorted(secretary | member))
    if secretary:
        q |= Q(committee_id__in=sorted(secretary), top_level=2)
    if member:
        q |= Q(committee_id__in=sorted(member), level__lte=1, top_level__gte=1)
    return q | Q(committee_id__isnull=True, level__lte=1, top_level__gte=1)


def _padded(term):
    return f" {term} "


def _tsquery(terms):
    return " & ".join("'" + term.replace("\\", "\\\\").replace("'", "''") + "'" for term in terms)


def _document_match(column, terms):
    """On PostgreSQL: SQL for `column` (a tsvector of migrations 0002/0003) holding every term, and its params."""
    return f'"{SearchEntry._meta.db_table}"."{column}" @@ %s::tsquery', [_tsquery(terms)]


def _raw(sql, params):
    return RawSQL(sql, params, output_field=BooleanField())


def _match(queryset, terms):
    """`queryset` narrowed to the rows holding every term."""
    if connection.vendor == "postgresql":
        return queryset.filter(_raw(*_document_match("document", terms)))
    for term in terms:
        padded = _padded(term)
        queryset = queryset.filter(Q(title_terms__contains=padded) | Q(strong_terms__contains=padded)
                                   | Q(body_terms__contains=padded))
    return queryset


def _bands(query, terms):
    """The ranking bands, best first, as filters that together select exactly what _match selects.

    0: the title is the query; 1: the title holds every term; 2: title and decisions
    hold them all; 3: anywhere. Each band leaves out the bands before it.
    """
    exact = terms_column(query)
    if connection.vendor == "postgresql":
        title, title_params = _document_match("title_document", terms)
        lead, lead_params = _document_match("lead_document", terms)
        anywhere, anywhere_params = _document_match("document", terms)
        same_title = f'"{SearchEntry._meta.db_table}"."title_terms" = %s'
        return [
            _raw(f"{same_title} AND {title}", [exact, *title_params]),
            _raw(f"{title} AND NOT {same_title}", [*title_params, exact]),
            _raw(f"{lead} AND NOT {title}", [*lead_params, *title_params]),
            _raw(f"{anywhere} AND NOT {lead}", [*anywhere_params, *lead_params]),
        ]
    in_title = Q()
    in_lead = Q()
    anywhere = Q()
    for term in terms:
        padded = _padded(term)
        in_title &= Q(title_terms__contains=padded)
        in_lead &= Q(title_terms__contains=padded) | Q(strong_terms__contains=padded)
        anywhere &= (Q(title_terms__contains=padded) | Q(strong_terms__contains=padded)
                     | Q(body_terms__contains=padded))
    same_title = Q(title_terms=exact)
    return [same_title & in_title, in_title & ~same_title, in_lead & ~in_title, anywhere & ~in_lead]


ORDER_COLUMNS = ("date", "meeting_id", "position", "pk")


def _newest_key(row):
    """A sort key for a row that ends in ORDER_COLUMNS' values: NEWEST_ORDER in Python."""
    date, meeting_id, position, pk = row[-4:]
    if isinstance(date, str):  # SQLite's cursor gives dates as text
        date = datetime.date.fromisoformat(date)
    return (date is None, -date.toordinal() if date else 0, meeting_id is None, meeting_id or 0, position, pk)


def _union(querysets, *, enough=None):
    """One round trip for several sliced querysets: a list per queryset of its rows, each in NEWEST_ORDER.

    Each queryset lists ORDER_COLUMNS last. Each is a named subquery (WITH), so that it
    keeps its own ORDER BY and LIMIT (SQLite allows neither in a compound SELECT's parts).
    With `enough`, a queryset is not run once those before it found more than that many
    rows (the bands: a common word fills the first and the others cost nothing); this
    holds whatever order the database runs the parts in.
    """
    if not querysets:
        return []
    parts, params = [], []
    for index, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        if enough is not None and index:
            found = " + ".join(f"(SELECT COUNT(*) FROM part{before})" for before in range(index))
            sql = f"SELECT * FROM ({sql}) band WHERE {found} <= %s"
            part_params = (*part_params, enough)
        parts.append(f"part{index} AS ({sql})")
        params += part_params
    select = " UNION ALL ".join(f"SELECT {index} AS part, part{index}.* FROM part{index}"
                                for index in range(len(querysets)))
    found = [[] for _queryset in querysets]
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(parts)} {select}", params)
        for index, *row in cursor.fetchall():
            found[index].append(row)
    for rows in found:  # UNION ALL promises no order
        rows.sort(key=_newest_key)
    return found


def _scope(queryset, committee=None, year=None, kind=None):
    if committee is not None:
        if isinstance(committee, str):
            queryset = queryset.filter(committee__slug=committee)
        else:
            queryset = queryset.filter(committee_id=getattr(committee, "pk", committee))
    if year is not None:
        queryset = queryset.filter(year=year)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


NEWEST_ORDER = (F("date").desc(nulls_last=True), F("meeting_id").asc(nulls_last=True), "position", "pk")


def search_items(query, *, viewer, committee=None, year=None, kind=None, newest_first=False, limit=200):
    """What `viewer` (an access.Viewer) may read that matches `query`, best match first.

    `committee` is a Committee, its pk or its slug; `year` an int; `kind` a
    SearchEntry.Kind value. Returns a SearchResults of at most `limit` hits (`more`
    says whether there were further ones); finding and ordering them is one query;
    loading and highlighting happens only for the slice that is read (a page). Its
    `facets` (one more query, when read) count the hits per committee, year and kind,
    exactly up to FACET_CAP (`facets_capped`).
    """
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    terms = query_terms(query)[:MAX_TERMS]
    if not terms:
        return SearchResults(query, terms, [], viewer=viewer)
    readable = SearchEntry.objects.filter(access_filter(viewer))
    matching = _match(readable, terms)
    if newest_first:
        rows = _scope(matching, committee, year, kind).order_by(*NEWEST_ORDER)
        keys = list(rows.values_list("pk", flat=True)[:limit + 1])
    else:
        # The newest limit + 1 of each band, in one round trip; the first limit + 1 in band order.
        bands = [_scope(readable.filter(band), committee, year, kind).order_by(*NEWEST_ORDER)
                 .values_list(*ORDER_COLUMNS)[:limit + 1] for band in _bands(query, terms)]
        keys = [row[-1] for rows in _union(bands, enough=limit) for row in rows][:limit + 1]
    return SearchResults(query, terms, keys[:limit], more=len(keys) > limit, matching=matching,
                         scope={"committee": committee, "year": year, "kind": kind}, viewer=viewer)


class SearchResults:
    """The hits of one search, in order; slicing loads and highlights just that slice."""

    def __init__(self, query, terms, keys, *, more=False, matching=None, scope=None, viewer=None):
        self.query, self.terms, self.keys, self.more = query, frozenset(terms), keys, more
        self.viewer = viewer
        self._matching, self._scope = matching, scope or {}

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

    @functools.cached_property
    def _facet_counts(self):
        """(facets, capped): see `facets` and `facets_capped`. One query."""
        facets = {"committee": {}, "year": {}, "kind": {}}
        capped = {name: False for name in facets}
        if self._matching is None:
            return facets, capped
        # Each facet counts within the other two filters; facets with the same others share a window.
        windows = {}
        for name in facets:
            others = tuple((key, value) for key, value in self._scope.items()
                           if key != name and value not in (None, ""))
            windows.setdefault(others, []).append(name)
        windowed = [_scope(self._matching, **dict(others)).order_by(*NEWEST_ORDER)
                    .values_list("committee_id", "year", "kind", *ORDER_COLUMNS)[:FACET_CAP + 1]
                    for others in windows]
        for window, names in zip(_union(windowed), windows.values()):
            for name in names:
                capped[name] = len(window) > FACET_CAP
                column = ("committee", "year", "kind").index(name)
                counts = facets[name]
                for row in window[:FACET_CAP]:
                    if row[column] is not None:
                        counts[row[column]] = counts.get(row[column], 0) + 1
        return facets, capped

    @property
    def facets(self):
        """{"committee": {committee id: hits}, "year": {year: hits}, "kind": {kind: hits}}.

        Each facet counts within the other two filters, not its own, so that its
        choices say what choosing them would give; only rows the reader may read. The
        counts are exact where `facets_capped[name]` is false; where it is true there
        are more than FACET_CAP matches and they count the newest FACET_CAP.
        """
        return self._facet_counts[0]

    @property
    def facets_capped(self):
        """{"committee": bool, "year": bool, "kind": bool}: whether that facet counted only the newest FACET_CAP."""
        return self._facet_counts[1]

    def _build(self, keys):
        """Results for `keys`. Three queries: the rows, their meetings, their items."""
        if not keys:
            return []
        entries = {entry.pk: entry for entry in SearchEntry.objects.filter(pk__in=keys).only(
            "kind", "object_id", "meeting_id", "title", "url", "passages")}
        meeting_ids = {entry.meeting_id for entry in entries.values() if entry.meeting_id}
        meetings = {m.pk: m for m in Meeting.objects.filter(pk__in=meeting_ids).select_related("committee")}
        item_ids = [entry.object_id for entry in entries.values() if entry.kind == SearchEntry.Kind.ITEM]
        items = {item.pk: item for item in AgendaItem.objects.filter(pk__in=item_ids)} if item_ids else {}
        results = []
        for key in keys:
            entry = entries.get(key)
            if entry is None:  # re-indexed since the search ran
                continue
            meeting = meetings.get(entry.meeting_id)
            item = items.get(entry.object_id) if entry.kind == SearchEntry.Kind.ITEM else None
            if item is not None and meeting is not None:
                item.meeting = meeting
            title, snippet, label = self._highlight(entry)
            results.append(SearchResult(kind=entry.kind, meeting=meeting, item=item, field_label=label,
                                        title=title, snippet=snippet, url=entry.url))
        return results

    def _highlight(self, entry):
        """(marked title, marked snippet or "", the snippet's label or "")."""
        passages = entry.passages or [["title", entry.title]]
        title = highlight(passages[0][1], self.terms) or escape(passages[0][1])
        for key, text in passages[1:]:
            snippet = highlight(text, self.terms, window=_SNIPPET_CHARS)
            if snippet is not None:
                return title, snippet, str(PASSAGE_LABELS.get(key, ""))
        return title, SafeString(""), ""


@functools.lru_cache(maxsize=50_000)
def _word_terms(word):
    return frozenset(index_terms(word))


def highlight(text, terms, *, window=None):
    """`text` escaped, with every word whose terms meet `terms` in <mark>; None when none does.

    With `window`, only about that many characters around the first hit are kept.
    """
    text = text.replace(_START, "").replace(_STOP, "")
    spans = [m.span() for m in _WORD.finditer(text) if _word_terms(m.group()) & terms]
    if not spans:
        return None
    start, end = 0, len(text)
    if window and len(text) > window:
        start = max(0, spans[0][0] - window // 3)
        if start > 0:
            start = text.find(" ", start) + 1 or start
            start = min(start, spans[0][0])
        end = min(len(text), start + window)
        space = text.rfind(" ", max(start, spans[0][1]), end) if end < len(text) else -1
        end = space if space > start else end
    parts, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts += [text[position:span_start], _START, text[span_start:span_end], _STOP]
        position = span_end
    parts.append(text[position:end])
    marked = _escape_marked("".join(parts))
    return mark_safe(("… " if start > 0 else "") + marked + (" …" if end < len(text) else ""))


def escape(text):
    """`text` escaped, without marks."""
    return _escape_marked(text.replace(_START, "").replace(_STOP, ""))


def _escape_marked(text):
    """Escape plain text, then turn the hit markers into <mark> elements."""
    escaped = html.escape(text, quote=False)
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))
