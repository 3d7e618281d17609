/**
 * Every security default of the desktop app, in one place (house style 4; Electron's security checklist).
 * The renderer is untrusted: it gets no Node, runs sandboxed and isolated, may load only the app's own files,
 * cannot navigate, open windows or be granted permissions, and can reach no network origin.
 */
import type { App, BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { contentSecurityPolicy } from '../../src-shared/content-security-policy.ts';

/** The app's own origin: pages are served from the bundled renderer folder through this privileged scheme. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'pathreg';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The one policy (src-shared/content-security-policy.ts), sent as a header by the app protocol. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

export function secureWebPreferences(preloadPath: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** True only for a page of the app itself (the sender check of every IPC handler uses this too). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Denies navigation away from the app, new windows, <webview>s and every permission request. */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // Belt and braces: the app has no reason to send any request outside its own scheme.
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed =
      isAppUrl(details.url) || details.url.startsWith('devtools://') || details.url.startsWith('data:') || details.url.startsWith('blob:');
    callback({ cancel: !allowed });
  });
}

/** Applies the locks to every web contents the app ever creates, including ones made by Electron itself. */
export function lockDownApp(app: App): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
}
