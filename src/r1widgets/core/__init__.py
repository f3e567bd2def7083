"""Pure numpy math behind the chapters. Nothing here imports ipywidgets, anywidget or traitlets."""
