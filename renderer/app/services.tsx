import { createContext, useContext, type ReactNode } from 'react';
import type { AlarmStore } from '../alarms/alarm-store.ts';
import type { Annunciator } from '../alarms/annunciator.ts';
import type { GatewayClient } from '../client/gateway-client.ts';
import type { PlantStatus } from '../store/plant-status.ts';
import type { TagStore } from '../store/tag-store.ts';
import type { UserSession } from '../users/user-session.ts';

/** The long-lived objects of one window; created once in main.tsx, outside React. */
export interface Services {
  readonly client: GatewayClient;
  readonly tags: TagStore;
  readonly plant: PlantStatus;
  readonly alarms: AlarmStore;
  readonly annunciator: Annunciator;
  /** The gateway token, for REST downloads (report exports). */
  readonly token: string;
  /** The person signed in at this station. */
  readonly users: UserSession;
}

const ServicesContext = createContext<Services | undefined>(undefined);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext value={services}>{children}</ServicesContext>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}
