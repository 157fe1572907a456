import { AlarmBanner } from '../alarms/AlarmBanner.tsx';
import { AlarmHistoryDisplay } from '../alarms/AlarmHistoryDisplay.tsx';
import { AlarmSummaryDisplay } from '../alarms/AlarmSummaryDisplay.tsx';
import { AlarmDefinitionsDisplay } from '../alarms/definitions/AlarmDefinitionsDisplay.tsx';
import { AlarmKpiDisplay } from '../alarms/kpi/AlarmKpiDisplay.tsx';
import { DevicesDisplay } from '../devices/DevicesDisplay.tsx';
import { EditorDisplay } from '../editor/EditorDisplay.tsx';
import { OverviewDisplay } from '../overview/OverviewDisplay.tsx';
import { ScreensDisplay } from '../screens/runtime/ScreensDisplay.tsx';
import { TagsDisplay } from '../tags/TagsDisplay.tsx';
import { SyncDisplay } from '../sync/SyncDisplay.tsx';
import { WorkOrdersDisplay } from '../work-orders/WorkOrdersDisplay.tsx';
import { WorkOrderNotices } from '../work-orders/WorkOrderNotices.tsx';
import { TopBar } from '../frame/TopBar.tsx';
import { GlobalSearch } from '../search/GlobalSearch.tsx';
import { UserMenu } from '../users/UserMenu.tsx';
import { StoreBanner } from '../frame/StoreBanner.tsx';
import { TrendDisplay } from '../trends/TrendDisplay.tsx';
import { Sparkline } from '../trends/Sparkline.tsx';
import { SparklineProvider } from '../screens/symbols/sparkline-slot.tsx';
import { OeeDisplay } from '../reports/OeeDisplay.tsx';
import { ReportsDisplay } from '../reports/ReportsDisplay.tsx';
import { useDisplayRoute } from './route.ts';
import { AuditDisplay } from '../audit/AuditDisplay.tsx';
import { ChangePasswordForm } from '../users/ChangePasswordForm.tsx';
import { FirstAdminForm } from '../users/FirstAdminForm.tsx';
import { SignInDialog } from '../users/SignInDialog.tsx';
import { UsersDisplay } from '../users/UsersDisplay.tsx';

/**
 * The fixed HMI frame: top bar, then the alarm banner (always visible, never covered) with, while a
 * store cannot be written, the storage banner under it, then the display area. Displays stay mounted while hidden so
 * they keep their scroll position, filter and selection across navigation.
 */
export function App() {
  const active = useDisplayRoute();
  return (
    <SparklineProvider value={Sparkline}>
      <div className="hmi">
        <TopBar active={active} userMenu={<UserMenu />} search={<GlobalSearch />} />
        <div className="hmi__banner-slot">
          <AlarmBanner />
          <StoreBanner />
          <WorkOrderNotices />
        </div>
        <main className="hmi__display">
          <section className="display" hidden={active !== 'overview'} aria-label="Overview">
            <OverviewDisplay visible={active === 'overview'} />
          </section>
          <section className="display" hidden={active !== 'screens'} aria-label="Screens">
            <ScreensDisplay visible={active === 'screens'} />
          </section>
          <section className="display" hidden={active !== 'tags'} aria-label="Tags">
            <TagsDisplay />
          </section>
          <section className="display" hidden={active !== 'trends'} aria-label="Trends">
            <TrendDisplay />
          </section>
          <section className="display" hidden={active !== 'alarms'} aria-label="Alarm summary">
            <AlarmSummaryDisplay visible={active === 'alarms'} />
          </section>
          <section className="display" hidden={active !== 'alarm-history'} aria-label="Alarm history">
            <AlarmHistoryDisplay visible={active === 'alarm-history'} />
          </section>
          <section className="display" hidden={active !== 'alarm-kpis'} aria-label="Alarm KPIs">
            <AlarmKpiDisplay visible={active === 'alarm-kpis'} />
          </section>
          <section className="display" hidden={active !== 'alarm-definitions'} aria-label="Alarm setup">
            <AlarmDefinitionsDisplay />
          </section>
          <section className="display" hidden={active !== 'oee'} aria-label="OEE">
            <OeeDisplay visible={active === 'oee'} />
          </section>
          <section className="display" hidden={active !== 'reports'} aria-label="Shift reports">
            <ReportsDisplay visible={active === 'reports'} />
          </section>
          <section className="display" hidden={active !== 'devices'} aria-label="Devices">
            <DevicesDisplay visible={active === 'devices'} />
          </section>
          <section className="display" hidden={active !== 'editor'} aria-label="Screen editor">
            <EditorDisplay visible={active === 'editor'} />
          </section>
          <section className="display" hidden={active !== 'users'} aria-label="Users">
            <UsersDisplay visible={active === 'users'} />
          </section>
          <section className="display" hidden={active !== 'audit'} aria-label="Audit trail">
            <AuditDisplay visible={active === 'audit'} />
          </section>
          <SignInDialog />
          <FirstAdminForm />
          <ChangePasswordForm />
          <section className="display" hidden={active !== 'work-orders'} aria-label="Work orders">
            <WorkOrdersDisplay visible={active === 'work-orders'} />
          </section>
          <section className="display" hidden={active !== 'sync'} aria-label="MES/ERP sync">
            <SyncDisplay visible={active === 'sync'} />
          </section>
        </main>
      </div>
    </SparklineProvider>
  );
}
