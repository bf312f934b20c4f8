// The site's Content-Security-Policy: a <meta http-equiv> in the built index.html (static servers vary, so the page
// carries its own policy), and the same text as a header from tests/support/serve.mjs (which reads it back from the
// built page), because a meta policy does not reach Web Workers: a worker takes its policy from its script's response.
//
// Why each source is needed:
// - script-src 'self': the entry chunk and lazily imported chunks; no inline script (Vite emits none), no eval.
//   'wasm-unsafe-eval': tfjs' wasm backend compiles its binary with WebAssembly.instantiate, which a policy with a
//   script-src blocks without it (measured: without it the backend refuses to start and the task falls back to cpu).
// - worker-src 'self': the task workers (module workers from ./assets/) and the service worker (./sw.js); no blob:.
// - style-src 'self': the one stylesheet. React `style` props and d3 `.style()` go through CSSOM, which CSP allows;
//   a `style="…"` attribute string would not be.
// - connect-src 'self': the housing CSV, the wasm binaries (fetched by tfjs) and the service worker's precaching.
// - img-src 'self': the icon. font-src 'self': no web fonts are used (system fonts), nothing else is allowed.
// - object-src 'none', base-uri 'self', form-action 'self': no plugins, no <base> hijack, forms only to the page.
// frame-ancestors is left out: a <meta> policy cannot carry it (the browser ignores it there, with a console error).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');
