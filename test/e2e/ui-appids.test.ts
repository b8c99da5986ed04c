import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIXTURE_APPIDS } from '../../main/registry/appid-tree';
import { hasChromium, usePreviewSession } from './support';
import { expectAccessible, goTo, LOADED_MACHINE_TIMEOUT, openApp } from './ui-helpers';

const enabled = hasChromium();

/** The legacy machine's applications (the agent, the Windows-like ones, the weakened ones) plus generated ones: 2,000. */
const FIXTURE = 1 + FIXTURE_APPIDS.windowsLike + FIXTURE_APPIDS.weakened;
const EXTRA = 2000 - FIXTURE;
/** At fault: the agent, the six callback agents, and one in 40 of the generated ones. */
const AT_FAULT = 1 + FIXTURE_APPIDS.weakened + Math.floor(EXTRA / 40);

async function openPage(page: Page): Promise<void> {
  await page.getByTestId('nav-appids').click();
  await page.getByTestId('appid-count').waitFor({ timeout: LOADED_MACHINE_TIMEOUT });
}

const count = (page: Page) => page.getByTestId('appid-count').textContent();
const firstName = (page: Page) =>
  page.locator('.MuiDataGrid-row[data-rowindex="0"] [data-field="name"]').textContent();

describe.runIf(enabled)('the DCOM applications page with 2,000 AppIDs (legacy machine)', () => {
  const session = usePreviewSession('simulated:legacy', { SINKGUARD_PREVIEW_EXTRA_APPIDS: String(EXTRA) });

  it('renders, sorts, searches, narrows to those at fault, and opens one in plain words', async () => {
    const { page, errors } = await openApp(session.browser, session.preview.url);
    await openPage(page);
    expect(await count(page)).toBe(`2000 of 2000 applications shown · ${AT_FAULT} at fault`);
    // Virtualised: a page of the grid, not 2,000 rows, is in the document.
    expect(await page.locator('.MuiDataGrid-row').count()).toBeLessThan(200);
    // Sorted by the worst finding first: a critical application on top; by name, another one.
    const worstFirst = await firstName(page);
    expect(
      await page.locator('.MuiDataGrid-row[data-rowindex="0"] [data-testid="appid-worst"]').textContent(),
    ).toBe('Critical');
    await page.getByRole('columnheader', { name: 'Application' }).click();
    await expect.poll(() => firstName(page), { timeout: LOADED_MACHINE_TIMEOUT }).not.toBe(worstFirst);
    expect(await firstName(page)).toBe('Acrobat Reader Document Host');

    await page.getByTestId('appid-search').fill('inventoryagent.EXE');
    await expect
      .poll(() => count(page), { timeout: LOADED_MACHINE_TIMEOUT })
      .toBe(`1 of 2000 applications shown · ${AT_FAULT} at fault`);
    expect(await firstName(page)).toBe('Asset Inventory Agent');

    await page.getByTestId('appid-search').fill('');
    await page.getByTestId('appid-at-fault').check();
    await expect
      .poll(() => count(page), { timeout: LOADED_MACHINE_TIMEOUT })
      .toBe(`${AT_FAULT} of 2000 applications shown · ${AT_FAULT} at fault`);

    await page.getByTestId('appid-search').fill('5C4E0D1A');
    await page.locator('.MuiDataGrid-row[data-rowindex="0"]').getByTestId('appid-open').click();
    const detail = page.getByTestId('appid-detail');
    await detail.waitFor();
    expect(await detail.getByRole('heading', { name: 'Asset Inventory Agent' }).isVisible()).toBe(true);
    expect(await detail.getByTestId('appid-identity').textContent()).toBe(
      'the launching user (RunAs not set)',
    );
    const access = await detail.getByTestId('appid-access').textContent();
    expect(access).toContain('ANONYMOUS LOGON');
    expect(access).toContain('Remote Access');
    const findings = await detail.getByTestId('appid-findings').textContent();
    expect(findings).toContain('AccessPermission grants ANONYMOUS LOGON Remote Access');
    expect(findings).toContain('arrive there as ANONYMOUS LOGON');
    // SDDL only under Technical details, folded away until asked for.
    expect(await detail.getByTestId('appid-technical').isVisible()).toBe(false);
    await detail.getByRole('button', { name: 'Technical details' }).click();
    await detail.getByTestId('appid-technical').waitFor();
    expect(await detail.getByTestId('appid-technical').textContent()).toContain('O:BAG:BAD:');
    await detail.getByRole('button', { name: 'Close' }).click();
    await detail.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('the dashboard’s per-application finding opens the page on the applications at fault', async () => {
    const { page } = await openApp(session.browser, session.preview.url);
    await page.getByTestId('finding-dcom.appid-permissions').getByTestId('open-inventory').click();
    await page.getByTestId('appid-count').waitFor({ timeout: LOADED_MACHINE_TIMEOUT });
    expect(await page.getByTestId('appid-at-fault').isChecked()).toBe(true);
    await expect
      .poll(() => count(page), { timeout: LOADED_MACHINE_TIMEOUT })
      .toBe(`${AT_FAULT} of 2000 applications shown · ${AT_FAULT} at fault`);
    await page.close();
  }, 120_000);

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious or critical accessibility violation, table, detail and fix wizard (${scheme})`, async () => {
      const { page } = await openApp(session.browser, session.preview.url, scheme);
      await openPage(page);
      await expectAccessible(page, `DCOM applications (${scheme})`);
      await page.locator('.MuiDataGrid-row[data-rowindex="0"]').getByTestId('appid-open').click();
      await page.getByTestId('appid-detail').waitFor();
      await page.getByTestId('appid-detail').getByRole('button', { name: 'Technical details' }).click();
      await expectAccessible(page, `DCOM application detail (${scheme})`);
      await page.getByTestId('appid-detail').getByTestId('appid-fix-open').click();
      await page.getByTestId('appid-fix').waitFor();
      await expectAccessible(page, `DCOM application fix wizard (${scheme})`);
      await page.close();
    }, 120_000);
  }

  it('fixes one application through its wizard: Network Service and the machine default, reviewed, applied, undone', async () => {
    const { page, errors } = await openApp(session.browser, session.preview.url);
    await openPage(page);
    await page.getByTestId('appid-search').fill('5C4E0D1A');
    await page.locator('.MuiDataGrid-row[data-rowindex="0"]').getByTestId('appid-open').click();
    await page.getByTestId('appid-detail').getByTestId('appid-fix-open').click();
    const wizard = page.getByTestId('appid-fix');
    await wizard.waitFor();
    await wizard.getByTestId('appid-run-as-network-service').click();
    await wizard.getByTestId('appid-access-default').click();
    await expectAccessible(page, 'DCOM application fix wizard');
    await wizard.getByTestId('appid-fix-review').click();

    // The review names the application and says what each value becomes, in words.
    const review = wizard.getByTestId('review-apply');
    await wizard.getByTestId('confirm-plan').waitFor({ timeout: LOADED_MACHINE_TIMEOUT });
    const reviewed = await review.textContent();
    expect(reviewed).toContain('Asset Inventory Agent');
    expect(reviewed).toContain('Network Service');
    expect(reviewed).toContain('machine default');
    await wizard.getByTestId('confirm-plan').check();
    await wizard.getByTestId('apply-plan').click();
    const result = wizard.getByTestId('apply-result');
    await result.waitFor({ timeout: LOADED_MACHINE_TIMEOUT });
    expect(await result.getAttribute('data-status')).toBe('applied');

    // A fresh read of the inventory shows the new identity behind the dialog.
    const identityCell = page.locator('.MuiDataGrid-row[data-rowindex="0"] [data-field="identity"]');
    await expect
      .poll(() => identityCell.textContent(), { timeout: LOADED_MACHINE_TIMEOUT })
      .toBe('Network Service');

    await wizard.getByTestId('undo').click();
    await wizard.getByTestId('restore-result').waitFor({ timeout: LOADED_MACHINE_TIMEOUT });
    await expect
      .poll(() => identityCell.textContent(), { timeout: LOADED_MACHINE_TIMEOUT })
      .toBe('the launching user (RunAs not set)');
    await wizard.getByRole('button', { name: 'Close' }).click();
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('the troubleshooter weighs the server application the admin names, and opens it for fixing', async () => {
    const { page, errors } = await openApp(session.browser, session.preview.url);
    await goTo(page, 'troubleshooter');
    await page.getByRole('button', { name: /E_ACCESSDENIED/ }).click();
    await page.getByRole('button', { name: /local account on another machine/ }).click();
    const facts = page.getByTestId('diagnosis-anonymous-callback').getByTestId('machine-facts');
    await facts.getByLabel(/server application that calls back/).fill('Asset Inventory');
    await page.getByRole('option', { name: /Asset Inventory Agent/ }).click();
    const serverFact = facts.locator('li', { hasText: 'Asset Inventory Agent' });
    expect(await serverFact.getAttribute('data-status')).toBe('problem');
    expect(await serverFact.textContent()).toContain('Runs as the launching user');
    await serverFact.getByRole('button', { name: 'Open the application…' }).click();
    await expect
      .poll(() => count(page), { timeout: LOADED_MACHINE_TIMEOUT })
      .toBe(`1 of 2000 applications shown · ${AT_FAULT} at fault`);
    expect(await firstName(page)).toBe('Asset Inventory Agent');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
