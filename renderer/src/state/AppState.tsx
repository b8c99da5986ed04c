import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { AppInfo, ChannelResponse } from '../../../main/contract';
import type { AuditReport } from '../../../main/domain/audit/report';
import { INITIAL_PROFILE } from '../early';
import { useChannel, type ChannelState } from '../ipc';

export type ProfileName = 'recommended' | 'strict';

/**
 * Where the app is: a page, and for wizards the step to open on. `fromFinding`: the wizard was opened from that
 * finding's Fix…, so it starts on the audit's proposed fix (opened plainly, it starts on the machine's values).
 */
export type Route =
  | { readonly page: 'dashboard' }
  | { readonly page: 'wmi'; readonly step?: number; readonly fromFinding?: string }
  | { readonly page: 'dcom'; readonly step?: number; readonly fromFinding?: string }
  /** `open`: a firewall setting whose choice starts on "Open only from the scope". */
  | {
      readonly page: 'firewall';
      readonly step?: number;
      readonly open?: string;
      readonly fromFinding?: string;
    }
  /** `atFaultOnly`: opened from the dashboard's per-application finding, on the applications at fault. */
  | { readonly page: 'appids'; readonly atFaultOnly?: boolean; readonly search?: string }
  | { readonly page: 'troubleshooter' }
  | { readonly page: 'history' }
  | { readonly page: 'info' };

export type PageId = Route['page'];

interface AppStateValue {
  readonly info: ChannelState<AppInfo>;
  readonly profiles: ChannelState<ChannelResponse<'profiles:list'>>;
  readonly profile: ProfileName;
  readonly setProfile: (profile: ProfileName) => void;
  readonly audit: ChannelState<AuditReport>;
  readonly refreshAudit: () => void;
  readonly route: Route;
  readonly navigate: (route: Route) => void;
  /** Why changes are not possible now (not elevated), or null when they are. */
  readonly readOnlyReason: string | null;
}

const AppStateContext = createContext<AppStateValue | null>(null);

export const READ_ONLY_REASON =
  'SinkGuard is running without administrator rights, so it can show everything but change nothing. Relaunch it as administrator to apply changes.';

/** Focuses the page's heading; a page whose chunk is still loading gets it when its heading appears. */
function focusPageHeading(): void {
  const heading = () => document.querySelector<HTMLElement>('main h2');
  if (heading()) return heading()!.focus();
  const main = document.querySelector('main');
  if (!main) return;
  const observer = new MutationObserver(() => {
    if (!heading()) return;
    observer.disconnect();
    heading()!.focus();
  });
  observer.observe(main, { childList: true, subtree: true });
  // A page that never shows a heading (an error) must not leave the observer behind.
  setTimeout(() => observer.disconnect(), 10_000);
}

/** The state every page shares: who we are (app:info), the chosen profile and the audit against it. */
export function AppStateProvider({ children }: { readonly children: ReactNode }) {
  const [info] = useChannel('app:info', {});
  const [profiles] = useChannel('profiles:list', {});
  const [profile, setProfile] = useState<ProfileName>(INITIAL_PROFILE);
  const [audit, refreshAudit] = useChannel('audit:run', { profile });
  const [route, setRoute] = useState<Route>({ page: 'dashboard' });
  const navigate = useCallback((next: Route) => {
    setRoute(next);
    // Move focus to the new page's heading so keyboard and screen-reader users land where the content changed.
    requestAnimationFrame(focusPageHeading);
  }, []);
  const readOnlyReason = info.status === 'ok' && info.value.elevated === false ? READ_ONLY_REASON : null;
  const value = useMemo<AppStateValue>(
    () => ({ info, profiles, profile, setProfile, audit, refreshAudit, route, navigate, readOnlyReason }),
    [info, profiles, profile, audit, refreshAudit, route, navigate, readOnlyReason],
  );
  return <AppStateContext.Provider value={value}>{children}</AppStateContext.Provider>;
}

export function useAppState(): AppStateValue {
  const value = useContext(AppStateContext);
  if (!value) throw new Error('useAppState outside AppStateProvider');
  return value;
}
