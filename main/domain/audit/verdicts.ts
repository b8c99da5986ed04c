/** An audit finding's verdict. Apart from the report's zod schema, so the audit engine loads without zod. */
export const VERDICTS = ['ok', 'weak', 'critical', 'managed', 'unreadable'] as const;
export type Verdict = (typeof VERDICTS)[number];
