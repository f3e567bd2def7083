"""One module per chapter widget; the ordered registry is ``r1widgets.CHAPTERS``."""
