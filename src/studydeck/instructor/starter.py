"""`studydeck new`: a commented starter deck that shows every card type and is valid as written."""

from __future__ import annotations

import os
from pathlib import Path

from studydeck.instructor.deckfile import scalar, schema_modeline
from studydeck.instructor.text import slugify

# Every card has a source and an explanation, and the mcqs have three or more options, so the
# validator has nothing to say about it: an author starts from a clean report.
STARTER = """\
@@MODELINE@@
# A studydeck deck (format version 1). Check it with `studydeck validate --watch @@FILE@@`
# while you edit: it re-checks on every save. The first line lets editors with the YAML
# language server complete keys and flag mistakes as you type.
#
# Tips: quote text that YAML could read as something else ("no", "1992", "1.10", "null"),
# and any text with ": " or starting with [ { * & ! | > % @ # or a backtick.
studydeck: 1
id: @@DECK_ID@@          # stable for ever: learners' progress is keyed by it
title: @@TITLE@@
description: "A starter deck: one card of each type. Replace them with your own."
language: en
authors: ["Your Name"]
tags: [starter]

# Works your cards cite, by id. Every card should cite one so learners can check the fact.
sources:
  - id: nasa-solar-system
    title: "Solar System Exploration"
    publisher: NASA
    url: "https://science.nasa.gov/solar-system/"
  - id: iau-pluto
    title: "Pluto and the Developing Landscape of Our Solar System"
    publisher: International Astronomical Union
    url: "https://www.iau.org/public/themes/pluto/"

# Optional scheduling defaults for this deck.
settings:
  desired_retention: 0.9   # aim to remember 90% of cards when they come due
  new_per_day: 20

cards:
  # basic: a question and its answer; the learner grades themself.
  - id: largest-planet      # unique in the deck and stable for ever (rename? see previous_ids)
    type: basic
    front: "Which is the largest planet in the Solar System?"
    back: Jupiter
    explanation: "Jupiter is more than twice as massive as all the other planets together."
    source: nasa-solar-system
    tags: [planets]
    related: [gas-giants, planet-facts]   # they show "Jupiter": never study them the same day
    # reverse: true         # also study back -> front (only if the back alone makes a question)

  # cloze: each {{deletion}} is studied on its own; {{answer|alternative}} accepts either.
  - id: pluto-reclassified
    type: cloze
    text: "In {{2006}}, the IAU reclassified Pluto as a {{dwarf planet|dwarf}}."
    explanation: "The IAU's 2006 definition of a planet requires it to have cleared its orbit."
    source: {id: iau-pluto, locator: "Resolution B6"}   # a source with a place in it
    tags: [pluto]

  # mcq with one correct option: single choice. Every wrong option needs a `why`.
  - id: closest-to-sun
    type: mcq
    question: "Which planet is closest to the Sun?"
    options:
      - {text: Mercury, correct: true, why: "Mercury orbits at about 0.39 AU."}
      - {text: Venus, why: "Venus is the second planet from the Sun."}
      - {text: Earth, why: "Earth is the third planet from the Sun."}
    explanation: "Mercury is the innermost of the eight planets."
    source: nasa-solar-system
    tags: [planets]
    related: [inner-planets-order]

  # mcq with several correct options: pick all that apply. shuffle: false keeps this order.
  - id: gas-giants
    type: mcq
    question: "Which of these planets are gas giants?"
    shuffle: true
    options:
      - {text: Jupiter, correct: true, why: "Mostly hydrogen and helium."}
      - {text: Saturn, correct: true, why: "Mostly hydrogen and helium, like Jupiter."}
      - {text: Earth, why: "Earth is a small rocky planet."}
      - {text: Neptune, why: "Neptune is an ice giant, rich in water, ammonia and methane ices."}
    explanation: "Jupiter and Saturn are the gas giants; Uranus and Neptune are ice giants."
    source: nasa-solar-system
    tags: [planets]

  # true_false: a statement and whether it is true.
  - id: venus-hottest
    type: true_false
    statement: "Venus is the hottest planet in the Solar System."
    answer: true
    explanation: "Its thick carbon dioxide atmosphere traps heat: it is hotter than Mercury."
    related: [closest-to-sun]
    source: nasa-solar-system
    tags: [planets]

  # typed: the learner types the answer; list every answer you accept. Matching forgives
  # case, accents, punctuation, a leading article and a one-letter slip in long answers.
  - id: red-planet
    type: typed
    question: "Which planet is called the Red Planet?"
    answers: [Mars]
    hint: "It is the fourth planet from the Sun."
    explanation: "Iron oxide (rust) in its soil makes Mars look red."
    source: nasa-solar-system
    tags: [planets]
    related: [inner-planets-order, planet-facts]

  # numeric: a number, and how far off an answer may be (tolerance) and still count.
  - id: sunlight-minutes
    type: numeric
    question: "About how many minutes does sunlight take to reach Earth?"
    answer: 8.3
    tolerance: 0.5
    explanation: "About 8 minutes 20 seconds, across roughly 150 million km."
    source: nasa-solar-system
    tags: [sun]

  # order: the items listed here in the correct order; the learner sees them shuffled.
  - id: inner-planets-order
    type: order
    prompt: "Put the inner planets in order, starting nearest the Sun."
    items: [Mercury, Venus, Earth, Mars]
    explanation: "The four rocky planets, in order of distance from the Sun."
    source: nasa-solar-system
    tags: [planets]

  # match: pairs of [left, right]; the learner matches each left side with its right side.
  - id: planet-facts
    type: match
    prompt: "Match each planet with its description."
    pairs:
      - [Jupiter, "the largest planet"]
      - [Mars, "the Red Planet"]
      - [Saturn, "the planet with the most prominent rings"]
    explanation: "Each is the best-known fact about that planet."
    source: nasa-solar-system
    tags: [planets]
"""


def starter_text(deck_file: Path) -> str:
    """The starter deck for `deck_file`: id and title from its name, schema path relative to it."""
    stem = deck_file.stem
    deck_id = slugify(stem, 60) or "my-deck"
    title = stem.replace("-", " ").replace("_", " ").strip().capitalize() or "My deck"
    return (
        STARTER.replace("@@MODELINE@@", schema_modeline(deck_file))
        .replace("@@FILE@@", deck_file.name)
        .replace("@@DECK_ID@@", deck_id)
        .replace("@@TITLE@@", scalar(title))
    )


def create_starter(deck_file: Path) -> None:
    """Write the starter deck; raises FileExistsError rather than replace an existing file."""
    text = starter_text(deck_file)
    # O_EXCL: the check and the creation are one step, so a file that appears meanwhile is safe.
    fd = os.open(deck_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
