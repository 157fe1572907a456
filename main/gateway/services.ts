import type { SessionInfo } from '../../common/contract.ts';
import type { AlarmService } from '../core/alarms/alarm-service.ts';
import type { DeviceManager } from '../core/devices/device-manager.ts';
import type { Historian } from '../core/historian/historian.ts';
import type { MesService } from '../core/mes/mes-service.ts';
import type { TagEngine } from '../core/tags/tag-engine.ts';
import type { TagWriter } from '../core/tags/tag-writer.ts';
import type { TrendViewStore } from '../core/trend-views/trend-view-store.ts';

/** What the gateway serves: the runtime's services, handed over by the composition root. */
export interface GatewayServices {
  engine: TagEngine;
  devices: DeviceManager;
  writer: TagWriter;
  alarms: AlarmService;
  /** Absent when the runtime records no history (the history.* calls then answer config-error). */
  history?: Historian;
  /** Saved trend views, shared by every client. */
  trendViews: TrendViewStore;
  /** Absent when the project has no mes.json (the MES calls then answer config-error). */
  mes?: MesService;
  sessionInfo(): SessionInfo;
  /** The identity every client acts as until user accounts exist. */
  localUser: { name: string; role: string };
}
