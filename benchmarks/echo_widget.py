"""The transport floor for the round-trip benchmark: an anywidget whose kernel side only echoes
its input into an output trait. Any chapter's round trip is compared with this one, driven the
same way: a slider (input events), a button (click) or a pad (pointer press, a drag's start)."""

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
    const bump = () => {
      model.set("value", (Number(model.get("value")) + 1) % 10);
      model.save_changes();
    };
    const button = document.createElement("button");
    button.className = "r1w-echo-button"; button.textContent = "+1";
    button.addEventListener("click", bump);
    const pad = document.createElement("div");
    pad.className = "r1w-echo-pad";
    pad.style.cssText = "display:inline-block;width:120px;height:60px;border:1px solid #888";
    pad.addEventListener("pointerdown", bump);
    model.on("change:echo", show);
    show();
    el.append(input, out, button, pad);
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
