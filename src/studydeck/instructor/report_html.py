"""The class report as one self-contained HTML page: inline CSS, no JavaScript, nothing
fetched, so it opens from a file in any browser and can be mailed as an attachment.

Charts are HTML rows (label, bar, number) rather than a scaled SVG, so their text keeps its
size on a phone and wraps instead of being clipped; below 40rem the label goes above its bar.
tests/test_report_browser.py checks the page in Chromium at 1280 and 390 px wide.

Every text from a deck or an export is escaped: an export is a file someone handed in."""

from __future__ import annotations

from html import escape

from studydeck.instructor.item_analysis import MIN_LEARNERS
from studydeck.instructor.report import (
    HIGH_FACILITY,
    LEECH_LAPSES,
    LEECH_SHARE,
    LOW_DISCRIMINATION,
    LOW_FACILITY,
    CardStats,
    ClassReport,
    ItemStats,
    percent,
    plural,
)
from studydeck.instructor.report_formats import TOO_FEW, alpha_text

CHART_ROWS = 15
FLAGGED_SHOWN = 20  # in full, with their options; the items table marks every flag

_CSS = """
* { box-sizing: border-box; }
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem;
       color: #1d2330; background: #fff; line-height: 1.4; overflow-wrap: break-word; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.4rem; border-bottom: 1px solid #d8dce5; }
h3 { font-size: 1rem; margin: 0 0 .3rem; }
.sub { color: #5a6272; margin-top: 0; }
.deck code { white-space: nowrap; }  /* a deck id is not broken at its hyphens */
.tiles { display: flex; gap: .8rem; flex-wrap: wrap; margin: 1.5rem 0; }
.tile { border: 1px solid #d8dce5; border-radius: 8px; padding: .6rem .9rem; flex: 1 1 9rem; }
.tile b { display: block; font-size: 1.5rem; }
/* fixed layout: the number columns keep their width, the text columns share the rest and
   break even a word too long for them (auto layout would widen the table past a phone) */
table { border-collapse: collapse; width: 100%; font-size: .9rem; table-layout: fixed; }
th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid #eceef3;
         vertical-align: top; overflow-wrap: anywhere; }
td.n, th.n { width: 5rem; text-align: right; font-variant-numeric: tabular-nums;
             overflow-wrap: normal; }
td.n { white-space: nowrap; }
.chart { margin: .8rem 0 1.4rem; }
.row { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr) 11rem;
       gap: .2rem .6rem; align-items: center; padding: .25rem 0; font-size: .9rem; }
.bar { background: #eef0f5; height: 1rem; border-radius: 3px; overflow: hidden; }
.fill { display: block; height: 100%; }
.value { font-variant-numeric: tabular-nums; }
.right .label::after { content: " ✓"; color: #2e7d32; font-weight: bold; }
.item { border: 1px solid #d8dce5; border-radius: 8px; padding: .7rem .9rem; margin: .8rem 0; }
.figures { color: #3a4252; font-size: .9rem; margin: .2rem 0; }
.flags { margin: .3rem 0 0; padding-left: 1.2rem; color: #8a2b06; }
.flag { color: #8a2b06; font-size: .85rem; }
.note { color: #5a6272; font-size: .9rem; }
code { font-size: .85rem; color: #5a6272; }
@media (max-width: 40rem) {
  body { margin: 1rem auto; padding: 0 .7rem; }
  .row { grid-template-columns: minmax(0, 1fr) auto; }
  .row .label { grid-column: 1 / -1; }
  td.n, th.n { width: 3.6rem; }
  table { font-size: .8rem; }
  th, td { padding: .25rem .2rem; }
}
"""


def _color(value: float) -> str:
    """Red for low, amber for middling, green for high shares."""
    if value < 0.5:
        return "#d9534f"
    if value < 0.8:
        return "#f0ad4e"
    return "#4cae4c"


def bar_chart(
    rows: list[tuple[str, float, str, bool]], *, title: str, color_by_value: bool = True
) -> str:
    """Horizontal bars: (label, share 0..1, number after the bar, marked right ✓)."""
    out = [f'<div class="chart" role="figure" aria-label="{escape(title)}">']
    for label, value, note, right in rows:
        share = min(1.0, max(0.0, value))
        fill = _color(share) if color_by_value else "#5b7bd5"
        out.append(
            f'<div class="row{" right" if right else ""}">'
            f'<span class="label">{escape(label)}</span>'
            f'<span class="bar"><span class="fill" style="width:{share * 100:.1f}%;'
            f'background:{fill}"></span></span>'
            f'<span class="value">{escape(note)}</span></div>'
        )
    out.append("</div>")
    return "".join(out)


def _card_cell(card: CardStats, key: str | None = None) -> str:
    return f"{escape(card.label)}<br><code>{escape(key or card.key)}</code>"


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def html_report(report: ClassReport) -> str:
    cards = report.cards
    pairs = sum(c.learners for c in cards)
    mastery = sum(c.recall_sum for c in cards) / pairs if pairs else 0.0
    decks = sorted({(c.deck_id, c.deck_title) for c in cards})
    alpha = report.alpha
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>studydeck class report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Class report</h1>",
        f'<p class="sub">{plural(report.learners, "learner")} · '
        + ", ".join(
            f'<span class="deck">{escape(title)} <code>{escape(did)}</code></span>'
            for did, title in decks
        )
        + "</p>",
        '<div class="tiles">',
        f'<div class="tile"><b>{report.learners}</b>learners</div>',
        f'<div class="tile"><b>{"-" if alpha.value is None else f"{alpha.value:.2f}"}</b>'
        f"Cronbach's alpha ({plural(alpha.items, 'item')})</div>",
        f'<div class="tile"><b>{len(report.flagged())}</b>flagged items</div>',
        f'<div class="tile"><b>{sum(1 for c in cards if c.reached)} / {len(cards)}</b>'
        "cards reached</div>",
        f'<div class="tile"><b>{percent(mastery)}</b>mean recall now</div>',
        "</div>",
        f'<p class="note">Internal consistency (Cronbach\'s alpha): {escape(alpha_text(alpha))}.'
        "</p>",
    ]
    if report.set_aside:
        out.append(
            f'<p class="note">Set aside ({len(report.set_aside)}): '
            + "; ".join(f"{escape(s.file)}: {escape(s.reason)}" for s in report.set_aside)
            + "</p>"
        )
    out += _flagged(report)
    out += _hardest(report)
    out += _wrong(report)
    out += _tags(report)
    out += _leeches(report)
    out += _items_table(report)
    out += _unreached(report)
    out += [
        "<h2>How this is computed</h2>",
        '<p class="note">From each learner\'s first answer to each item (a card, or one part '
        "of it), among the learners who reached it. Facility: the share right the first time. "
        "Discrimination: the correlation between that and the learner's share right first "
        "time on the other items they reached. Efficiency: that covariance over the largest "
        "covariance possible for the same values. Cronbach's alpha: over the items every "
        f"learner reached. With fewer than {MIN_LEARNERS} learners an item shows "
        f"“{TOO_FEW}”. Flags: discrimination under {LOW_DISCRIMINATION}, facility under "
        f"{LOW_FACILITY:.0%} or over {HIGH_FACILITY:.0%}, an option nobody chose, a wrong "
        "option the stronger half (rest score above the median) chose more than the right "
        "one. Mastery: the mean probability, estimated by FSRS at export time, that a learner "
        "recalls the cards with the tag; cards a learner has not reached count as 0. Leeches: "
        f"cards that at least {LEECH_SHARE:.0%} of the learners who reached them forgot "
        f"{LEECH_LAPSES} or more times after "
        "learning them.</p>",
        f'<p class="note">Files: {escape(", ".join(report.files))}</p>',
        "</body></html>",
    ]
    return "\n".join(out) + "\n"


def _figures_line(item: ItemStats) -> str:
    f = item.figures
    if item.too_few:
        return f"{TOO_FEW} (n = {f.n})"
    return (
        f"facility {percent(f.facility)} · discrimination {_figure(f.discrimination)} · "
        f"efficiency {_figure(f.efficiency)} · n = {f.n}"
    )


def _flagged(report: ClassReport) -> list[str]:
    flagged = report.flagged()
    out = [f"<h2>Flagged items ({len(flagged)})</h2>"]
    if not flagged:
        return [*out, '<p class="note">No item is flagged.</p>']
    if len(flagged) > FLAGGED_SHOWN:
        out.append(
            f'<p class="note">The {FLAGGED_SHOWN} gravest; every item\'s flags are in the '
            "table “Every item” below.</p>"
        )
    for item in flagged[:FLAGGED_SHOWN]:
        out.append(f'<div class="item"><h3>{_card_cell(item.card, item.key)}</h3>')
        out.append(f'<p class="figures">{escape(_figures_line(item))}</p>')
        out.append(
            '<ul class="flags">'
            + "".join(f"<li>{escape(f.reason)}</li>" for f in item.flags)
            + "</ul>"
        )
        if item.option_counts and item.choices_known:
            out.append(_options_chart(item))
        out.append("</div>")
    return out


def _options_chart(item: ItemStats) -> str:
    rows = [
        (
            o.text,
            o.chosen / item.choices_known,
            f"{o.chosen} of {item.choices_known}",
            o.correct,
        )
        for o in item.option_counts
    ]
    return bar_chart(rows, title=f"First choices: {item.card.label}", color_by_value=False)


def _hardest(report: ClassReport) -> list[str]:
    hardest = report.hardest(CHART_ROWS)
    out = ["<h2>Hardest items</h2>"]
    if not hardest:
        return [
            *out,
            f'<p class="note">No item has {MIN_LEARNERS} or more first answers yet.</p>',
        ]
    out.append('<p class="note">Facility (right the first time), lowest first.</p>')
    rows = [
        (
            i.card.label,
            i.figures.facility or 0.0,
            f"{percent(i.figures.facility)} of {i.figures.n}",
            False,
        )
        for i in hardest
    ]
    out.append(bar_chart(rows, title="Facility per item"))
    return out


def _wrong(report: ClassReport) -> list[str]:
    rows = report.wrong_choices()[:CHART_ROWS]
    out = ["<h2>Most-chosen wrong answers</h2>"]
    if not rows:
        return [*out, '<p class="note">No wrong first answer yet.</p>']
    out.append("<table><tr><th>wrong answer</th><th>item</th><th class=n>chose</th></tr>")
    for item, text, chosen, out_of in rows:
        out.append(
            f"<tr><td>{escape(text)}</td><td>{_card_cell(item.card, item.key)}</td>"
            f"<td class=n>{chosen}/{out_of}</td></tr>"
        )
    out.append("</table>")
    return out


def _tags(report: ClassReport) -> list[str]:
    tags = report.tags()
    out = ["<h2>Mastery per tag</h2>"]
    if not tags:
        return [*out, '<p class="note">No card has tags.</p>']
    rows = [
        (t.tag, t.mastery, f"{percent(t.mastery)} · reached {percent(t.reached_share)}", False)
        for t in tags
    ]
    out.append('<p class="note">Mean recall probability now, weakest first.</p>')
    out.append(bar_chart(rows, title="Mastery per tag"))
    return out


def _leeches(report: ClassReport) -> list[str]:
    leeches = report.leeches()
    out = [f"<h2>Leeches ({len(leeches)})</h2>"]
    if not leeches:
        return [*out, '<p class="note">No card keeps being forgotten across the class.</p>']
    out.append(
        '<p class="note">Failing: learners who forgot the card after learning it '
        f"{LEECH_LAPSES} or more times, of those who reached it.</p>"
    )
    out.append("<table><tr><th>card</th><th class=n>failing</th><th class=n>lapses</th></tr>")
    out += [
        f"<tr><td>{_card_cell(c)}</td><td class=n>{c.failing}/{c.reached}</td>"
        f"<td class=n>{c.lapses}</td></tr>"
        for c in leeches
    ]
    out.append("</table>")
    return out


def _items_table(report: ClassReport) -> list[str]:
    out = [f"<h2>Every item ({len(report.items)})</h2>"]
    if not report.items:
        return [*out, '<p class="note">No card has been answered yet.</p>']
    out.append(
        '<p class="note">n: learners who reached the item; fac.: facility; disc.: '
        "discrimination; eff.: discriminative efficiency.</p>"
    )
    out.append(
        "<table><tr><th>item</th><th class=n>n</th><th class=n>fac.</th>"
        "<th class=n>disc.</th><th class=n>eff.</th></tr>"
    )
    for item in report.items:
        f = item.figures
        if item.too_few:
            figures = f"<td class=n>{f.n}</td><td colspan=3>{TOO_FEW}</td>"
        else:
            figures = (
                f"<td class=n>{f.n}</td><td class=n>{percent(f.facility)}</td>"
                f"<td class=n>{_figure(f.discrimination)}</td>"
                f"<td class=n>{_figure(f.efficiency)}</td>"
            )
        flags = "; ".join(f.short for f in item.flags)
        marks = f'<br><span class="flag">⚑ {escape(flags)}</span>' if flags else ""
        out.append(f"<tr><td>{_card_cell(item.card, item.key)}{marks}</td>{figures}</tr>")
    out.append("</table>")
    return out


def _unreached(report: ClassReport) -> list[str]:
    cards = report.unreached()
    out = [f"<h2>Cards nobody has reached ({len(cards)})</h2>"]
    if not cards:
        return [*out, '<p class="note">Every card has been answered by someone.</p>']
    out.append("<table><tr><th>card</th><th class=n>n</th></tr>")
    out += [f"<tr><td>{_card_cell(c)}</td><td class=n>{c.learners}</td></tr>" for c in cards]
    out.append("</table>")
    return out
