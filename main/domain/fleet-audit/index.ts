export { FleetTally, MATRIX_SETTINGS, driftBetween, matrixRow, reportExceeds } from './aggregate';
export { fleetHtml } from './html';
export {
  FleetReportSchema,
  fleetReportJsonSchema,
  type Drift,
  type FleetCounts,
  type FleetReportBody,
  type FleetHost,
  type FleetReport,
  type MatrixRow,
} from './report';
export { fleetText, hostList } from './text';
