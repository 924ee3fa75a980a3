"""The app's screens: home, study, summary, stats, help, and the too-small notice."""
