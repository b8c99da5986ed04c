import type { Finding } from '../../../main/domain/audit/report';
import { useAppState } from '../state/AppState';

/** The current audit's findings by setting id (empty while loading or failed). */
export function useFindings(): ReadonlyMap<string, Finding> {
  const { audit } = useAppState();
  return new Map(
    audit.status === 'ok' ? audit.value.findings.map((finding) => [finding.settingId, finding]) : [],
  );
}
