import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MACHINES, type MachineCase } from './machines';
import { hasChromium, usePreviewSession } from './support';
import { applyReviewedPlan, expectAccessible, goTo, openApp } from './ui-helpers';

const enabled = hasChromium();

/** Raw forms an admin should only meet behind "Technical details": SDDL, rule strings, firewall commands. */
const RAW = [/O:|D:\(|\(A;/, /v2\.\d+\|/, /Set-NetFirewallRule|New-NetFirewallRule/];

const visibleText = (page: Page) => page.locator('body').evaluate((body) => (body as HTMLElement).innerText);

async function expectNoRawText(page: Page, where: string): Promise<void> {
  const text = await visibleText(page);
  for (const raw of RAW) expect(text, `${where}: ${raw}`).not.toMatch(raw);
}

/** Every card fits its own width at this viewport: long values wrap instead of overflowing. */
async function expectCardsFit(page: Page, where: string): Promise<void> {
  const overflowing = await page
    .locator('.MuiCard-root')
    .evaluateAll((cards) =>
      cards
        .filter((card) => card.scrollWidth !== card.clientWidth)
        .map((card) => `${card.getAttribute('data-testid') ?? card.textContent?.slice(0, 40)}`),
    );
  expect(overflowing, where).toEqual([]);
}

/** Opens every "Technical details" on the page; the raw forms are there once opened. */
async function openTechnicalDetails(page: Page): Promise<string> {
  for (const button of await page.getByRole('button', { name: 'Technical details' }).all()) {
    if ((await button.getAttribute('aria-expanded')) === 'false') await button.click();
  }
  return visibleText(page);
}

describe.runIf(enabled).each(MACHINES)(
  'review and history in words on the $machine machine',
  (machine: MachineCase) => {
    const session = usePreviewSession(`simulated:${machine.machine}`);

    it('DCOM and WMI reviews and their History show no SDDL, rule string or command until Technical details', async () => {
      for (const scheme of ['light', 'dark'] as const) {
        const { page, errors } = await openApp(session.browser, session.preview.url, scheme, {
          viewport: { width: 1024, height: 700 },
        });
        if (scheme === 'light' && machine.dcom.kind === 'apply') {
          await goTo(page, 'dcom');
          await machine.dcom.make(page);
          const diff = page.getByTestId(`diff-${machine.dcom.settingId}`);
          await diff.waitFor({ timeout: 30_000 });
          expect(await diff.evaluate((node) => (node as HTMLElement).innerText)).toContain(
            machine.dcom.diffContains,
          );
          if (machine.machine === 'legacy') {
            // The principal × rights table: ANONYMOUS LOGON loses Remote Access, the changed cell marked.
            const row = diff.getByTestId('rights-table').getByRole('row', { name: /ANONYMOUS LOGON/ });
            expect(await row.getAttribute('data-status')).toBe('changed');
            expect(await row.locator('[data-changed]').innerText()).toContain('Allow → —');
          }
          await expectNoRawText(page, `${machine.machine} DCOM review`);
          await expectCardsFit(page, `${machine.machine} DCOM review`);
          if (machine.machine === 'legacy') expect(await openTechnicalDetails(page)).toMatch(RAW[0]!);
        }
        if (scheme === 'light' && machine.firewall.kind === 'apply') {
          await goTo(page, 'firewall');
          await machine.firewall.make(page);
          const diff = page.getByTestId(`diff-${machine.firewall.settingId}`);
          await diff.waitFor({ timeout: 30_000 });
          // Rules by display name with the field that changes; the rule strings and commands behind the toggle.
          expect(await diff.innerText()).toContain('Remote addresses: Any → LocalSubnet');
          await expectNoRawText(page, `${machine.machine} firewall review`);
          await expectCardsFit(page, `${machine.machine} firewall review`);
          const opened = await openTechnicalDetails(page);
          expect(opened).toMatch(RAW[1]!);
          expect(opened).toMatch(RAW[2]!);
        }
        await goTo(page, 'dashboard');
        await page
          .getByTestId('finding-wmi.unsecapp-access-check')
          .getByRole('button', { name: 'Fix…' })
          .click();
        await page.getByTestId('step-3').click();
        await page.getByTestId('diff-wmi.unsecapp-access-check').waitFor({ timeout: 30_000 });
        await expectNoRawText(page, `${machine.machine} WMI review (${scheme})`);
        await expectCardsFit(page, `${machine.machine} WMI review (${scheme})`);
        await expectAccessible(page, `${machine.machine} WMI review (${scheme})`);
        // One box per warning.
        const warnings = await page.getByTestId('plan-warning').allInnerTexts();
        expect(new Set(warnings).size).toBe(warnings.length);
        if (scheme === 'light') {
          await applyReviewedPlan(page);
          await page.getByTestId('undo').click();
          await page.getByTestId('restore-result').waitFor({ timeout: 30_000 });
        }
        await goTo(page, 'history');
        await page.locator('[data-testid^="history-2"]').first().waitFor({ timeout: 30_000 });
        await expectNoRawText(page, `${machine.machine} History (${scheme})`);
        await expectCardsFit(page, `${machine.machine} History (${scheme})`);
        await expectAccessible(page, `${machine.machine} History (${scheme})`);
        // The undo's entry shows what the restore did: the value back from 1 (access check) to what it was.
        const restore = page
          .locator('[data-testid^="history-2"]')
          .filter({ hasText: 'Restored backup' })
          .first();
        expect(await restore.innerText()).toMatch(/UnsecAppAccessControlDefault: 1 \(access check\) → /);
        expect(await openTechnicalDetails(page)).toContain('UnsecAppAccessControlDefault');
        expect(errors).toEqual([]);
        await page.close();
      }
    });
  },
);
