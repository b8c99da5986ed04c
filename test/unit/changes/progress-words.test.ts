/**
 * Progress in the admin's words: one line per event from one definition (progressLine), shared by the app and the
 * CLI's --log; the engine's messages are plain sentences, without fingerprints, checksums or "value(s)".
 */
import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../../../main/cli/change-engine';
import {
  PROGRESS_STEP_LABELS,
  TRANSACTION_STEPS,
  countOf,
  progressLine,
  type ProgressEvent,
} from '../../../main/domain/changes/index';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { openSimulatedMachine } from '../../../main/registry/machines';
import { engineFor, tempDirectory } from './support';

describe('progressLine', () => {
  it('names every step once, and says "failed" only for a failed step other than the result', () => {
    for (const step of TRANSACTION_STEPS) expect(PROGRESS_STEP_LABELS[step]).toMatch(/^[A-Z]/);
    expect(progressLine({ step: 'read', status: 'ok', message: 'The machine has not changed.' })).toBe(
      'Machine check: The machine has not changed.',
    );
    expect(progressLine({ step: 'backup', status: 'failed', message: 'Disk full.' })).toBe(
      'Backup failed: Disk full.',
    );
    expect(progressLine({ step: 'done', status: 'failed', message: 'Rolled back: x.' })).toBe(
      'Result: Rolled back: x.',
    );
  });

  it('counts in words', () => {
    expect(countOf(1, 'value')).toBe('1 value');
    expect(countOf(0, 'value')).toBe('0 values');
    expect(countOf(2, 'registry key')).toBe('2 registry keys');
  });

  it('the CLI log line is the same line after the time and id', () => {
    const event: ProgressEvent = {
      transactionId: null,
      planId: 'p1',
      step: 'write',
      status: 'started',
      message: 'Writing 2 values and deleting 0 values.',
      at: '2026-01-01T00:00:00.000Z',
    };
    expect(formatLogLine(event)).toBe(`2026-01-01T00:00:00.000Z p1 ${progressLine(event)}\n`);
  });
});

describe('an apply and its undo, as the admin reads them', () => {
  it('are plain sentences: no fingerprint, checksum, rule id or "(s)"; the firewall by rule name', async () => {
    const port = await openSimulatedMachine('legacy');
    const events: ProgressEvent[] = [];
    const engine = engineFor(port, tempDirectory(), { onProgress: (event) => void events.push(event) });
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    expect(plan.firewallChanges.length).toBeGreaterThan(0);
    const outcome = await engine.applyPlan(plan.id);
    expect(outcome.status).toBe('applied');
    const restored = await engine.restoreBackup(outcome.backupId!);
    expect(restored.status).toBe('restored');

    const lines = events.map(progressLine);
    expect(lines).toContain('Machine check: The machine has not changed since the review.');
    for (const line of lines) {
      expect(line).toMatch(/^[A-Z][a-z ]+: [A-Z0-9].*\.$/);
      expect(line).not.toMatch(/fingerprint|sha256|\(s\)|bytes/i);
    }
    const ruleIds = plan.firewallChanges.flatMap((change) => change.steps.map((step) => step.ruleId));
    const firewallLines = lines.filter((line) => line.startsWith('Firewall: Changed '));
    expect(firewallLines).toHaveLength(ruleIds.length);
    for (const [index, step] of plan.firewallChanges.flatMap((change) => change.steps).entries())
      expect(firewallLines[index]).toBe(
        `Firewall: Changed ${step.displayName ?? step.ruleId} (${index + 1} of ${ruleIds.length}).`,
      );
    expect(plan.firewallChanges.some((change) => change.steps.some((step) => step.displayName))).toBe(true);
  });
});
