"""Instructor tools: a starter deck, importers, exporters and the class progress report.

Nothing here imports Textual or Rich: these run from scripts, CI and servers.
"""
