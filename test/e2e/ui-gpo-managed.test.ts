import { describe, expect, it } from 'vitest';
import { hasChromium, usePreviewSession } from './support';
import { expectAccessible, openApp, verdictOf } from './ui-helpers';

const enabled = hasChromium();

describe.runIf(enabled)('a machine whose DCOM limits Group Policy manages', () => {
  const session = usePreviewSession('simulated:gpo-managed');

  it('shows the DCOM limits as managed, offering the GPO explanation instead of a fix', async () => {
    const { page, errors } = await openApp(session.browser, session.preview.url);
    for (const id of ['dcom.machine-access-restriction', 'dcom.machine-launch-restriction']) {
      expect(await verdictOf(page, id)).toBe('managed');
      const card = page.getByTestId(`finding-${id}`);
      expect(await card.getByRole('button', { name: 'Fix…' }).count()).toBe(0);
      expect(await card.textContent()).toContain('set by Group Policy');
    }
    await page
      .getByTestId('finding-dcom.machine-access-restriction')
      .getByRole('button', { name: 'Managed by Group Policy' })
      .click();
    expect(await page.getByTestId('gpo-explanation').textContent()).toContain('Change it in the GPO');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the policy-managed matrices read-only in the DCOM wizard', async () => {
    const { page } = await openApp(session.browser, session.preview.url);
    await page.getByTestId('nav-dcom').click();
    const matrix = page.getByTestId('matrix-MachineAccessRestriction');
    await matrix.waitFor();
    expect(await matrix.getByRole('checkbox').first().isDisabled()).toBe(true);
    expect(await matrix.getByRole('button', { name: /Reset to Windows default/ }).count()).toBe(0);
    expect(await page.getByTestId('status-dcom.machine-access-restriction').textContent()).toContain('GPO');
    await page.close();
  });

  it.each(['light', 'dark'] as const)('has no serious accessibility violation (%s)', async (scheme) => {
    const { page } = await openApp(session.browser, session.preview.url, scheme);
    await expectAccessible(page, `gpo dashboard ${scheme}`);
    await page.close();
  });
});
