import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportProfile, type ExportFormat } from '../../main/domain/fleet/index';
import { builtInProfile, type BuiltInProfileName } from '../../main/domain/profiles/index';
import { hasChromium, usePreviewSession } from './support';
import { expectAccessible, LOADED_MACHINE_TIMEOUT, openApp } from './ui-helpers';

const enabled = hasChromium();

/** The file main compiles for this profile and format, as the CLI writes it. */
function expectedFile(profile: BuiltInProfileName, format: ExportFormat) {
  const artifact = exportProfile(builtInProfile(profile), format);
  const bytes =
    artifact.content.kind === 'text'
      ? new TextEncoder().encode(artifact.content.text)
      : artifact.content.bytes;
  return { artifact, bytes };
}

async function pickFormat(page: Page, format: ExportFormat): Promise<void> {
  await page.getByTestId(`fleet-format-${format}`).click();
  // The result of this format, compiled: its attributes change when the answer arrives.
  await page
    .locator(`[data-testid="fleet-export-result"][data-format="${format}"][data-status="ok"]`)
    .waitFor({ timeout: LOADED_MACHINE_TIMEOUT });
}

describe.runIf(enabled)('fleet export from the UI (stock machine)', () => {
  const session = usePreviewSession('simulated:stock');

  it('exports every format of the recommended profile: the download is the compiled file, the dialog says what it cannot carry', async () => {
    const { page, errors } = await openApp(session.browser, session.preview.url);
    await page.getByTestId('fleet-export-open').click();
    const dialog = page.getByRole('dialog', { name: 'Export for a fleet' });
    await dialog.waitFor();

    for (const format of EXPORT_FORMATS) {
      await pickFormat(page, format);
      const { artifact, bytes } = expectedFile('recommended', format);
      expect(await page.getByTestId('fleet-export-file-name').textContent()).toBe(artifact.fileName);

      // What the format cannot carry, as the dialog shows it: each setting's title and reason, in order.
      const items = page.getByTestId('fleet-not-carried-item');
      expect(await items.count(), format).toBe(artifact.notCarried.length);
      expect(artifact.notCarried.length, format).toBeGreaterThan(0);
      for (const [index, item] of artifact.notCarried.entries()) {
        expect(await items.nth(index).getAttribute('data-setting')).toBe(item.settingId);
        const text = (await items.nth(index).textContent()) ?? '';
        expect(text).toContain(item.title);
        expect(text).toContain(item.reason);
      }

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('fleet-export-save').click(),
      ]);
      expect(download.suggestedFilename()).toBe(artifact.fileName);
      const saved = new Uint8Array(await readFile((await download.path())!));
      expect(saved, `${format}: the saved file is the compiled one, byte for byte`).toEqual(bytes);
    }

    // The reg export cannot carry firewall rules; the ps1 says it leaves the other rules alone.
    await pickFormat(page, 'reg');
    expect(await page.getByTestId('fleet-not-carried').textContent()).toContain(
      'does not take rule changes from a .reg file',
    );
    await pickFormat(page, 'ps1');
    expect(await page.getByTestId('fleet-not-carried').textContent()).toContain(
      'other rules that open TCP 135',
    );
    await expectAccessible(page, 'fleet export dialog');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('compiles the profile chosen in the dialog: strict, with its Group Policy values in Registry.pol', async () => {
    const { page, errors } = await openApp(session.browser, session.preview.url);
    await page.getByTestId('fleet-export-open').click();
    await page.getByRole('dialog', { name: 'Export for a fleet' }).waitFor();
    await page.getByTestId('fleet-export-profile').click();
    await page.getByRole('option', { name: 'Strict' }).click();
    await pickFormat(page, 'pol');
    const { artifact, bytes } = expectedFile('strict', 'pol');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('fleet-export-save').click(),
    ]);
    expect(download.suggestedFilename()).toBe('Registry.pol');
    const saved = new Uint8Array(await readFile((await download.path())!));
    expect(saved).toEqual(bytes);
    // PReg signature, and the policy-only value the strict profile sets is in it (UTF-16LE value name).
    expect([...saved.subarray(0, 4)]).toEqual([0x50, 0x52, 0x65, 0x67]);
    expect(Buffer.from(saved).toString('utf16le')).toContain('RestrictRemoteClients');
    expect(await page.getByTestId('fleet-not-carried-item').count()).toBe(artifact.notCarried.length);
    expect(errors).toEqual([]);
    await page.close();
  });
});
