"""A guarded YAML reader for deck files.

Deck files come from anyone, so this reader accepts only the plain subset of YAML a deck needs
(mappings, sequences and scalars in one document) and rejects everything else with its line:
anchors, aliases, merge keys and tags (alias bombs, `!!python/...`), duplicate or non-text keys,
nesting deeper than a deck needs, control characters, non-UTF-8 text and oversized files.

It walks libyaml's event stream itself rather than calling `yaml.load`: the event parser keeps
its own stack (libyaml's composer recurses and segfaults on deep nesting), so depth can be
checked before anything recurses. Where each value and key starts is recorded by a second walk,
only when a problem needs a line to point at, and kept as one int per node in document order
(see _Places). The nodes are counted as they come, and a file with more than a real deck of
the size limit holds is refused before they are all built (deck/limits.py).
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from studydeck.deck.limits import (
    BYTES_PER_COLLECTION,
    BYTES_PER_NODE,
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    MAX_KEYS,
    MAX_NUMBER_LENGTH,
    max_nodes,
)

Path = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column

# C0 and C1 controls except tab, newline and carriage return; ESC (U+001B) starts terminal
# escape sequences, which would let a deck repaint the learner's terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
# Bidirectional embeddings, overrides and isolates reorder how text is shown ("Trojan Source",
# CVE-2021-42574), and zero-width characters hide in it: the validator warns of them.
HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL_NAMES = {"\x1b": "ESC, which starts terminal escape sequences", "\x00": "NUL"}

_BOOL_TRUE = {"yes", "true", "on", "y"}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class YamlProblem(Exception):
    """The file cannot be read as a deck; carries the position of the first offending byte."""

    def __init__(self, message: str, fix: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.line = line
        self.col = col


@dataclass(frozen=True)
class Scalar:
    """How a plain scalar was written, kept for values YAML turned into non-text."""

    source: str  # the characters as written
    kind: str  # "bool", "int", "float" or "null"


class ReadResult:
    """The parsed data, the plain scalars YAML resolved to non-text, and positions on demand."""

    def __init__(
        self,
        data: Any,
        plain_scalars: dict[Path, Scalar] | None = None,
        raw: bytes | None = None,
        located: array[int] | None = None,
    ) -> None:
        self.data = data
        self.plain_scalars = plain_scalars or {}  # values YAML 1.1 resolved to bool/number/null
        self._raw = raw  # the bytes `data` was read from (the loader holds them anyway)
        self._located = located  # each node's position, in document order (see _Places)
        self._places: _Places | None = None
        self.hidden_characters = False  # bidi controls or zero-width characters in the text

    def position(self, path: Path) -> Position | None:
        """Where the value at `path` starts (None when not known)."""
        return self._locate().find(path)[1]

    def key_position(self, path: Path) -> Position | None:
        """Where the mapping key of `path` starts (None when not a mapping's value)."""
        return self._locate().find(path)[0]

    def _locate(self) -> _Places:
        if self._places is None:
            if self._located is None and self._raw is not None:
                # these bytes were read without a problem once, so they read the same again
                walker = _Walker(decode(self._raw), locate=True, keep=False)
                self._located = walker.run()._located
            self._places = _Places(self.data, self._located or array("Q"))
        return self._places


class _Places:
    """Where each node of the data starts, found from the nodes' positions in document order.

    A mapping's key and value, and a list's items, follow each other in the file as in the data
    (dicts keep their order), so a node's place in that order is counted from the sizes of what
    comes before it. One packed int a node (8 bytes) against ~200 for a dict from paths to
    positions: a 10 MB deck has ~500k nodes, and the places are wanted whenever it has a problem.
    """

    def __init__(self, data: Any, order: array[int]) -> None:
        self.data = data
        self.order = order
        self._starts: dict[int, Any] = {}  # id(list or dict) → where each child starts in it

    def find(self, path: Path) -> tuple[Position | None, Position | None]:
        """The positions of the key (for a mapping's value) and of the value at `path`."""
        if not self.order:
            return None, None
        index, node, key_at = 0, self.data, None
        for step in path:
            if isinstance(node, dict) and isinstance(step, str) and step in node:
                key_at = index + self._offsets(node)[step]
                index = key_at + 1
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                key_at = None
                index += self._offsets(node)[step]
            else:
                return None, None
            node = node[step]
        key = None if key_at is None else _unpack(self.order[key_at])
        return key, _unpack(self.order[index])

    def _offsets(self, node: dict[str, Any] | list[Any]) -> Any:
        found = self._starts.get(id(node))
        if found is None:
            at = 1  # the node itself comes first
            if isinstance(node, dict):
                found = {}
                for key, value in node.items():
                    found[key] = at  # the key; its value follows
                    at += 1 + _size(value)
            else:
                found = []
                for item in node:
                    found.append(at)
                    at += _size(item)
            self._starts[id(node)] = found
        return found


def _size(node: Any) -> int:
    """How many YAML nodes (keys included) `node` was read from."""
    if isinstance(node, dict):
        return 1 + sum(1 + _size(value) for value in node.values())
    if isinstance(node, list):
        return 1 + sum(_size(item) for item in node)
    return 1


def _pack(position: Position) -> int:
    """A position as one int: line << 32 | column."""
    return position[0] << 32 | position[1]


def _unpack(packed: int) -> Position:
    return packed >> 32, packed & 0xFFFFFFFF


def describe_control(ch: str) -> str:
    name = _CONTROL_NAMES.get(ch)
    code = f"U+{ord(ch):04X}"
    return f"{code} ({name})" if name else code


def _position_in(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def decode(raw: bytes) -> str:
    """Decode deck bytes as UTF-8, with a located error for anything else."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:4]):
        raise YamlProblem(
            "the file is UTF-16 or UTF-32, not UTF-8",
            "save it as UTF-8 (most editors offer this under 'Save with encoding')",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = _position_in(prefix, len(prefix))
        raise YamlProblem(
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            "save the file as UTF-8",
            line,
            col,
        ) from None


def read_yaml(raw: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """Parse one deck file's bytes into plain Python data with positions."""
    if len(raw) > max_bytes:
        raise YamlProblem(
            f"the file is {len(raw):,} bytes, over the limit of {max_bytes:,}",
            "split the deck into several files, or raise the limit with --max-bytes",
        )
    text = decode(raw)
    bad = _CONTROL.search(text)
    if bad:
        line, col = _position_in(text, bad.start())
        raise YamlProblem(
            f"control character {describe_control(bad.group())} in the file",
            "remove it; deck text must be plain printable characters",
            line,
            col,
        )
    if not text.strip():
        raise YamlProblem(
            "the file is empty", "a deck starts with `studydeck: 1`; see decks/README.md"
        )
    try:
        result = _Walker(text, raw, max_bytes=max_bytes).run()
    except _NeedsPositions:
        # to say where the first of two keys is
        result = _Walker(text, raw, locate=True, max_bytes=max_bytes).run()
    # one search of the whole text: the validator looks for where only when there is one
    result.hidden_characters = HIDDEN.search(text) is not None
    return result


def _resolve_plain(value: str) -> tuple[Any, str | None]:
    """Resolve a plain (unquoted) scalar the way YAML 1.1 does; return (value, kind)."""
    if not value:
        return None, "null"
    first = value[0]
    if first not in "-+.0123456789~nNtTfFyYoO":
        return value, None
    resolvers = _Loader.yaml_implicit_resolvers.get(first, [])
    tag = next((t for t, regexp in resolvers if regexp.match(value)), None)
    if tag is None:
        return value, None
    if tag == "tag:yaml.org,2002:null":
        return None, "null"
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in _BOOL_TRUE, "bool"
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        node = yaml.ScalarNode(tag, value)
        if tag.endswith("int"):
            return _CONSTRUCTOR.construct_yaml_int(node), "int"
        return _CONSTRUCTOR.construct_yaml_float(node), "float"
    # timestamps and anything else stay text: decks have no use for dates as objects
    return value, None


def _is_number(value: str) -> bool:
    """Whether YAML 1.1 reads the plain scalar as an int or a float (without building it)."""
    resolvers = _Loader.yaml_implicit_resolvers.get(value[0], [])
    tag = next((t for t, regexp in resolvers if regexp.match(value)), None)
    return tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


_COLLECTION_EVENTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_NODE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, *_COLLECTION_EVENTS)


class _NeedsPositions(Exception):
    """A problem was found whose message needs positions the walker did not record."""


class _Walker:
    def __init__(
        self,
        text: str,
        raw: bytes | None = None,
        *,
        locate: bool = False,
        keep: bool = True,
        max_bytes: int | None = None,
    ) -> None:
        self.text = text
        self.raw = raw
        self.locate = locate
        # keep=False: only the places are wanted (the data was read once already); each
        # finished value is dropped, not kept beside the data read the first time
        self.keep = keep
        self.max_bytes = max_bytes  # None: no bound on nodes (bytes already read once)
        self.order: array[int] = array("Q")  # each node's packed position (see _Places)
        self.plain: dict[Path, Scalar] = {}

    @staticmethod
    def _pos(event: Any) -> Position:
        mark = event.start_mark
        return mark.line + 1, mark.column + 1

    def _reject(self, event: Any, message: str, fix: str) -> YamlProblem:
        line, col = self._pos(event)
        return YamlProblem(message, fix, line, col)

    def run(self) -> ReadResult:
        loader = _Loader(self.text)
        try:
            data = self._document(self._counted(loader.get_event))
        except yaml.MarkedYAMLError as exc:
            raise _syntax_problem(exc, self.text) from None
        except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks
            raise YamlProblem(f"YAML error: {exc}", "fix the YAML syntax") from None
        finally:
            loader.dispose()
        located = self.order if self.locate else None
        return ReadResult(data, self.plain, self.raw, located)

    def _counted(self, get_event: Any) -> Any:
        """`get_event`, refusing the node past the bound: time and memory go with the nodes
        (~0.5 KB each once validated), and a 10 MB file can hold 5 million of them."""
        if self.max_bytes is None:
            return get_event
        max_bytes = self.max_bytes
        limit, collection_limit = max_nodes(max_bytes)
        nodes = collections = 0

        def refuse(event: Any, what: str, found: int, per: int) -> YamlProblem:
            return self._reject(
                event,
                f"the file holds more than {found:,} YAML {what}, the bound that goes with the"
                f" size limit of {max_bytes:,} bytes (one per {per} bytes; real decks use"
                f" under half as many)",
                "check what wrote so many tiny entries, split the deck into several files,"
                " or raise the limit with --max-bytes (the bound grows with it)",
            )

        def events() -> Any:
            nonlocal nodes, collections
            event = get_event()
            if isinstance(event, _NODE_EVENTS):
                nodes += 1
                if nodes > limit:
                    raise refuse(
                        event, "nodes (keys, values, lists and mappings)", limit, BYTES_PER_NODE
                    )
                if isinstance(event, _COLLECTION_EVENTS):
                    collections += 1
                    if collections > collection_limit:
                        raise refuse(
                            event, "lists and mappings", collection_limit, BYTES_PER_COLLECTION
                        )
            return event

        return events

    def _document(self, events: Any) -> Any:
        events()  # StreamStart
        start = events()
        if isinstance(start, yaml.StreamEndEvent):
            raise YamlProblem("the file has no content", "a deck starts with `studydeck: 1`")
        data = self._node(events, events(), (), 0)
        events()  # DocumentEnd
        after = events()
        if isinstance(after, yaml.DocumentStartEvent):
            raise self._reject(
                after,
                "the file holds more than one YAML document",
                "keep one deck per file: remove the `---` line and what follows, "
                "or move it to its own file",
            )
        return data

    def _node(self, events: Any, event: Any, path: Path, depth: int) -> Any:
        if isinstance(event, yaml.AliasEvent):
            raise self._reject(
                event,
                f"alias `*{event.anchor}` is not allowed in a deck",
                "write the value out in full; decks use no anchors or aliases",
            )
        if event.anchor is not None:
            raise self._reject(
                event,
                f"anchor `&{event.anchor}` is not allowed in a deck",
                "remove the anchor and write each value out in full",
            )
        tag = event.tag
        if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise self._reject(
                event,
                f"YAML tag `{shown}` is not allowed in a deck",
                "remove the tag; decks hold only plain text, numbers, true/false, lists and maps",
            )
        if self.locate:
            self.order.append(_pack(self._pos(event)))
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, path) if self.keep else None
        if depth >= MAX_DEPTH:
            raise self._reject(
                event,
                f"nesting is deeper than {MAX_DEPTH} levels",
                "a deck needs no more than 5 levels; check the indentation and brackets",
            )
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while True:
                child = events()
                if isinstance(child, yaml.SequenceEndEvent):
                    return items
                items.append(self._node(events, child, (*path, len(items)), depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(events, path, depth)
        raise self._reject(
            event, "unexpected YAML structure", "fix the YAML syntax"
        )  # pragma: no cover

    def _scalar(self, event: Any, path: Path) -> Any:
        value: str = event.value
        if not event.style and event.implicit[0]:
            if len(value) > MAX_NUMBER_LENGTH and _is_number(value):
                # int() refuses over 4,300 digits, a float overflows past 308, and a long
                # sexagesimal 59:59:… takes quadratic time to build: no deck needs such numbers
                raise self._reject(
                    event,
                    f"a number written with {len(value):,} characters",
                    f"numbers in a deck have at most {MAX_NUMBER_LENGTH} characters; "
                    'quote it ("…") if it is meant as text',
                )
            resolved, kind = _resolve_plain(value)
            if kind is not None:
                self.plain[path] = Scalar(value, kind)
                return resolved
            return value
        bad = _CONTROL.search(value)  # escapes like "\e" in double quotes make controls too
        if bad:
            raise self._reject(
                event,
                f"text contains control character {describe_control(bad.group())}",
                "remove the escape sequence; deck text must be plain printable characters",
            )
        return value

    def _mapping(self, events: Any, path: Path, depth: int) -> dict[str, Any] | None:
        result: dict[str, Any] = {}
        key_places: dict[str, Position] = {}  # to say where the first of two keys is
        while True:
            key_event = events()
            if isinstance(key_event, yaml.MappingEndEvent):
                return result if self.keep else None
            if not isinstance(key_event, yaml.ScalarEvent):
                raise self._reject(
                    key_event,
                    "a mapping key must be plain text, not a list or mapping",
                    "check the indentation and colons on this line",
                )
            if key_event.anchor is not None or key_event.tag not in (None, "!"):
                raise self._reject(
                    key_event,
                    "anchors and tags are not allowed on keys",
                    "write the key as plain text",
                )
            if len(result) == MAX_KEYS:
                raise self._reject(
                    key_event,
                    f"a mapping with more than {MAX_KEYS:,} keys",
                    "no deck mapping has this many fields: check the indentation",
                )
            key = key_event.value
            bad = _CONTROL.search(key)  # "\e" in a quoted key makes one, as in a value
            if bad:
                raise self._reject(
                    key_event,
                    f"a key contains control character {describe_control(bad.group())}",
                    "remove the escape sequence; keys are plain field names",
                )
            plain = not key_event.style and key_event.implicit[0]
            if plain and key == "<<":
                raise self._reject(
                    key_event,
                    "merge keys (`<<`) are not allowed in a deck",
                    "write the fields out in full in each card",
                )
            if plain:
                _, kind = _resolve_plain(key)
                if kind is not None:
                    raise self._reject(
                        key_event,
                        f"key `{key}` is read by YAML as {_kind_name(kind)}, not text",
                        f'quote it: "{key}":',
                    )
            if key in result:
                if not self.locate:
                    raise _NeedsPositions
                first = key_places[key]
                raise self._reject(
                    key_event,
                    f"duplicate key `{key}` (first at line {first[0]})",
                    "remove one of them; YAML would silently keep only the last",
                )
            child_path = (*path, key)
            if self.locate:
                key_places[key] = self._pos(key_event)
                self.order.append(_pack(key_places[key]))
            result[key] = self._node(events, events(), child_path, depth + 1)


def _kind_name(kind: str) -> str:
    return {"bool": "true/false", "int": "a number", "float": "a number", "null": "empty"}[kind]


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    fix = "fix the YAML syntax at this point"
    at = text[mark.index] if mark and mark.index < len(text) else ""
    if at == "\t" or "\t" in problem:
        problem = "a tab character where YAML expects indentation or a value"
        fix = "indent with spaces, not tabs"
    elif "maximum nesting depth" in problem:
        return YamlProblem(
            f"nesting is deeper than {MAX_DEPTH} levels",
            "a deck needs no more than 5 levels; check the indentation and brackets",
            line,
            col,
        )
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    if "could not find expected ':'" in problem or "mapping values are not allowed" in problem:
        fix = 'a value containing ": " must be quoted, e.g. front: "Q: why?"'
    return YamlProblem(f"YAML syntax error: {problem}", fix, line, col)
