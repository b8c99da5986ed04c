export { auditKeys, auditMachine, auditSubtrees, readForAudit, runAudit } from './engine';
export {
  AuditReportSchema,
  ChangeSchema,
  FindingSchema,
  JsonRegistryValueSchema,
  VERDICTS,
  auditReportJsonSchema,
  type AuditReport,
  type Change,
  type Finding,
  type JsonRegistryValue,
  type ObservedValue,
  type Verdict,
} from './report';
export {
  AUDIT_BACKENDS,
  AuditMachineSchema,
  MachineIdentitySchema,
  type AuditBackend,
  type AuditMachine,
  type MachineIdentity,
} from './machine';
export { NOT_IN_EXPORT, exportRoots, isNotInExport, markNotInExport, notInExportProblem } from './coverage';
