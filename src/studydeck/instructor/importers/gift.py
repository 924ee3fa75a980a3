"""Import Moodle GIFT questions (https://docs.moodle.org/en/GIFT_format) into v1 cards.

Questions are separated by blank lines; `//` lines are comments; `::name::` names a question;
`[html]`, `[moodle]`, `[plain]` or `[markdown]` may start a text; `\\~ \\= \\# \\{ \\} \\:` are
escapes and `\\n` a line break. The answer block `{…}` decides the type, as Moodle's importer does:

    {=right ~wrong#feedback}          multiple choice (→ mcq, feedback → the option's `why`)
    {~%50%a ~%50%b ~%-100%c}          several right answers by weight (→ mcq, pick all)
    {T} {F} {TRUE} {FALSE}            true/false (→ true_false)
    {=answer =other}                  short answer (→ typed)
    {#1992:1} {#1990..1995}           numerical with tolerance or range (→ numeric)
    {=left -> right …}                matching (→ match)
    text {~a =b ~c} more text         missing word (→ mcq whose question shows a blank)
    {…####general feedback}           (→ `explanation`)

A short-answer blank in the middle of a sentence becomes a `cloze` card. Essays, descriptions
and partial-credit details have no equivalent; the report lists each one by line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studydeck.instructor.importers.common import Collector, ImportResult, read_text
from studydeck.instructor.text import clean_text, html_to_text, looks_like_html
from studydeck.study.words import plural

BLANK = "_____"
# Escaped characters are swapped for private-use placeholders while the structure is parsed,
# exactly as Moodle does with its `&&058;` placeholders, then swapped back in the text.
_ESCAPES = {":": "\ue000", "#": "\ue001", "=": "\ue002", "{": "\ue003", "}": "\ue004"}
_ESCAPES |= {"~": "\ue005", "n": "\ue006"}
_BACKSLASH = "\ue007"
_UNESCAPE = {v: k for k, v in _ESCAPES.items()} | {"\ue006": "\n", _BACKSLASH: "\\"}
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_FORMAT = re.compile(r"^\[(moodle|html|plain|markdown)\]", re.IGNORECASE)
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def _escape(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    return text


def _unescape(text: str) -> str:
    return "".join(_UNESCAPE.get(c, c) for c in text)


@dataclass
class _Answer:
    text: str
    weight: float  # 1.0 full credit, 0 wrong, negative penalty
    feedback: str
    marked_right: bool  # written with `=` (as opposed to `~` or `~%n%`)


class _Question:
    """One GIFT question's parts, with text already unescaped and turned into plain text."""

    def __init__(self, line: int, body: str, collect: Collector) -> None:
        self.line = line
        self.collect = collect
        self.title: str | None = None
        self.format = "moodle"
        if body.startswith("::"):
            name, sep, rest = body[2:].partition("::")
            if sep:
                self.title = self.text(name)
                body = rest.strip()
        self.body = body

    def text(self, raw: str) -> str:
        """Plain text from a GIFT text: format prefix removed, escapes resolved, HTML stripped."""
        raw = raw.strip()
        fmt = _FORMAT.match(raw)
        kind = self.format
        if fmt:
            kind = fmt.group(1).lower()
            raw = raw[fmt.end() :]
        raw = _unescape(raw).strip()
        if kind in ("html", "moodle") and looks_like_html(raw):
            text, images = html_to_text(raw)
            if images:
                self.collect.note(
                    self.line, f"dropped {plural(images, 'image')} (no media in decks)"
                )
            return text
        return clean_text(raw)


def _answers(answer_text: str, split_on: str, q: _Question) -> list[_Answer]:
    if split_on == "~":
        answer_text = answer_text.replace("=", "~=")
    parts = answer_text.split(split_on)
    if parts and not parts[0].strip():
        parts = parts[1:]
    answers: list[_Answer] = []
    for part in parts:
        part = part.strip()
        marked = part.startswith("=")
        if marked:
            part = part[1:]
        weight = 1.0 if marked or split_on == "=" else 0.0
        m = _WEIGHT.match(part)
        if m:
            weight = float(m.group(1)) / 100
            part = part[m.end() :]
        text, _, feedback = part.partition("#")
        answers.append(_Answer(q.text(text), weight, q.text(feedback), marked))
    return answers


def _number(text: str) -> int | float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    exact = value.is_integer() and abs(value) < 2**53  # beyond that a float holds no exact int
    return int(value) if exact and "." not in text and "e" not in text.lower() else value


class _Converter:
    def __init__(self, collect: Collector) -> None:
        self.collect = collect

    def block(self, line: int, raw: str) -> None:
        body = _escape(raw)
        q = _Question(line, body, self.collect)
        body = q.body
        fmt = _FORMAT.match(body)
        if fmt:
            q.format = fmt.group(1).lower()
        start, end = body.find("{"), body.find("}")
        if start < 0 and end < 0:
            self.collect.skip(line, "no answer block `{…}`: a description, not a question")
            return
        if start < 0 or end < start:
            self.collect.skip(line, "unbalanced braces: the answer block needs `{` and `}`")
            return
        before, answer_text, after = body[:start], body[start + 1 : end].strip(), body[end + 1 :]
        missing_word = bool(after.strip())
        question = q.text(before + (BLANK if missing_word else "") + after)
        answer_text, _, general = answer_text.partition("####")
        explanation = q.text(general) or None
        answer_text = answer_text.strip()
        if not question:
            self.collect.skip(line, "the question text is empty")
            return
        identity = f"{q.title}\n{question}" if q.title else None
        fields: dict[str, Any] | None
        if not answer_text:
            self.collect.skip(line, "essay question: there is no answer to check")
            return
        if answer_text.startswith("#"):
            fields = self.numerical(q, question, answer_text[1:], explanation)
        elif "~" in answer_text:
            fields = self.multichoice(q, question, answer_text, explanation)
        elif "=" in answer_text and "->" in answer_text:
            fields = self.matching(q, question, answer_text, explanation)
        elif answer_text.split("#", 1)[0].strip() in _TRUE_FALSE:
            fields = self.true_false(question, answer_text, q, explanation)
        else:
            fields = self.short_answer(q, question, answer_text, explanation, before, after)
        if fields is not None:
            self.collect.add(line, question, fields, identity=identity)

    def multichoice(
        self, q: _Question, question: str, answer_text: str, explanation: str | None
    ) -> dict[str, Any] | None:
        answers = _answers(answer_text, "~", q)
        single = any(a.marked_right for a in answers)
        if single and sum(a.marked_right for a in answers) > 1:
            self.collect.skip(
                q.line,
                "several answers marked `=` (Moodle accepts any one of them; "
                "a studydeck mcq with several right options asks for all of them)",
            )
            return None
        options = []
        for a in answers:
            correct = a.marked_right if single else a.weight > 0
            if single and not a.marked_right and a.weight > 0:
                self.collect.note(
                    q.line,
                    f"partial credit ({a.weight:.0%}) for {a.text!r} dropped: it counts as wrong",
                )
            options.append({"text": a.text, "correct": correct, "why": a.feedback or None})
        if not any(o["correct"] for o in options):
            self.collect.skip(q.line, "no answer is right (`=` or a positive `%weight%`)")
            return None
        return {"type": "mcq", "question": question, "options": options, "explanation": explanation}

    def matching(
        self, q: _Question, question: str, answer_text: str, explanation: str | None
    ) -> dict[str, Any] | None:
        pairs: list[list[str]] = []
        for part in answer_text.split("="):
            if not part.strip():
                continue
            left, arrow, right = part.partition("->")
            if not arrow:
                self.collect.skip(q.line, f"matching pair without `->`: {q.text(part)!r}")
                return None
            left_text, right_text = q.text(left), q.text(right)
            if not left_text:
                self.collect.note(
                    q.line, f"extra right side {right_text!r} dropped (match cards have none)"
                )
                continue
            pairs.append([left_text, right_text])
        return {"type": "match", "prompt": question, "pairs": pairs, "explanation": explanation}

    def true_false(
        self, question: str, answer_text: str, q: _Question, explanation: str | None
    ) -> dict[str, Any]:
        parts = answer_text.split("#", 2)
        wrong = q.text(parts[1]) if len(parts) > 1 else ""
        right = q.text(parts[2]) if len(parts) > 2 else ""
        return {
            "type": "true_false",
            "statement": question,
            "answer": _TRUE_FALSE[parts[0].strip()],
            "explanation": explanation or right or wrong or None,
        }

    def numerical(
        self, q: _Question, question: str, answer_text: str, explanation: str | None
    ) -> dict[str, Any] | None:
        answer_text = answer_text.split("~", 1)[0]  # `~#feedback` is for any wrong answer
        chosen: tuple[int | float, float, str] | None = None
        for a in _answers(answer_text, "=", q):
            if a.weight < 1:
                self.collect.note(q.line, f"partial-credit answer {a.text!r} dropped")
                continue
            value = self._numeric_answer(a.text)
            if value is None:
                self.collect.skip(q.line, f"not a number or range: {a.text!r}")
                return None
            if chosen is not None:
                self.collect.note(q.line, f"second full-credit answer {a.text!r} dropped")
                continue
            chosen = (*value, a.feedback)
        if chosen is None:
            self.collect.skip(q.line, "numerical question without a full-credit answer")
            return None
        answer, tolerance, feedback = chosen
        fields: dict[str, Any] = {"type": "numeric", "question": question, "answer": answer}
        if tolerance:
            fields["tolerance"] = float(tolerance)
        fields["explanation"] = explanation or feedback or None
        return fields

    @staticmethod
    def _numeric_answer(text: str) -> tuple[int | float, float] | None:
        if ".." in text:
            low_text, _, high_text = text.partition("..")
            low, high = _number(low_text), _number(high_text)
            if low is None or high is None or high < low:
                return None
            middle, half = low / 2 + high / 2, high / 2 - low / 2
            if not (math.isfinite(middle) and math.isfinite(half)):
                return None  # past a float's range: the question is skipped, not the import
            exact = middle.is_integer() and abs(middle) < 2**53
            return (int(middle) if exact else middle), half
        value_text, _, tolerance_text = text.partition(":")
        value = _number(value_text)
        tolerance = _number(tolerance_text) if tolerance_text.strip() else 0
        if value is None or tolerance is None or tolerance < 0:
            return None
        if not (math.isfinite(value) and math.isfinite(tolerance)):
            return None
        return value, float(tolerance)

    def short_answer(
        self,
        q: _Question,
        question: str,
        answer_text: str,
        explanation: str | None,
        before: str,
        after: str,
    ) -> dict[str, Any] | None:
        answers: list[str] = []
        feedback = ""
        for a in _answers(answer_text, "=", q):
            if a.weight < 1:
                self.collect.note(
                    q.line, f"partial-credit answer {a.text!r} ({a.weight:.0%}) dropped"
                )
            elif a.text and a.text not in answers:
                answers.append(a.text)
                feedback = feedback or a.feedback
        if not answers:
            self.collect.skip(q.line, "short answer without a full-credit answer")
            return None
        explanation = explanation or feedback or None
        blank_inside = bool(after.strip())
        if blank_inside and not any(c in a for a in answers for c in "|{}"):
            # A blank in the middle of a sentence is what a cloze card is.
            text = q.text(before + "{{" + "|".join(answers) + "}}" + after)
            if text.count("{{") == 1:
                return {"type": "cloze", "text": text, "explanation": explanation}
        return {
            "type": "typed",
            "question": question,
            "answers": answers,
            "explanation": explanation,
        }


def _blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Questions: runs of non-blank lines with their numbers, comment lines left out."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if current:
                blocks.append(current)
            current = []
        elif not line.strip().startswith("//"):
            current.append((number, line))
    if current:
        blocks.append(current)
    return blocks


def import_gift(path: Path) -> ImportResult:
    collect = Collector()
    convert = _Converter(collect)
    for block in _blocks(read_text(path).split("\n")):
        first_line, first = block[0]
        if first.strip().startswith("$CATEGORY:"):
            category = first.strip()[len("$CATEGORY:") :].strip()
            collect.note(first_line, f"category {category!r} ignored (a deck has no categories)")
            block = block[1:]
            if not block:
                continue
        convert.block(block[0][0], "\n".join(text for _, text in block).strip())
    return collect.result
