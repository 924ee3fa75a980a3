"""Widgets: one view per card type, the feedback panel, the progress bar and the charts."""
