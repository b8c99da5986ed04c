import { describe, expect, it } from 'vitest';
import { hasChromium, usePreviewSession } from './support';
import { expectAccessible, openApp } from './ui-helpers';

const enabled = hasChromium();

describe.runIf(enabled)('the callback troubleshooter', () => {
  const session = usePreviewSession('simulated:stock');

  it('leads E_ACCESSDENIED to the server identity fix and the DCOM limits, never anonymous access', async () => {
    const { page } = await openApp(session.browser, session.preview.url);
    await page.getByTestId('nav-troubleshooter').click();
    await page.getByRole('button', { name: /E_ACCESSDENIED/ }).click();
    await page.getByRole('button', { name: /local account on another machine/ }).click();
    const diagnosis = page.getByTestId('diagnosis-anonymous-callback');
    expect(await diagnosis.textContent()).toContain('Network Service');
    expect(await diagnosis.textContent()).toContain('Never grant ANONYMOUS LOGON remote access');
    await page.getByRole('button', { name: /Check the DCOM limits/ }).click();
    await page.getByTestId('wizard-dcom').waitFor();
    expect(await page.getByTestId('step-0').getAttribute('aria-current')).toBe('step');
    await page.close();
  });

  it('leads an unmarshal failure to the firewall callback step, by keyboard', async () => {
    const { page } = await openApp(session.browser, session.preview.url);
    await page.getByTestId('nav-troubleshooter').click();
    await page.getByRole('button', { name: /cannot be unmarshaled/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /135 answers/ }).focus();
    await page.keyboard.press('Space');
    await page.getByTestId('diagnosis-firewall-callback').waitFor();
    await page.getByRole('button', { name: 'Open the callback rule step' }).click();
    await page.getByTestId('wizard-firewall').waitFor();
    expect(await page.getByTestId('step-2').getAttribute('aria-current')).toBe('step');
    await page.close();
  });

  it.each(['light', 'dark'] as const)('has no serious accessibility violation (%s)', async (scheme) => {
    const { page } = await openApp(session.browser, session.preview.url, scheme);
    await page.getByTestId('nav-troubleshooter').click();
    await expectAccessible(page, `troubleshooter question ${scheme}`);
    await page.getByRole('button', { name: /E_ACCESSDENIED/ }).click();
    await page.getByRole('button', { name: /Network Service, Local System/ }).click();
    await expectAccessible(page, `troubleshooter diagnosis ${scheme}`);
    await page.close();
  });
});
