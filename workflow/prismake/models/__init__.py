"""pandera models of every table the pipeline writes, one module per stage."""
