"""Importers from other tools' files into v1 decks (Anki text export, Quizlet, Moodle GIFT)."""
