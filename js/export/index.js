// The front end of a frozen snapshot page written by r1widgets.export_html (src/r1widgets/export.py).
// The page carries the full state of every widget model in a
// <script type="application/vnd.jupyter.widget-state+json"> tag and one
// <script type="application/vnd.jupyter.widget-view+json"> tag naming the model to show. This
// module builds those models with ipywidgets' own widget manager base, ipywidgets' controls
// (for VBox, HBox, HTML and the rest) and anywidget's own front end (for the chapters, whose code
// and styles travel in their `_esm` and `_css` traits), then shows the view. There is no kernel:
// every model gets a comm that drops what is sent to it, and every control is switched off, so
// nothing in the page can look as if it recomputed: native controls are disabled, custom ones
// (an SVG point with role="slider") are marked aria-disabled and taken out of the Tab order,
// and every pointer, key and wheel event aimed at a view is stopped before a view's own
// handlers see it (the browser's defaults stay: scrolling, Tab, <details>, links). The root
// element carries data-r1w-frozen, so a view or the kit can tell it is in a snapshot, and
// anything a view marks data-r1w-live-only is hidden by export.py's page style.
import * as base from "@jupyter-widgets/base";
import { ManagerBase } from "@jupyter-widgets/base-manager";
import * as controls from "@jupyter-widgets/controls";
import "@jupyter-widgets/controls/css/widgets.css";
import { Widget } from "@lumino/widgets";
import anywidget from "anywidget"; // its AMD factory, made an ES export by js/build.mjs

const STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';
const VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
const CONTROLS = "input, select, textarea, button";
const NATIVE = `${CONTROLS}, a[href], summary`;
/** Custom controls: focusable elements with a widget role that are not native controls. */
const ROLES = [
  "slider",
  "spinbutton",
  "button",
  "checkbox",
  "radio",
  "switch",
  "tab",
  "option",
  "menuitem",
  "menuitemcheckbox",
  "menuitemradio",
  "textbox",
  "combobox",
  "listbox",
  "scrollbar",
  "treeitem",
  "gridcell",
];
const CUSTOM = ROLES.map((role) => `[role="${role}"]`).join(", ");
/** Every event by which a reader could ask a view to change. */
const INPUT_EVENTS = [
  "pointerdown",
  "pointermove",
  "pointerup",
  "pointercancel",
  "mousedown",
  "mousemove",
  "mouseup",
  "click",
  "dblclick",
  "auxclick",
  "touchstart",
  "touchmove",
  "touchend",
  "keydown",
  "keypress",
  "keyup",
  "wheel",
  "beforeinput",
  "input",
  "change",
  "paste",
  "cut",
  "drop",
  "dragstart",
];

/** The only modules a snapshot can show; export.py refuses any other before writing a page. */
const MODULES = {
  "@jupyter-widgets/base": base,
  "@jupyter-widgets/controls": controls,
  anywidget: anywidget(base),
};

/** Stands in for the kernel's comm: a frozen page sends nothing anywhere. */
const FROZEN_COMM = {
  comm_id: "r1w-snapshot",
  target_name: "jupyter.widget",
  open: () => "",
  send: () => "",
  close: () => "",
  on_msg: () => {},
  on_close: () => {},
};

class SnapshotManager extends ManagerBase {
  async loadClass(className, moduleName, moduleVersion) {
    const found = Object.hasOwn(MODULES, moduleName) ? MODULES[moduleName][className] : undefined;
    if (!found)
      throw new Error(`a snapshot cannot show ${moduleName}@${moduleVersion} ${className}`);
    return found;
  }

  new_model(options, state) {
    return super.new_model({ ...options, comm: FROZEN_COMM }, state);
  }

  async _create_comm() {
    return FROZEN_COMM;
  }

  async _get_comm_info() {
    return {};
  }
}

/** Switch off every control under `area`, now and whenever a view adds or re-enables one. */
function freeze(area) {
  // Only controls still enabled are written to: writing `disabled` again would queue another
  // mutation record, and the observer would chase its own writes for ever.
  const switchOff = (control) => {
    if (control.matches(CONTROLS)) {
      if (!control.disabled) control.disabled = true;
    } else if (!control.matches(NATIVE)) {
      if (control.getAttribute("aria-disabled") !== "true")
        control.setAttribute("aria-disabled", "true");
      if (control.hasAttribute("tabindex") && control.getAttribute("tabindex") !== "-1")
        control.setAttribute("tabindex", "-1");
    }
  };
  const wanted = `${CONTROLS}, ${CUSTOM}`;
  const off = (node) => {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(wanted)) switchOff(node);
    for (const control of node.querySelectorAll(wanted)) switchOff(control);
  };
  off(area);
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "attributes") off(record.target);
      else for (const node of record.addedNodes) off(node);
    }
  }).observe(area, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["disabled", "tabindex", "aria-disabled", "role"],
  });
}

/** Stop every input event before a view's own handlers see it (on the page's body too, where a
 * view could listen for keys): listened for on the window, in the capture phase, which runs
 * before any listener a view can add. Only propagation stops, so the browser's own defaults
 * stay (scrolling, Tab, opening a <details>); a link's events go through, since following one
 * changes no value. */
function stopInput() {
  const stop = (event) => {
    const target = event.target instanceof Node ? event.target : null;
    const element = target?.nodeType === Node.ELEMENT_NODE ? target : target?.parentElement;
    if (element?.closest("a[href]")) return;
    event.stopImmediatePropagation();
  };
  for (const type of INPUT_EVENTS) window.addEventListener(type, stop, { capture: true });
}

async function show() {
  document.documentElement.dataset.r1wFrozen = "";
  stopInput();
  const manager = new SnapshotManager();
  const models = await manager.set_state(JSON.parse(document.querySelector(STATE).textContent));
  for (const model of models) {
    // ipywidgets' own controls (a slider in a lesson's box) have a `disabled` trait.
    if (model.get("disabled") === false) model.set("disabled", true);
  }
  for (const tag of document.querySelectorAll(VIEW)) {
    const { model_id } = JSON.parse(tag.textContent);
    const host = document.createElement("div");
    host.className = "r1w-export-view";
    tag.replaceWith(host);
    freeze(host);
    const view = await manager.create_view(await manager.get_model(model_id));
    Widget.attach(view.luminoWidget, host);
  }
}

const status = document.getElementById("r1w-export-status");
show().then(
  () => {
    status?.remove();
    document.documentElement.dataset.r1wExport = "ready";
  },
  (error) => {
    if (status) status.textContent = `This snapshot could not be shown: ${error?.message ?? error}`;
    document.documentElement.dataset.r1wExport = "failed";
    console.error(error);
  },
);
