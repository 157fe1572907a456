import type { SessionInfo } from '../../common/contract.ts';
import type { AlarmService } from '../core/alarms/alarm-service.ts';
import type { ConfigService } from '../core/config/config-service.ts';
import type { AuditTrail } from '../core/audit/audit-trail.ts';
import type { SignaturePolicy } from '../core/users/signatures.ts';
import type { UserService } from '../core/users/user-service.ts';
import type { DeviceManager } from '../core/devices/device-manager.ts';
import type { Historian } from '../core/historian/historian.ts';
import type { ScreenStore } from '../core/screens/screen-store.ts';
import type { MesService } from '../core/mes/mes-service.ts';
import type { TagEngine } from '../core/tags/tag-engine.ts';
import type { TagWriter } from '../core/tags/tag-writer.ts';
import type { ReportServices } from '../core/reports/reports-runtime.ts';
import type { TrendViewStore } from '../core/trend-views/trend-view-store.ts';
import type { StoreBoard } from '../core/storage/store-board.ts';
import type { RuleEngine } from '../core/rules/rule-engine.ts';
import type { RulesFile } from '../core/rules/rules-file.ts';
import type { NotifyRuntime } from '../core/notify/notify-runtime.ts';
import type { MaintenanceRuntime } from '../core/maintenance/maintenance-runtime.ts';
import type { TextsService } from '../core/texts/texts-service.ts';

/** What the gateway serves: the runtime's services, handed over by the composition root. */
export interface GatewayServices {
  engine: TagEngine;
  devices: DeviceManager;
  writer: TagWriter;
  alarms: AlarmService;
  /** Absent when the runtime records no history (the history.* calls then answer config-error). */
  history?: Historian;
  /** Device and tag configuration editing; absent, the config.* changes answer config-error. */
  config?: ConfigService;
  /** Saved trend views, shared by every client. */
  trendViews: TrendViewStore;
  /** The project's screens and templates (screens/*.json, templates/*.json). */
  screens: ScreenStore;
  /** Shifts, OEE, logbook and reports; absent when the project has no shifts.json. */
  reports?: ReportServices;
  /** The station's part of session.info; the gateway adds the connection's person. */
  sessionInfo(): Omit<SessionInfo, 'user' | 'firstStart' | 'idleTimeoutMs'>;
  users: UserService;
  /** The audit trail; capabilities record their actions with `audit.record(entry)`. */
  audit: AuditTrail;
  signatures: SignaturePolicy;
  /** Absent when the project has no mes.json (the MES calls then answer config-error). */
  mes?: MesService;
  /** Alarm notifications; absent when the project has no notify.json (the log is then empty). */
  notify?: NotifyRuntime;
  /** Equipment condition, maintenance log and CMMS requests; absent without maintenance.json. */
  maintenance?: MaintenanceRuntime;
  /** Every SQLite store's health; absent, stores.list answers an empty list. */
  stores?: StoreBoard;
  /** Event rules (rules.json); absent, rules.list answers an empty list. */
  rules?: RuleEngine;
  /** rules.json as edited in the app (rules.save, rules.remove) and by hand (reloaded live). */
  rulesFile?: RulesFile;
  /** The project's texts in other languages (texts/<lang>.json); absent, texts.get answers none and texts.save config-error. */
  texts?: TextsService;
}
