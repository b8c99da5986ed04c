import { describe, expect, it } from 'vitest';
import type { AppIdEntry } from '../../../main/domain/appids/model';
import { callbackFacts } from '../../../main/domain/troubleshoot/callback-facts';
import { auditSimulated } from '../audit/support';

const statuses = (facts: readonly { status: string }[]) => facts.map((fact) => fact.status);

const server = (identity: AppIdEntry['identity']): AppIdEntry => ({
  guid: '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}',
  view: '64-bit',
  name: 'Contoso Inventory Agent',
  executables: ['inventory.exe'],
  hosting: { kind: 'local-server' },
  identity,
  authenticationLevel: null,
  access: { kind: 'machine-default' },
  launch: { kind: 'machine-default' },
  findings: [],
});

describe('the callback troubleshooter reads the machine it runs on', () => {
  it('says the weakened machine grants ANONYMOUS LOGON remote access, and links the limit to fix', async () => {
    const report = await auditSimulated('legacy');
    const [anonymous] = callbackFacts('anonymous-callback', report);
    expect(anonymous).toMatchObject({
      status: 'problem',
      text: expect.stringMatching(/lets ANONYMOUS LOGON call in remotely/),
      fix: { settingId: 'dcom.machine-access-restriction' },
    });
  });

  it('says the stock machine refuses ANONYMOUS LOGON, as it should', async () => {
    const report = await auditSimulated('stock');
    expect(callbackFacts('anonymous-callback', report)).toEqual([
      expect.objectContaining({
        status: 'ok',
        text: expect.stringMatching(/refuses ANONYMOUS LOGON/),
        fix: null,
      }),
    ]);
    const limits = callbackFacts('anonymous-callback-limits', report);
    expect(limits[0]!.text).toMatch(/lets Everyone, Distributed COM Users, Performance Log Users call in/);
  });

  it('tells a closed TCP 135 from one open to any address, naming the rules that open it', async () => {
    const [closed] = callbackFacts('firewall-135', await auditSimulated('stock'));
    expect(closed).toMatchObject({ status: 'problem', text: expect.stringMatching(/closed on every/) });
    const [open] = callbackFacts('firewall-135', await auditSimulated('legacy'));
    expect(open).toMatchObject({
      status: 'problem',
      text: expect.stringMatching(
        /open to any address .* by “Windows Management Instrumentation \(DCOM-In\)”/,
      ),
      fix: { settingId: 'firewall.endpoint-mapper' },
    });
  });

  it('puts the server application first when it runs as the launching user, linking its AppID', async () => {
    const report = await auditSimulated('stock');
    const facts = callbackFacts('anonymous-callback', report, server({ kind: 'launching-user' }));
    expect(statuses(facts)).toEqual(['problem', 'ok']);
    expect(facts[0]).toMatchObject({
      text: expect.stringMatching(/“Contoso Inventory Agent”: Runs as the launching user.*ANONYMOUS LOGON/),
      fix: { appId: '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}' },
    });
    const fixed = callbackFacts('anonymous-callback', report, server({ kind: 'network-service' }));
    expect(statuses(fixed)).toEqual(['ok', 'ok']);
  });

  it('reports an unreadable limit as unknown, never as fine', async () => {
    const report = await auditSimulated('stock');
    const unread = {
      ...report,
      findings: report.findings.map((finding) =>
        finding.settingId === 'dcom.machine-access-restriction'
          ? { ...finding, effective: { ...finding.effective, raw: null } }
          : finding,
      ),
    };
    expect(statuses(callbackFacts('anonymous-callback', unread))).toEqual(['unknown']);
    expect(statuses(callbackFacts('unsecapp', unread))).toEqual(['problem']);
  });
});
