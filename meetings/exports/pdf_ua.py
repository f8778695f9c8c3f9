"""PDF/UA repairs to WeasyPrint's structure tree, made with pikepdf after rendering.

WeasyPrint (70) tags the PDF page by page and leaves four gaps that screen readers and
PDF/UA checkers trip over:

- header cells (`TH`) carry `/A << /O /Table >>` but no `/Scope`;
- a table that crosses a page becomes one `Table` element per page, the continuation
  with a repeated header tagged as a second header, as if it were a new table;
- a link whose box is split (an absolutely positioned part, as the number in our table
  of contents) gets an annotation whose structure element is a `Span`, not a `Link`;
- each link annotation's `/Contents` is its raw target: "punkt-7", not words.

fix_structure() closes them. It changes no page's look: the only content stream edit
turns a repeated table header into an artifact (a header repeated by pagination is
not content, PDF/UA 7.8). Its output is a function of its input, so signed-off
minutes rendered twice stay the same bytes.
"""

import io
import re

import pikepdf
from django.utils import translation
from django.utils.translation import gettext as _
from pikepdf import Array, Dictionary, Name

# The anchor ids our templates give items ("punkt-7"); never a description.
ANCHOR_ID = re.compile(r"^punkt-[\w-]+$")

_CELL_TYPES = ("/TH", "/TD")


def fix_structure(pdf_bytes: bytes, *, descriptions: dict[str, str] | None = None,
                  fallback_description: str = "") -> bytes:
    """`pdf_bytes` with table scopes, one element per table, every link in a Link element, and link descriptions.

    `descriptions` maps a named destination (an element id such as "punkt-7") to what a
    reader should hear for a link to it ("Punkt 7: Budget"); an internal link to an id
    not in the mapping gets `fallback_description`.
    """
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return pdf_bytes
        tree = _Tree(pdf, root)
        tree.merge_split_tables()
        tree.scope_header_cells()
        tree.put_links_in_link_elements()
        tree.mark_untagged_content()
        _describe_links(pdf, descriptions or {}, fallback_description)
        out = io.BytesIO()
        # deterministic_id: the second half of the file identifier is a hash of the
        # content rather than random; the first half stays WeasyPrint's (from the record).
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def link_descriptions(view) -> dict:
    """fix_structure()'s keyword arguments for a document rendered from `view` (a MeetingView).

    A link to an item says the item's number and title, as the table of contents
    prints it: a hidden item is "Lukket punkt" here too, never its title. A committee
    that words its numbers ("Punkt 3:", Committee.item_prefix) is quoted in its own
    words; a bare number ("3.") is read out as "Punkt 3: …".
    """
    prefix = view.meeting.committee.item_prefix
    with translation.override("da"):
        descriptions = {"deltagere": _("Mødeoplysninger og deltagere")}
        for row in view.items:
            title = " ".join(str(_("Lukket punkt") if row.hidden else row.item.title).split())
            if prefix:
                descriptions[row.item.anchor] = f"{view.meeting.committee.item_number(row.item.label)} {title}"
            else:
                descriptions[row.item.anchor] = _("Punkt %(label)s: %(title)s") % {
                    "label": row.item.label, "title": title,
                }
        return {"descriptions": descriptions, "fallback_description": _("Henvisning til et andet sted i dokumentet")}


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    if isinstance(kids, Array):
        return list(kids)
    return [kids]


def _is_element(node) -> bool:
    return isinstance(node, Dictionary) and "/S" in node and node.get("/Type", Name.StructElem) == Name.StructElem


def _element_kids(element) -> list:
    return [kid for kid in _kids(element) if _is_element(kid)]


def _set_kids(element, kids):
    element.K = Array(kids)


def _same(a, b) -> bool:
    return a.is_indirect and b.is_indirect and a.objgen == b.objgen


class _Tree:
    def __init__(self, pdf, root):
        self.pdf = pdf
        self.root = root
        self.page_index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        self.parent_tree = _ParentTree(root)

    # Tables -------------------------------------------------------------------------

    def merge_split_tables(self):
        """Join the per-page fragments of a table into its first fragment.

        WeasyPrint builds the tree one page at a time, so a box that crosses a page
        break becomes two elements, and so do all its ancestors. A continuation is the
        first table of a page whose ancestors are the first children of ancestors of the
        same types as those of the table ending the page before, each a last child, with
        the same number of columns (and, where the continuation repeats its header, a
        header of as many cells). Two distinct tables meet that only if nothing at all
        (no heading, no paragraph) stands between them, which our documents never print.
        """
        documents = _element_kids(self.root)
        if not documents:
            return
        document = documents[0]
        by_page = {}
        for element in _element_kids(document):
            page = element.get("/Pg")
            if page is not None:
                by_page.setdefault(self.page_index.get(page.objgen), []).append(element)
        pairs = []
        for number in sorted(key for key in by_page if key is not None):
            if number + 1 not in by_page:
                continue
            ending = _edge_table(by_page[number][-1], last=True)
            starting = _edge_table(by_page[number + 1][0], last=False)
            if ending and starting and _continues(ending, starting):
                pairs.append((ending[-1], starting[-1]))
        merged_into = {}
        for first, continuation in pairs:
            target = merged_into.get(first.objgen, first)
            self._merge_table(target, continuation)
            merged_into[continuation.objgen] = target

    def _merge_table(self, table, continuation):
        header_ids = _header_ids(_group(table, "/THead"))
        for group in _element_kids(continuation):
            kind = str(group.S)
            if kind == "/THead" and header_ids:
                # The header repeated on the new page: pagination, not content. Its
                # cells' ids give way to those of the first header.
                self._rename_headers(continuation, dict(zip(_header_ids(group), header_ids)))
                self._make_artifact(group)
                continue
            foot = _group(table, "/TFoot")
            if kind == "/TFoot" and foot is not None:
                # A footer printed at the page break repeats the one at the end.
                self._make_artifact(foot)
                foot = None
            body = next((g for g in reversed(_element_kids(table)) if g.S == Name.TBody), None)
            if kind == "/TBody" and body is not None:
                rows = _kids(group)
                for row in rows:
                    if _is_element(row):
                        row.P = body
                body.K = Array(_kids(body) + rows)
                continue
            group.P = table
            kids = _kids(table)
            kids.insert(_index(kids, foot) if foot is not None else len(kids), group)
            _set_kids(table, kids)
        self._prune(continuation)

    def _rename_headers(self, table, renamed):
        if not renamed:
            return
        for cell in _descendants(table):
            if cell.S != Name.TD or "/A" not in cell or not isinstance(cell.A, Dictionary):
                continue
            headers = cell.A.get("/Headers")
            if headers is not None:
                cell.A.Headers = Array([pikepdf.String(renamed.get(str(h), str(h))) for h in headers])

    def _make_artifact(self, element):
        """Drop `element` from the tree; mark_untagged_content() makes its content an artifact."""
        self._remove(element.P, element)

    def mark_untagged_content(self):
        """Make every marked-content sequence that no element of the tree claims an artifact.

        Those are the repeated table headers dropped above and the page margins
        (running head, "Side X af Y"), for which WeasyPrint builds elements it never
        links into the tree: content that is neither tagged nor an artifact fails PDF/UA.
        """
        claimed = {}
        for node, page in _marked_content(self.root):
            claimed.setdefault(page.objgen, set()).add(node)
        for page in self.pdf.pages:
            mine = claimed.get(page.obj.objgen, set())
            contents, untagged = _artifacts_by_line(page, mine)
            if contents is None:
                contents, untagged = _artifacts_by_parsing(page, mine)
            if untagged:
                page.obj.Contents = self.pdf.make_stream(contents)
                self.parent_tree.forget(page.obj.get("/StructParents"), untagged)

    def _remove(self, parent, element):
        _set_kids(parent, [kid for kid in _kids(parent) if not (isinstance(kid, Dictionary) and _same(kid, element))])

    def _prune(self, element):
        """Remove `element` and every ancestor it leaves empty (the document element stays)."""
        while True:
            parent = element.P
            self._remove(parent, element)
            if parent.get("/S") == Name.Document or parent.get("/Type") == Name.StructTreeRoot or _kids(parent):
                return
            element = parent

    def scope_header_cells(self):
        for row in _descendants(self.root):
            if row.S != Name.TR:
                continue
            cells = [cell for cell in _element_kids(row) if str(cell.S) in _CELL_TYPES]
            in_head = row.P.get("/S") == Name.THead
            for position, cell in enumerate(cells):
                if cell.S != Name.TH:
                    continue
                row_header = (not in_head and position == 0 and len(cells) > 1
                              and all(other.S == Name.TD for other in cells[1:]))
                _table_attributes(cell).Scope = Name.Row if row_header else Name.Column

    # Links --------------------------------------------------------------------------

    def put_links_in_link_elements(self):
        """Every link annotation the object of an OBJR whose element is a Link."""
        documents = _element_kids(self.root)
        referenced = {}
        for element in _descendants(self.root):
            for kid in _kids(element):
                if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR and "/Obj" in kid:
                    referenced[kid.Obj.objgen] = (element, kid)
        for page in self.pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                if annotation.get("/Subtype") != Name.Link:
                    continue
                found = referenced.get(annotation.objgen)
                if found is None:
                    parent = documents[0] if documents else self.root
                    self._new_link(parent, page, annotation)
                    continue
                element, objr = found
                if element.S == Name.Link:
                    continue
                if element.S in (Name.Span, Name.NonStruct):
                    # A piece of the link box (our table of contents' number): say so.
                    element.S = Name.Link
                    continue
                link = self._link_element(element, page, [objr])
                _set_kids(element, [link if isinstance(kid, Dictionary) and _same(kid, objr) else kid
                                    for kid in _kids(element)])
                self.parent_tree.set(annotation.get("/StructParent"), link)

    def _link_element(self, parent, page, kids):
        return self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=parent, Pg=page.obj,
                                                 K=Array(kids)))

    def _new_link(self, parent, page, annotation):
        objr = self.pdf.make_indirect(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page.obj))
        link = self._link_element(parent, page, [objr])
        parent.K = Array(_kids(parent) + [link])
        annotation.StructParent = self.parent_tree.add(link)


class _ParentTree:
    """The flat /Nums array WeasyPrint writes (no /Kids), kept flat."""

    def __init__(self, root):
        self.root = root
        if "/ParentTree" not in root:
            root.ParentTree = Dictionary(Nums=Array())
        self.tree = root.ParentTree
        if "/Nums" not in self.tree:
            self.tree.Nums = Array()

    def _entries(self):
        nums = list(self.tree.Nums)
        return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}

    def _store(self, entries):
        flat = []
        for key in sorted(entries):
            flat.extend([key, entries[key]])
        self.tree.Nums = Array(flat)
        self.root.ParentTreeNextKey = (max(entries) + 1) if entries else 0

    def set(self, key, element):
        if key is None:
            return
        entries = self._entries()
        entries[int(key)] = element
        self._store(entries)

    def add(self, element) -> int:
        entries = self._entries()
        key = max(max(entries, default=-1) + 1, int(self.root.get("/ParentTreeNextKey", 0)))
        entries[key] = element
        self._store(entries)
        return key

    def forget(self, key, mcids):
        if key is None:
            return
        entries = self._entries()
        array = entries.get(int(key))
        if not isinstance(array, Array):
            return
        for mcid in mcids:
            if 0 <= mcid < len(array):
                array[mcid] = None


# WeasyPrint (pydyf) writes each operand and operator of a marked-content sequence on a
# line of its own, and text as hex glyph strings, so a line-anchored match finds exactly
# the sequences: the whole repair of the 27-page minutes of bench/pdf_render.py then
# takes 0.05 s instead of 0.30 s, most of which was parsing every operator into Python
# objects. _artifacts_by_parsing() is the general way, for any other stream.
_MARKED = re.compile(rb"^/[A-Za-z][A-Za-z0-9]*\n<</MCID (\d+)>>\nBDC$", re.MULTILINE)


def _artifacts_by_line(page, claimed):
    """(content stream, MCIDs made artifacts) for a stream written the way WeasyPrint writes it; (None, None) otherwise."""
    data = page.obj.Contents.read_bytes() if isinstance(page.obj.Contents, pikepdf.Stream) else None
    if data is None or data.count(b"BDC") != len(_MARKED.findall(data)):
        return None, None
    untagged = set()

    def artifact(match):
        mcid = int(match.group(1))
        if mcid in claimed:
            return match.group(0)
        untagged.add(mcid)
        return b"/Artifact\nBMC"

    return _MARKED.sub(artifact, data), untagged


def _artifacts_by_parsing(page, claimed):
    instructions, untagged = [], set()
    for operands, operator in pikepdf.parse_content_stream(page):
        if (str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], Dictionary)
                and "/MCID" in operands[1] and int(operands[1].MCID) not in claimed):
            untagged.add(int(operands[1].MCID))
            instructions.append(([Name.Artifact], pikepdf.Operator("BMC")))
        else:
            instructions.append((operands, operator))
    return pikepdf.unparse_content_stream(instructions), untagged


def _descendants(element):
    """Every structure element below `element`, in document order."""
    stack = list(reversed(_element_kids(element)))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(_element_kids(node)))


def _marked_content(element):
    """(MCID, page) of every marked-content sequence in `element`'s subtree."""
    for node in [element, *_descendants(element)]:
        for kid in _kids(node):
            if isinstance(kid, int):
                if "/Pg" in node:
                    yield int(kid), node.Pg
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                page = kid.get("/Pg", node.get("/Pg"))
                if page is not None:
                    yield int(kid.MCID), page


def _edge_table(element, *, last):
    """The chain from `element` down its last (or first) children to a Table, or None."""
    chain = [element]
    while chain[-1].S != Name.Table:
        kids = _kids(chain[-1])
        if not kids:
            return None
        kid = kids[-1 if last else 0]
        if not _is_element(kid):
            return None
        chain.append(kid)
    return chain


def _continues(ending, starting) -> bool:
    if [str(e.S) for e in ending] != [str(e.S) for e in starting]:
        return False
    first, second = ending[-1], starting[-1]
    if _columns(first) != _columns(second) or not _columns(first):
        return False
    second_head = _group(second, "/THead")
    if second_head is not None:
        first_head = _group(first, "/THead")
        return first_head is not None and len(_header_ids(first_head)) == len(_header_ids(second_head))
    return True


def _group(table, kind):
    return next((group for group in _element_kids(table) if str(group.S) == kind), None)


def _columns(table) -> int:
    widest = 0
    for row in _descendants(table):
        if row.S != Name.TR:
            continue
        width = 0
        for cell in _element_kids(row):
            if str(cell.S) in _CELL_TYPES:
                attributes = cell.get("/A")
                span = attributes.get("/ColSpan", 1) if isinstance(attributes, Dictionary) else 1
                width += int(span)
        widest = max(widest, width)
    return widest


def _header_ids(group) -> list[str]:
    if group is None:
        return []
    return [str(cell.ID) for cell in _descendants(group) if cell.S == Name.TH and "/ID" in cell]


def _table_attributes(cell):
    """The cell's attribute dictionary owned by /Table, created if missing."""
    attributes = cell.get("/A")
    if isinstance(attributes, Dictionary):
        if attributes.get("/O") == Name.Table:
            return attributes
        cell.A = Array([attributes])
        attributes = cell.A
    if isinstance(attributes, Array):
        for entry in attributes:
            if isinstance(entry, Dictionary) and entry.get("/O") == Name.Table:
                return entry
        entry = Dictionary(O=Name.Table)
        attributes.append(entry)
        return entry
    cell.A = Dictionary(O=Name.Table)
    return cell.A


def _index(kids, element) -> int:
    for position, kid in enumerate(kids):
        if isinstance(kid, Dictionary) and _same(kid, element):
            return position
    return len(kids)


def _describe_links(pdf, descriptions, fallback):
    """A `/Contents` on every link annotation that a person understands."""
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != Name.Link:
                continue
            action = annotation.get("/A")
            uri = action.get("/URI") if isinstance(action, Dictionary) else None
            if uri is not None:
                current = str(annotation.get("/Contents", "")).strip()
                if not current or ANCHOR_ID.match(current):
                    annotation.Contents = pikepdf.String(str(uri))
                continue
            target = action.get("/D") if isinstance(action, Dictionary) else annotation.get("/Dest")
            name = str(target) if isinstance(target, (pikepdf.String, Name)) else ""
            name = name.lstrip("/")
            description = descriptions.get(name) or fallback or str(annotation.get("/Contents", ""))
            annotation.Contents = pikepdf.String(description)
