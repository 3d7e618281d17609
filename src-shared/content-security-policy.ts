/**
 * The app's Content Security Policy, written out once for every way the interface is served: the Electron app
 * protocol, the browser shell's server and the built page's own meta tag. No network origin at all: scripts,
 * styles, images and connections come only from the app itself.
 */
const DIRECTIVES: Array<[string, string[]]> = [
  ['default-src', ["'none'"]],
  // No eval of any kind, WebAssembly included: nothing in the page compiles code today. An in-page engine (WebGPU,
  // issue 6) that needs WebAssembly would add 'wasm-unsafe-eval' here, for every transport at once.
  ['script-src', ["'self'"]],
  // 'unsafe-inline' is for the style attributes React sets (sizes of bars and canvases), never for scripts.
  ['style-src', ["'self'", "'unsafe-inline'"]],
  // blob: lets figures be saved as files; data: carries inline images of exported figures.
  ['img-src', ["'self'", 'data:', 'blob:']],
  ['font-src', ["'self'"]],
  ['connect-src', ["'self'"]],
  ['worker-src', ["'self'", 'blob:']],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  ['object-src', ["'none'"]],
];

export interface PolicyOptions {
  /** Extra origins the page may connect to (the browser shell's own WebSocket address). */
  connectSources?: string[];
  /** For a <meta> tag, which cannot carry frame-ancestors (browsers ignore it there and warn). */
  asMetaTag?: boolean;
}

export function contentSecurityPolicy(options: PolicyOptions = {}): string {
  const directives = DIRECTIVES.map(
    ([name, sources]) => [name, name === 'connect-src' ? [...sources, ...(options.connectSources ?? [])] : sources] as const,
  );
  const parts = directives.map(([name, sources]) => `${name} ${sources.join(' ')}`);
  if (!options.asMetaTag) parts.push("frame-ancestors 'none'");
  return parts.join('; ');
}
