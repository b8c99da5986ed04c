export {
  AREA_TITLES,
  auditReportHtml,
  escapeHtml,
  planHtml,
  REPORT_CSP,
  REPORT_STYLESHEET,
  REPORT_STYLESHEET_SHA256,
  type PlanForReport,
  type ReportContext,
} from './html';
export {
  postureScore,
  SCORE_CAP,
  STANDING_LABELS,
  STANDINGS,
  standingCounts,
  standingOf,
  type Standing,
} from './standing';
export {
  POLICY_ONLY_RPC_SETTINGS,
  policyOnlyReading,
  policyOnlyReadings,
  policyOnlySentence,
  type PolicyOnlyReading,
} from './policy-only';
