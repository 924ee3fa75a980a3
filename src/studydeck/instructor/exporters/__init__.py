"""Exporters from a v1 deck to other tools' files (Anki .apkg, CSV)."""
