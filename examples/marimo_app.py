import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="r1widgets in marimo")


@app.cell
def _():
    import marimo as mo

    from r1widgets import GRPOLoss, GRPOSimulator
    from r1widgets.marimo import walkthrough

    return GRPOLoss, GRPOSimulator, mo, walkthrough


@app.cell
def _(mo):
    mo.md(r"""
    # r1widgets in marimo

    Each chapter is an anywidget: marimo shows it through `mo.ui.anywidget(chapter)` and runs
    its math in this notebook's kernel, as Jupyter does. Serve this page with
    `marimo run examples/marimo_app.py`, or open it with `marimo edit`. The chapters follow
    marimo's light or dark theme.

    Two things are Jupyter-only, because marimo refuses ipywidgets containers:
    `r1widgets.Walkthrough` (here, `r1widgets.marimo.walkthrough()` lays out the same chapters
    with marimo's own layout; it is at the end of this page) and the bqplot companions
    (`figure()`).

    **When does a cell re-run?** A cell that reads a chapter's `.value` re-runs after the
    browser writes one of its inputs (a slider moved, a value typed), refused or not. It does
    not re-run after an action (a button such as Step, which the view sends as a message) nor
    after Python sets a trait. To follow every change, observe the trait and push it into
    `mo.state`, in the cell that makes the chapter. Both ways are shown below, side by side.
    Keep them in separate cells: a cell that reads the state re-runs on every change, and then
    reads `.value` afresh too.
    """)
    return


@app.cell
def _(GRPOLoss, mo):
    grpo = GRPOLoss()
    get_objective, set_objective = mo.state(grpo.objective)
    grpo.observe(lambda change: set_objective(change["new"]), names="objective")
    loss = mo.ui.anywidget(grpo)
    loss  # noqa: B018 (marimo shows a cell's last expression)
    return get_objective, grpo, loss


@app.cell
def _(loss, mo):
    _refusal = loss.value["error"] or "none"
    mo.md(
        f"Read through `loss.value` (re-runs on browser writes only): objective "
        f"**{loss.value['objective']:+.4f}** at β = {loss.value['kl_beta']:g}; "
        f"the kernel's last refusal: {_refusal}"
    ).callout(kind="neutral")
    return


@app.cell
def _(get_objective, mo):
    mo.md(
        f"Followed through `mo.state` (re-runs on every change): objective "
        f"**{get_objective():+.4f}**"
    ).callout(kind="neutral")
    return


@app.cell
def _(grpo, mo):
    mo.ui.button(
        label="Set DeepSeek-R1's published settings from Python",
        on_click=lambda _: grpo.preset("deepseek-r1"),
    )
    return


@app.cell
def _(GRPOSimulator, mo):
    grpo_run = GRPOSimulator()
    get_steps, set_steps = mo.state(grpo_run.step_count)
    grpo_run.observe(lambda change: set_steps(change["new"]), names="step_count")
    sim = mo.ui.anywidget(grpo_run)
    sim  # noqa: B018
    return get_steps, sim


@app.cell
def _(mo, sim):
    mo.md(
        f"Steps taken, read through `sim.value`: **{sim.value['step_count']}** (Step is an "
        "action: this number is only redrawn when a slider of the chapter moves)"
    ).callout(kind="neutral")
    return


@app.cell
def _(get_steps, mo):
    mo.md(f"Steps taken, followed through `mo.state`: **{get_steps()}**").callout(kind="neutral")
    return


@app.cell
def _(walkthrough):
    walkthrough()
    return


if __name__ == "__main__":
    app.run()
