import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runChild } from '../unit/changes/support';
import { hasChromium, usePreviewSession } from './support';
import { expectAccessible, openApp } from './ui-helpers';

const enabled = hasChromium();

/**
 * The preview's data folder holds an apply of "recommended" to the legacy machine that was killed after its write
 * (the kill test's child, SIGKILLed at that step): what SinkGuard finds at start-up after a crash or power loss.
 */
const data = mkdtempSync(join(tmpdir(), 'sinkguard-e2e-interrupted-'));

async function seedInterruptedApply(): Promise<void> {
  const machine = join(data, 'machine.reg');
  const seed = () =>
    copyFileSync(fileURLToPath(new URL('../../main/registry/machines/legacy.reg', import.meta.url)), machine);
  seed();
  const probe = await runChild(['apply', machine, join(data, 'probe'), 'recommended']);
  const writeOk = probe.seen.findIndex((boundary) => boundary.step === 'write' && boundary.status === 'ok');
  expect(writeOk).toBeGreaterThan(0);
  seed();
  const killed = await runChild(['apply', machine, join(data, 'app'), 'recommended'], writeOk);
  expect(killed.killedAt).toBe(writeOk);
}

describe.runIf(enabled)(
  'start-up recovery: a change that began and never finished, on the legacy machine',
  () => {
    beforeAll(seedInterruptedApply, 60_000);
    const session = usePreviewSession('simulated:legacy', { SINKGUARD_PREVIEW_DATA_DIR: join(data, 'app') });

    it('the banner has no serious accessibility violation (dark)', async () => {
      const { page } = await openApp(session.browser, session.preview.url, 'dark');
      await page.getByTestId('interrupted-banner').waitFor();
      await expectAccessible(page, 'interrupted banner (dark)');
      await page.close();
    });

    it('shows the banner on every page, refuses apply with the way forward, and restores the backup', async () => {
      expect(session.preview.output()).toContain('1 change(s) began and never finished');
      const { page, errors } = await openApp(session.browser, session.preview.url);
      const banner = page.getByTestId('interrupted-banner');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('A change did not finish');
      expect(await banner.textContent()).toMatch(
        /The apply of recommended begun .* stopped before it was verified/,
      );
      await expectAccessible(page, 'interrupted banner (light)');

      // An apply is refused by main while the change is pending; the error says what to do.
      await page
        .getByTestId('finding-wmi.unsecapp-access-check')
        .getByRole('button', { name: 'Fix…' })
        .click();
      await page.getByTestId('step-3').click();
      await page.getByTestId('confirm-plan').check({ timeout: 30_000 });
      await page.getByTestId('apply-plan').click();
      const refusal = page.getByRole('alert').filter({ hasText: 'never finished' });
      await refusal.waitFor({ timeout: 30_000 });
      expect(await refusal.textContent()).toContain('Restore its backup first (the banner at the top)');
      expect(await page.getByTestId('interrupted-banner').isVisible()).toBe(true);

      await banner.getByRole('button', { name: 'Restore the backup' }).click();
      await page.getByTestId('interrupted-restored').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('interrupted-banner').count()).toBe(0);

      await page.getByTestId('nav-history').click();
      await page.getByTestId('history').waitFor();
      expect(await page.getByTestId('interrupted-banner').count()).toBe(0);
      const applied = page.locator('[data-testid^="history-"]').filter({ hasText: 'Applied recommended' });
      await applied.waitFor();
      expect(await applied.textContent()).toContain('Recovered at start-up');
      expect(errors).toEqual([]);
      await page.close();
    });
  },
);
