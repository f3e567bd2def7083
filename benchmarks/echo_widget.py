"""The transport floor for the round-trip benchmark: an anywidget whose kernel side only echoes
its input into an output trait. Any chapter's round trip is compared with this one, driven the
same way: a slider (input events), a select (change), a button (click) or a pad (pointer press,
a drag's start)."""

import anywidget
import traitlets

_ESM = """
export default {
  render({ model, el }) {
    el.classList.add("r1w-echo");
    const input = document.createElement("input");
    input.type = "range"; input.min = "0"; input.max = "10"; input.step = "0.01";
    input.setAttribute("data-lm-suppress-shortcuts", "true");
    input.value = String(model.get("value"));
    const out = document.createElement("span");
    out.className = "r1w-echo-out";
    const show = () => { out.textContent = Number(model.get("echo")).toFixed(2); };
    input.addEventListener("input", () => {
      model.set("value", Number(input.value));
      model.save_changes();
    });
    // Each control writes values of its own, so every action changes the echo in any order.
    const flip = (a, b) => () => {
      model.set("value", model.get("value") === a ? b : a);
      model.save_changes();
    };
    const select = document.createElement("select");
    select.className = "r1w-echo-select";
    for (const v of ["4", "5"]) select.add(new Option(v, v));
    select.addEventListener("change", () => {
      model.set("value", Number(select.value));
      model.save_changes();
    });
    const button = document.createElement("button");
    button.className = "r1w-echo-button"; button.textContent = "+1";
    button.addEventListener("click", flip(6, 7));
    const pad = document.createElement("div");
    pad.className = "r1w-echo-pad";
    pad.style.cssText = "display:inline-block;width:120px;height:60px;border:1px solid #888";
    pad.addEventListener("pointerdown", flip(8, 9));
    model.on("change:echo", show);
    show();
    el.append(input, out, select, button, pad);
    return () => model.off("change:echo", show);
  },
};
"""


class Echo(anywidget.AnyWidget):
    _esm = _ESM
    value = traitlets.Float(1.0).tag(sync=True)
    echo = traitlets.Float(1.0).tag(sync=True)

    @traitlets.observe("value")
    def _echo(self, change):
        self.echo = change["new"]
