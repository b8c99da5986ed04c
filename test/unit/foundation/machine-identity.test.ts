/** About this machine: what SinkGuard can tell of the machine it reads, and "not known" rather than a guess. */
import { describe, expect, it } from 'vitest';
import {
  COMPUTER_NAME_KEY,
  CURRENT_VERSION_KEY,
  TCPIP_PARAMETERS_KEY,
  machineIdentityFrom,
  readMachineIdentity,
  type MachineFacts,
} from '../../../main/app/machine-identity';
import { MachineIdentity } from '../../../main/contract';
import type { KeySnapshot, RegistryValue } from '../../../main/domain/registry-port/types';
import { openSimulatedMachine } from '../../../main/registry/machines';

const key = (path: string, values: Record<string, RegistryValue>): KeySnapshot => ({
  path,
  exists: true,
  values: new Map(Object.entries(values)),
  subkeys: [],
});
const sz = (data: string): RegistryValue => ({ type: 'REG_SZ', data });
const windows11 = key(CURRENT_VERSION_KEY, {
  ProductName: sz('Windows 10 Pro'),
  DisplayVersion: sz('23H2'),
  CurrentBuild: sz('22631'),
  UBR: { type: 'REG_DWORD', data: 4460 },
});
const facts = (over: Partial<MachineFacts>): MachineFacts => ({
  platform: 'win32',
  backend: 'reg-exe',
  description: 'reg.exe',
  env: {},
  hostname: 'WS01',
  osRelease: '10.0.22631',
  snapshots: [],
  ...over,
});

describe('machineIdentityFrom', () => {
  it('a Windows machine: host name, the real build with UBR (11 from build 22000), the Tcpip domain', () => {
    const identity = machineIdentityFrom(
      facts({ snapshots: [windows11, key(TCPIP_PARAMETERS_KEY, { Domain: sz('corp.example') })] }),
    );
    expect(MachineIdentity.parse(identity)).toEqual({
      hostName: 'WS01',
      osBuild: 'Windows 11 Pro 23H2, build 22631.4460',
      membership: { kind: 'domain', name: 'corp.example', from: 'the Domain value of the Tcpip parameters' },
    });
  });

  it('Windows without a Tcpip domain: USERDNSDOMAIN, else a workgroup; the build from os.release when unread', () => {
    expect(machineIdentityFrom(facts({ env: { USERDNSDOMAIN: 'CORP.EXAMPLE' } })).membership).toEqual({
      kind: 'domain',
      name: 'CORP.EXAMPLE',
      from: 'the USERDNSDOMAIN environment variable',
    });
    const alone = machineIdentityFrom(facts({}));
    expect(alone.membership.kind).toBe('workgroup');
    expect(alone.osBuild).toBe('Windows 10.0.22631');
  });

  it('a simulated machine says so, names no host and knows no domain offline', () => {
    const identity = machineIdentityFrom(
      facts({
        platform: 'linux',
        backend: 'simulated',
        description: 'simulated: legacy',
        env: { USERDNSDOMAIN: 'X' },
      }),
    );
    expect(identity).toEqual({
      hostName: null,
      osBuild: 'Simulated machine (legacy)',
      membership: { kind: 'unknown', why: 'not known offline: the simulated machine records no domain' },
    });
  });

  it("a simulated machine's own registry is what it says (name, build, domain)", () => {
    const identity = machineIdentityFrom(
      facts({
        backend: 'simulated',
        description: 'simulated: stock',
        snapshots: [
          windows11,
          key(COMPUTER_NAME_KEY, { ComputerName: sz('SIM01') }),
          key(TCPIP_PARAMETERS_KEY, { Domain: sz('sim.test') }),
        ],
      }),
    );
    expect(identity.hostName).toBe('SIM01');
    expect(identity.osBuild).toBe('Simulated machine (stock): Windows 11 Pro 23H2, build 22631.4460');
    expect(identity.membership).toMatchObject({ kind: 'domain', name: 'sim.test' });
  });
});

describe('readMachineIdentity', () => {
  it('reads through the backend in use: the stock simulated machine', async () => {
    const port = await openSimulatedMachine('stock');
    const identity = await readMachineIdentity(port, {
      platform: 'linux',
      env: {},
      hostname: 'builder',
      osRelease: '6.0',
    });
    expect(identity).toEqual({
      hostName: null,
      osBuild: 'Simulated machine (stock)',
      membership: { kind: 'unknown', why: 'not known offline: the simulated machine records no domain' },
    });
  });
});
