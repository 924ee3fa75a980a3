"""studydeck: spaced-repetition quizzes and flashcards from YAML decks, in the terminal."""

__version__ = "0.1.0"
