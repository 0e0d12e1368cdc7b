"""Registers: ``content/registers/*.yaml`` → ``Registers`` (persons, places, organizations, terms).

    content/registers/persons.yaml        → entries of kind ``person``
    content/registers/places.yaml         → ``place``
    content/registers/organizations.yaml  → ``org``
    content/registers/terms.yaml          → ``term``
    content/registers/stoplist.yaml       → phrases that are never names, words that are never entities

Each register file is a YAML list of entries::

    - id: rusk-dean                     # stable slug: the entry's URL forever
      name: "Rusk, Dean"                # as sorted
      forms: [Dean Rusk, Rusk, RUSSK?]  # every form found in the documents (see ``Form``)
      role: Secretary of State          # in 1962
      authority: [Q…]                   # Wikidata ids the editors are sure of; none rather than a guess
      description: Markdown
      expansion: …                      # terms: what the abbreviation stands for (required)
      see: north-atlantic-council       # terms: the entry whose forms tag this abbreviation in the text

A form is a string or a mapping that says where it applies::

    - form: President                   # the string
      from: 1961-01-20                  # only in documents dated from/to (ISO, inclusive)
      to: 1963-11-22
      documents: [id, …]                # only in these documents (an editor's identification)
      direction: incoming               # only in incoming (outgoing) telegrams
      context: true                     # also an ordinary word ("Green", "Ball"): needs context
      title: true                       # a bare title ("President"): not when a name follows

A bad file never raises: it is reported as ``path:line:col: error[E006]`` and skipped (or the bad
entry is), so every problem in the data is listed in one run.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

from .diagnostics import Reporter

# register file → Name.kind (edition/urls.py REGISTER_FOLDERS maps the kinds to folders)
REGISTER_FILES = (("persons.yaml", "person"), ("places.yaml", "place"),
                  ("organizations.yaml", "org"), ("terms.yaml", "term"))
KINDS = tuple(k for _, k in REGISTER_FILES)
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
ENTRY_KEYS = {"id", "name", "forms", "role", "authority", "description", "expansion", "see"}
FORM_KEYS = {"form", "from", "to", "documents", "direction", "context", "title"}


@dataclass(frozen=True)
class Form:
    """One way an entity is written in the documents, and where the finder may take it as a name."""

    text: str
    context: bool = False
    title: bool = False
    documents: frozenset[str] = frozenset()
    start: Optional[str] = None
    end: Optional[str] = None
    direction: Optional[str] = None
    line: int = 0
    col: int = 0

    @property
    def conditional(self) -> bool:
        return bool(self.documents or self.start or self.end or self.direction)

    def applies(self, doc_id: str, date: Optional[str], direction: Optional[str]) -> bool:
        """Does this form apply in a document with this id, ISO date and direction?"""
        if self.documents and doc_id not in self.documents:
            return False
        if self.start or self.end:
            if not date:
                return False
            if self.start and date < self.start:
                return False
            if self.end and date > self.end:
                return False
        if self.direction and direction != self.direction:
            return False
        return True


@dataclass(frozen=True)
class Entry:
    """One register entry (a person, place, organization or term)."""

    id: str
    kind: str
    name: str
    forms: tuple[Form, ...] = ()
    role: str = ""
    authority: tuple[str, ...] = ()
    description: str = ""
    expansion: str = ""
    see: Optional[str] = None
    path: str = ""
    line: int = 0

    @property
    def authority_urls(self) -> tuple[str, ...]:
        return tuple(f"https://www.wikidata.org/wiki/{q}" for q in self.authority)


@dataclass
class Registers:
    """All four registers and the stop-list, as loaded."""

    entries: dict[str, Entry] = field(default_factory=dict)
    stop_phrases: tuple[str, ...] = ()
    stop_words: frozenset[str] = frozenset()

    def of_kind(self, kind: str) -> list[Entry]:
        """The entries of one kind, in file order."""
        return [e for e in self.entries.values() if e.kind == kind]

    def get(self, entity_id: str) -> Optional[Entry]:
        return self.entries.get(entity_id)


# --------------------------------------------------------------------------------------------
# YAML with positions (shared by every editorial data file)
# --------------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """YAML dates → ISO strings; everything else as loaded."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return value


def load_yaml(path: Path, reporter: Reporter, code: str = "E006") -> Optional[tuple[Any, Any]]:
    """Read one editorial YAML file → ``(data, node)`` (node keeps the line marks), or None when the
    file is missing (None, quietly) or unreadable (reported with its position)."""
    if not path.exists():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reporter.error(str(path), 1, 1, code, f"cannot read editorial file: {exc}")
        return None
    # libyaml's loader when PyYAML was built with it: the same nodes and marks, ten times faster
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        reporter.error(str(path), line, col, code, f"not valid YAML: {problem}")
        return None
    finally:
        loader.dispose()
    return data, node


def node_pos(node: Any) -> tuple[int, int]:
    """A YAML node's 1-based (line, col)."""
    mark = getattr(node, "start_mark", None)
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def key_node(mapping_node: Any, key: str) -> Any:
    """The value node of ``key`` in a YAML mapping node (for its position), or the mapping itself."""
    for k, v in getattr(mapping_node, "value", ()) or ():
        if getattr(k, "value", None) == key:
            return v
    return mapping_node


def list_items(path: Path, what: str, reporter: Reporter) -> list[tuple[Any, Any]]:
    """An editorial file that holds a list (corrections, notes, links) → its (item, node) pairs;
    [] when the file is absent or empty, E006 when it is not a list of ``what``."""
    loaded = load_yaml(path, reporter)
    if loaded is None or loaded[0] is None:
        return []
    data, node = loaded
    if not isinstance(data, list):
        reporter.error(str(path), *node_pos(node), "E006", f"{path.name} must be a list of {what}")
        return []
    return seq_items(data, node)


def checked_entry(raw: Any, rnode: Any, what: str, keys: frozenset, required: tuple[str, ...], path: str,
                  reporter: Reporter) -> bool:
    """One item of an editorial list (a correction, a note, a link) → whether it can be used: a
    mapping whose required keys have values. E006 with the item's path:line:col for a non-mapping,
    for unknown keys (reported, the item still used) and for missing required keys."""
    line, col = node_pos(rnode)
    if not isinstance(raw, dict):
        reporter.error(path, line, col, "E006", f"a {what} must be a mapping ({', '.join(sorted(keys))})")
        return False
    bad = sorted(set(map(str, raw)) - keys)
    if bad:
        reporter.error(path, line, col, "E006", f"unknown key(s) in {what}: {', '.join(bad)}")
    missing = [k for k in required if not str(raw.get(k) or "").strip()]
    if missing:
        reporter.error(path, line, col, "E006", f"{what} without {', '.join(missing)}")
        return False
    return True


def seq_items(data: Any, node: Any) -> list[tuple[Any, Any]]:
    """A YAML list's items with their nodes (a non-list gives nothing)."""
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        return []
    return list(zip(data, node.value))


# --------------------------------------------------------------------------------------------
# Loading the registers
# --------------------------------------------------------------------------------------------


def _form(raw: Any, rnode: Any, path: str, reporter: Reporter) -> Optional[Form]:
    line, col = node_pos(rnode)
    if isinstance(raw, str):
        text = " ".join(raw.split())
        if not text:
            reporter.error(path, line, col, "E006", "empty form")
            return None
        return Form(text=text, line=line, col=col)
    if not isinstance(raw, dict):
        reporter.error(path, line, col, "E006", "a form must be a string or a mapping with 'form'")
        return None
    bad = sorted(set(map(str, raw)) - FORM_KEYS)
    if bad:
        reporter.error(path, line, col, "E006", f"unknown key(s) in form: {', '.join(bad)} "
                       f"(expected {', '.join(sorted(FORM_KEYS))})")
    text = " ".join(str(raw.get("form") or "").split())
    if not text:
        reporter.error(path, line, col, "E006", "form mapping without 'form'")
        return None
    docs = raw.get("documents") or []
    if isinstance(docs, str):
        docs = [docs]
    direction = raw.get("direction")
    if direction not in (None, "incoming", "outgoing"):
        reporter.error(path, line, col, "E006", f"direction must be incoming or outgoing, not {direction!r}")
        direction = None
    start, end = _plain(raw.get("from")), _plain(raw.get("to"))
    for label, value in (("from", start), ("to", end)):
        if value is not None and not re.match(r"^\d{4}-\d{2}-\d{2}$", str(value)):
            reporter.error(path, line, col, "E006", f"'{label}' must be an ISO date (YYYY-MM-DD), not {value!r}")
    return Form(text=text, context=bool(raw.get("context")), title=bool(raw.get("title")),
                documents=frozenset(map(str, docs)), start=str(start) if start else None,
                end=str(end) if end else None, direction=direction, line=line, col=col)


def _entry(raw: Any, rnode: Any, kind: str, path: str, reporter: Reporter) -> Optional[Entry]:
    line, col = node_pos(rnode)
    if not isinstance(raw, dict):
        reporter.error(path, line, col, "E006", "an entry must be a mapping (id, name, forms, …)")
        return None
    bad = sorted(set(map(str, raw)) - ENTRY_KEYS)
    if bad:
        reporter.error(path, line, col, "E006", f"unknown key(s): {', '.join(bad)} "
                       f"(expected {', '.join(sorted(ENTRY_KEYS))})")
    eid = raw.get("id")
    if not isinstance(eid, str) or not ID_RE.match(eid):
        l2, c2 = node_pos(key_node(rnode, "id"))
        reporter.error(path, l2, c2, "E006", f"entry id must be a lower-case slug like 'rusk-dean', not {eid!r}")
        return None
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        reporter.error(path, line, col, "E006", f"entry {eid!r} has no name")
        return None
    forms_raw = raw.get("forms") or []
    fnode = key_node(rnode, "forms")
    forms: list[Form] = []
    if not isinstance(forms_raw, list):
        reporter.error(path, *node_pos(fnode), "E006", f"forms of {eid!r} must be a list")
    else:
        for f, fn in zip(forms_raw, getattr(fnode, "value", [None] * len(forms_raw))):
            form = _form(f, fn if fn is not None else rnode, path, reporter)
            if form:
                forms.append(form)
    authority = raw.get("authority") or []
    if isinstance(authority, str):
        authority = [authority]
    good_auth = []
    for q in authority:
        if isinstance(q, str) and QID_RE.match(q):
            good_auth.append(q)
        else:
            reporter.error(path, *node_pos(key_node(rnode, "authority")), "E006",
                           f"authority of {eid!r} must be Wikidata ids like Q9696, not {q!r}")
    expansion = str(raw.get("expansion") or "")
    if kind == "term" and not expansion:
        reporter.error(path, line, col, "E006", f"term {eid!r} has no expansion")
    return Entry(id=eid, kind=kind, name=name.strip(), forms=tuple(forms), role=str(raw.get("role") or ""),
                 authority=tuple(good_auth), description=str(raw.get("description") or "").strip(),
                 expansion=expansion, see=raw.get("see"), path=path, line=line)


def load_registers(content_dir: Path, reporter: Reporter) -> Registers:
    """``content/registers/`` → ``Registers``; every problem is reported (E006), never raised."""
    regdir = content_dir / "registers"
    regs = Registers()
    seen_forms: dict[str, tuple[str, str, int]] = {}
    for filename, kind in REGISTER_FILES:
        path = regdir / filename
        loaded = load_yaml(path, reporter)
        if loaded is None:
            continue
        data, node = loaded
        if data is None:
            continue
        if not isinstance(data, list):
            reporter.error(str(path), *node_pos(node), "E006", f"{filename} must be a list of entries")
            continue
        for raw, rnode in seq_items(data, node):
            entry = _entry(raw, rnode, kind, str(path), reporter)
            if entry is None:
                continue
            if entry.id in regs.entries:
                other = regs.entries[entry.id]
                reporter.error(str(path), entry.line, 1, "E006",
                               f"duplicate id {entry.id!r} (first at {other.path}:{other.line})")
                continue
            if entry.kind == "term" and entry.see:
                # an abbreviation whose entity lives in another register: its forms tag that entry
                forms_to_check: tuple[Form, ...] = ()
            else:
                forms_to_check = entry.forms
            for form in forms_to_check:
                if form.conditional:
                    continue
                key = form.text.casefold()
                if key in seen_forms and seen_forms[key][0] != entry.id:
                    oid, opath, oline = seen_forms[key]
                    reporter.error(str(path), form.line, form.col, "E006",
                                   f"form {form.text!r} of {entry.id!r} is also a form of {oid!r} "
                                   f"({opath}:{oline}); give one of them a condition (documents/from/to)")
                else:
                    seen_forms[key] = (entry.id, str(path), form.line)
            regs.entries[entry.id] = entry
    for entry in regs.entries.values():
        if entry.see is not None and entry.see not in regs.entries:
            reporter.error(entry.path, entry.line, 1, "E006", f"{entry.id!r} says see {entry.see!r}, which is no entry")
    stop = load_yaml(regdir / "stoplist.yaml", reporter)
    if stop is not None and stop[0] is not None:
        data, node = stop
        if not isinstance(data, dict):
            reporter.error(str(regdir / "stoplist.yaml"), *node_pos(node), "E006",
                           "stoplist.yaml must be a mapping with 'phrases' and 'words'")
        else:
            regs.stop_phrases = tuple(" ".join(str(p).split()) for p in data.get("phrases") or [] if str(p).strip())
            regs.stop_words = frozenset(str(w).casefold() for w in data.get("words") or [])
    return regs
