// Evaluated in the page by the browser tests (see the Python that loads it).
(() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const ctx = w && w.sessionContext;
  const kernel = ctx && ctx.session && ctx.session.kernel;
  return !!(ctx && ctx.isReady && kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected');
})
