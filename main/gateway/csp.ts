/**
 * The Content-Security-Policy of the HMI, sent by the gateway with the renderer and enforced again by
 * the Electron shell: scripts and connections only from the gateway's own origin (`connect-src 'self'`
 * also covers the same-origin ws:// socket), no inline or eval scripts, no framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
