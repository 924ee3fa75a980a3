"""The class report as one self-contained HTML page: inline CSS and SVG charts, no JavaScript,
nothing fetched, so it opens from a file in any browser and can be mailed as an attachment.

Every text from a deck or an export is escaped: an export is a file someone handed in."""

from __future__ import annotations

from html import escape

from studydeck.instructor.report import CardStats, ClassReport, percent

_BAR_AREA = 360
_LABEL_WIDTH = 330
_ROW = 26

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem;
       color: #1d2330; background: #fff; line-height: 1.4; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.4rem; border-bottom: 1px solid #d8dce5; }
.sub { color: #5a6272; margin-top: 0; }
.tiles { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1.5rem 0; }
.tile { border: 1px solid #d8dce5; border-radius: 8px; padding: .7rem 1rem; min-width: 9rem; }
.tile b { display: block; font-size: 1.6rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eceef3; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.mcq { margin: 1.2rem 0; } .mcq h3 { font-size: 1rem; margin: 0 0 .3rem; }
.note { color: #5a6272; font-size: .9rem; }
svg { max-width: 100%; height: auto; }
svg text { font-family: system-ui, sans-serif; font-size: 13px; fill: #1d2330; }
code { font-size: .85rem; color: #5a6272; }
"""


def _color(value: float) -> str:
    """Red for low, amber for middling, green for high shares."""
    if value < 0.5:
        return "#d9534f"
    if value < 0.8:
        return "#f0ad4e"
    return "#4cae4c"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(
    rows: list[tuple[str, float, str]], *, title: str, color_by_value: bool = True
) -> str:
    """Horizontal bars: (label, share 0..1, text after the bar). Labels are clipped; the full
    label is the bar's tooltip."""
    height = _ROW * len(rows) + 10
    width = _LABEL_WIDTH + _BAR_AREA + 110
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
    ]
    for i, (label, value, note) in enumerate(rows):
        y = 5 + i * _ROW
        share = min(1.0, max(0.0, value))
        bar = max(1.0, share * _BAR_AREA)
        fill = _color(share) if color_by_value else "#5b7bd5"
        parts.append(
            f"<g><title>{escape(label)}: {escape(note)}</title>"
            f'<text x="{_LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end">'
            f"{escape(_clip(label, 44))}</text>"
            f'<rect x="{_LABEL_WIDTH}" y="{y + 3}" width="{_BAR_AREA}" height="{_ROW - 8}" '
            f'fill="#eef0f5"/>'
            f'<rect x="{_LABEL_WIDTH}" y="{y + 3}" width="{bar:.1f}" height="{_ROW - 8}" '
            f'fill="{fill}"/>'
            f'<text x="{_LABEL_WIDTH + _BAR_AREA + 8}" y="{y + 17}">{escape(note)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _card_cell(card: CardStats) -> str:
    return f"{escape(card.label)}<br><code>{escape(card.key)}</code>"


def html_report(report: ClassReport, top: int = 15) -> str:
    cards = report.cards
    reached_any = sum(1 for c in cards if c.reached)
    pairs = sum(c.learners for c in cards)
    mastery = sum(c.recall_sum for c in cards) / pairs if pairs else 0.0
    decks = sorted({(c.deck_id, c.deck_title) for c in cards})
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>studydeck class report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Class report</h1>",
        f'<p class="sub">{report.learners} learner(s) · '
        + ", ".join(f"{escape(title)} <code>{escape(did)}</code>" for did, title in decks)
        + "</p>",
        '<div class="tiles">',
        f'<div class="tile"><b>{report.learners}</b>learners</div>',
        f'<div class="tile"><b>{len(cards)}</b>cards</div>',
        f'<div class="tile"><b>{reached_any}</b>cards reached by someone</div>',
        f'<div class="tile"><b>{percent(mastery)}</b>mean recall now</div>',
        "</div>",
    ]
    out += _hardest(report, top)
    out += _distractors(report, top)
    out += _tags(report)
    out += _unreached(report)
    out += [
        "<h2>How this is computed</h2>",
        '<p class="note">Right first time: of the learners who answered a card, the share who '
        "got every part right on their first answer. Wrong options: learners who chose the "
        "option at least once (and how many times in all). Mastery: the mean probability, "
        "estimated by FSRS at export time, that a learner recalls the cards with the tag; "
        "cards a learner has not reached count as 0.</p>",
        f'<p class="note">Files: {escape(", ".join(report.files))}</p>',
        "</body></html>",
    ]
    return "\n".join(out) + "\n"


def _hardest(report: ClassReport, top: int) -> list[str]:
    hardest = report.hardest(top)
    out = ["<h2>Hardest cards</h2>"]
    if not hardest:
        return [*out, '<p class="note">No card has been answered yet.</p>']
    rows = [
        (c.label, c.right_first_rate or 0.0, f"{percent(c.right_first_rate)} of {c.reached}")
        for c in hardest
    ]
    out.append('<p class="note">Right first time, lowest first.</p>')
    out.append(bar_chart(rows, title="Right first time per card"))
    out.append(
        "<table><tr><th>card</th><th>right first time</th><th>reached</th>"
        "<th>answers right</th><th>versions</th></tr>"
    )
    for c in hardest:
        out.append(
            f"<tr><td>{_card_cell(c)}</td><td class=n>{percent(c.right_first_rate)}</td>"
            f"<td class=n>{c.reached} / {c.learners}</td>"
            f"<td class=n>{c.right} / {c.reviews}</td><td class=n>{len(c.versions)}</td></tr>"
        )
    out.append("</table>")
    return out


def _distractors(report: ClassReport, top: int) -> list[str]:
    out = ["<h2>Wrong options that fool the class</h2>"]
    cards = report.distractors()[:top]
    if not cards:
        return [*out, '<p class="note">No wrong option has been chosen yet.</p>']
    for card in cards:
        rows = [
            (
                o.text,
                o.learners / card.reached if card.reached else 0.0,
                f"{o.learners} learner(s), {o.times}×",
            )
            for _, o in card.wrong_options()
        ]
        out.append(f'<div class="mcq"><h3>{_card_cell(card)}</h3>')
        out.append(
            bar_chart(rows, title=f"Wrong options chosen: {card.label}", color_by_value=False)
        )
        out.append("</div>")
    return out


def _tags(report: ClassReport) -> list[str]:
    tags = report.tags()
    out = ["<h2>Mastery per tag</h2>"]
    if not tags:
        return [*out, '<p class="note">No card has tags.</p>']
    rows = [
        (t.tag, t.mastery, f"{percent(t.mastery)} · reached {percent(t.reached_share)}")
        for t in tags
    ]
    out.append('<p class="note">Mean recall probability now, weakest first.</p>')
    out.append(bar_chart(rows, title="Mastery per tag"))
    return out


def _unreached(report: ClassReport) -> list[str]:
    cards = report.unreached()
    out = [f"<h2>Cards nobody has reached ({len(cards)})</h2>"]
    if not cards:
        return [*out, '<p class="note">Every card has been answered by someone.</p>']
    out.append("<table><tr><th>card</th><th>learners with the deck</th></tr>")
    out += [f"<tr><td>{_card_cell(c)}</td><td class=n>{c.learners}</td></tr>" for c in cards]
    out.append("</table>")
    return out
