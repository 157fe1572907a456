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
import { TraceabilityDisplay } from '../quality/TraceabilityDisplay.tsx';
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
import { useLanguage } from '../i18n/language.ts';
import { DisplaySection } from './DisplaySection.tsx';
import { useDisplayRoute, useMobileRoute } from './route.ts';
import { MobileAlarms } from '../mobile/MobileAlarms.tsx';
import { MailboxDisplay } from '../notify/MailboxDisplay.tsx';
import { RulesDisplay } from '../rules/RulesDisplay.tsx';
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
  // A language change re-renders the whole frame at once: translated texts, and numbers and dates in the
  // new locale (values re-render with their next change too, but a person switching wants it now).
  useLanguage();
  // The on-call person's phone (a link from a notification): the alarm page alone, without the control room's frame.
  if (useMobileRoute().mobile) return <MobileAlarms />;
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
          <DisplaySection id="overview" active={active}>
            <OverviewDisplay visible={active === 'overview'} />
          </DisplaySection>
          <DisplaySection id="screens" active={active}>
            <ScreensDisplay visible={active === 'screens'} />
          </DisplaySection>
          <DisplaySection id="tags" active={active}>
            <TagsDisplay />
          </DisplaySection>
          <DisplaySection id="trends" active={active}>
            <TrendDisplay />
          </DisplaySection>
          <DisplaySection id="alarms" active={active}>
            <AlarmSummaryDisplay visible={active === 'alarms'} />
          </DisplaySection>
          <DisplaySection id="alarm-history" active={active}>
            <AlarmHistoryDisplay visible={active === 'alarm-history'} />
          </DisplaySection>
          <DisplaySection id="alarm-kpis" active={active}>
            <AlarmKpiDisplay visible={active === 'alarm-kpis'} />
          </DisplaySection>
          <DisplaySection id="alarm-definitions" active={active}>
            <AlarmDefinitionsDisplay />
          </DisplaySection>
          <DisplaySection id="oee" active={active}>
            <OeeDisplay visible={active === 'oee'} />
          </DisplaySection>
          <DisplaySection id="reports" active={active}>
            <ReportsDisplay visible={active === 'reports'} />
          </DisplaySection>
          <DisplaySection id="devices" active={active}>
            <DevicesDisplay visible={active === 'devices'} />
          </DisplaySection>
          <DisplaySection id="editor" active={active}>
            <EditorDisplay visible={active === 'editor'} />
          </DisplaySection>
          <DisplaySection id="users" active={active}>
            <UsersDisplay visible={active === 'users'} />
          </DisplaySection>
          <DisplaySection id="audit" active={active}>
            <AuditDisplay visible={active === 'audit'} />
          </DisplaySection>
          <SignInDialog />
          <FirstAdminForm />
          <ChangePasswordForm />
          <DisplaySection id="work-orders" active={active}>
            <WorkOrdersDisplay visible={active === 'work-orders'} />
          </DisplaySection>
          <DisplaySection id="sync" active={active}>
            <SyncDisplay visible={active === 'sync'} />
          </DisplaySection>
          <DisplaySection id="rules" active={active}>
            <RulesDisplay visible={active === 'rules'} />
          </DisplaySection>
          <DisplaySection id="mailbox" active={active}>
            <MailboxDisplay visible={active === 'mailbox'} />
          </DisplaySection>
          <DisplaySection id="traceability" active={active}>
            <TraceabilityDisplay visible={active === 'traceability'} />
          </DisplaySection>
        </main>
      </div>
    </SparklineProvider>
  );
}
