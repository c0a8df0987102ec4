"""One module per `wf-etl` verb: `add_arguments(parser)` and `run(args) -> int`."""
