import './zod-setup.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AlarmStore } from './alarms/alarm-store.ts';
import { Annunciator } from './alarms/annunciator.ts';
import { App } from './app/App.tsx';
// The station's or person's language applies before the first render (<html lang dir>, the locale).
import './i18n/language.ts';
import { MissingToken } from './app/MissingToken.tsx';
import { ServicesProvider, type Services } from './app/services.tsx';
import { sessionStorageOrUndefined, takeSetupCode, takeToken } from './app/token.ts';
import { GatewayClient, gatewayUrlFor } from './client/gateway-client.ts';
import { PlantStatus } from './store/plant-status.ts';
import { TagStore } from './store/tag-store.ts';
import { UserSession } from './users/user-session.ts';
import './styles/base.css';
import './styles/frame.css';
import './styles/values.css';
import './styles/quality.css';
import './styles/tags.css';
import './styles/alarms.css';
import './styles/reports.css';
import './styles/users.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
const root = createRoot(container);
const token = takeToken(window.location, window.history, sessionStorageOrUndefined());

if (token === undefined) {
  root.render(
    <StrictMode>
      <MissingToken />
    </StrictMode>,
  );
} else {
  const client = new GatewayClient({ url: gatewayUrlFor(window.location), token });
  const alarms = new AlarmStore(client);
  const annunciator = new Annunciator();
  alarms.summary.subscribe(() => annunciator.update(alarms.summary.get()));
  const users = new UserSession(client, sessionStorageOrUndefined(), takeSetupCode(window.location, window.history));
  const services: Services = { client, tags: new TagStore(client), plant: new PlantStatus(client), alarms, annunciator, token, users };
  // Any input at the station counts as the person being there (inactivity sign-out).
  for (const type of ['pointerdown', 'keydown', 'wheel'] as const) window.addEventListener(type, () => users.activity(), { passive: true, capture: true });
  // The window owns the connection: closing it ends the subscription at once instead of by timeout.
  window.addEventListener('pagehide', () => {
    services.tags.dispose();
    services.plant.dispose();
    alarms.dispose();
    annunciator.dispose();
    users.dispose();
    client.dispose();
  });
  root.render(
    <StrictMode>
      <ServicesProvider services={services}>
        <App />
      </ServicesProvider>
    </StrictMode>,
  );
}
