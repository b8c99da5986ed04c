export {
  AREA_TITLES,
  auditReportHtml,
  escapeHtml,
  planHtml,
  REPORT_CSP,
  REPORT_STYLESHEET,
  REPORT_STYLESHEET_SHA256,
  VERDICT_LABELS,
  type PlanForReport,
  type ReportContext,
} from './html';
