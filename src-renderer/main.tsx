/**
 * Renderer entry: connect to the contract (Electron preload or HTTP + WebSocket) and mount the app under a
 * top-level error boundary, so even a failure while starting shows a message rather than a blank window.
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { connect, type Connection } from './client/connect.ts';
import { ErrorBoundary } from './components/error-boundary.tsx';

function Root() {
  const [connected, setConnected] = useState(true);
  const [connection, setConnection] = useState<Connection | null>(null);
  useEffect(() => {
    setConnection(connect(setConnected));
  }, []);
  if (!connection) return <p className="hint">Connecting…</p>;
  if (connection.missingToken) {
    return (
      <p className="notice error" role="alert">
        This page needs the access token that <code>pathreg serve</code> printed when it started (the address ending in …/?token=…). Open
        that exact address; a tab opened without it, or a bookmark, cannot reach your data.
      </p>
    );
  }
  return <App bridge={connection.bridge} transport={connection.transport} connected={connection.transport === 'electron' || connected} />;
}

// Errors outside React (a rejected promise in an event handler) are reported too, not swallowed.
window.addEventListener('unhandledrejection', (event) => console.error('PathReg Studio: unhandled error', event.reason));

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <ErrorBoundary place="PathReg Studio">
      <Root />
    </ErrorBoundary>
  </StrictMode>,
);
