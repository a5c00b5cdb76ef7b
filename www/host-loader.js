// Starts the host Web Worker on a cross-origin isolated page: the threaded host in par/ (built
// by tools/build-threaded-host.sh, its chunk kernels on a wasm-bindgen-rayon pool), loaded as
// an ES module from this classic worker. A build without the nightly toolchain puts a
// stand-in there that starts the plain host instead; the host's Hello says which runs.
import('./par/host.js')
  .then((host) => host.default())
  .catch((why) => {
    console.warn('tasklab: the threaded host did not start, so the plain one runs:', String(why));
    importScripts('./host.js');
    wasm_bindgen('./host_bg.wasm');
  });
