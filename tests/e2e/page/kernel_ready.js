// Evaluated in the page by the browser tests (see the Python that loads it).
() => {
  const w = window.jupyterapp?.shell.currentWidget;
  const ctx = w?.sessionContext;
  const kernel = ctx?.session?.kernel;
  return !!(
    ctx?.isReady &&
    kernel &&
    kernel.status === "idle" &&
    kernel.connectionStatus === "connected"
  );
};
