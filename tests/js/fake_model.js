// A stand-in for anywidget's model: holds state, fires change events, records what the view
// writes back (save_changes) and the custom messages it sends.

export class FakeModel {
  constructor(state) {
    this.state = { error: "", ...state };
    this.listeners = new Map();
    this.saved = [];
    this.sent = [];
    this.pending = {};
  }
  get(name) {
    return this.state[name];
  }
  set(name, value) {
    this.state[name] = value;
    this.pending[name] = value;
    this.emit(name);
  }
  save_changes() {
    this.saved.push(this.pending);
    this.pending = {};
  }
  send(content) {
    this.sent.push(content);
  }
  on(ev, fn) {
    if (!this.listeners.has(ev)) this.listeners.set(ev, new Set());
    this.listeners.get(ev).add(fn);
  }
  off(ev, fn) {
    this.listeners.get(ev)?.delete(fn);
  }
  emit(name) {
    for (const fn of this.listeners.get(`change:${name}`) || []) fn();
  }
  /** The kernel's side: set traits as a state update from Python would. */
  kernelUpdate(values) {
    Object.assign(this.state, values);
    for (const k of Object.keys(values)) this.emit(k);
  }
  listenerCount() {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }
}

/** Render a view into a fresh element; returns the element and the cleanup function. */
export function mount(view, model) {
  const el = document.createElement("div");
  document.body.append(el);
  const cleanup = view.render({ model, el });
  return { el, cleanup };
}

/** Wait for the view's batched redraws (they run in a microtask). */
export const flush = () => new Promise((r) => setTimeout(r, 0));

/** Set a range/select/text control's value and fire the event a person's input fires. */
export function fire(control, value, event = "input") {
  control.value = String(value);
  control.dispatchEvent(new Event(event, { bubbles: true }));
}
