"""One module per sub-command, each with `add_parser(subparsers)` and `run(args) -> int`.

Modules are imported only when their command runs, so `validate` never pays for Textual.
"""
