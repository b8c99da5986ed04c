import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hexToBytes } from '../../../main/domain/descriptors/hex';
import { sddlToHex } from '../../../main/domain/descriptors/index';
import {
  FleetExportError,
  compileAnsible,
  compileGpoSddl,
  compilePowerShell,
  compileReg,
  compileRegistryPol,
  exportProfile,
  powerShellData,
  profileDesiredState,
} from '../../../main/domain/fleet/index';
import { PROFILE_APPLICATIONS, builtInProfile, validateProfile } from '../../../main/domain/profiles/index';
import { parseRegFile } from '../../../main/domain/regfile/index';
import {
  APPLICATION_GUIDS,
  APPLICATION_LAUNCH,
  applicationsProfile,
  bytesOf,
  regText,
  textOf,
} from './support';

const ROOT = 'HKLM\\SOFTWARE\\Classes\\AppID';
const [FIRST, SECOND] = APPLICATION_GUIDS as [string, string];

/** The profile with an application named by its executable added. */
const withExecutable = () =>
  validateProfile(
    {
      ...applicationsProfile(),
      applications: [
        ...applicationsProfile().applications!,
        { id: 'InventoryAgent.exe', authenticationLevel: 5 },
      ],
    },
    'executable',
  );

describe('the desired state of a profile naming applications', () => {
  it('holds each application’s values as appid set maps them, null where the machine default is asked', () => {
    const state = profileDesiredState(applicationsProfile());
    expect(state.applications).toEqual([
      {
        id: FIRST,
        guid: FIRST,
        values: [
          { name: 'RunAs', value: { type: 'REG_SZ', data: 'NT AUTHORITY\\NetworkService' } },
          { name: 'AccessPermission', value: null },
          {
            name: 'LaunchPermission',
            value: { type: 'REG_BINARY', data: hexToBytes(sddlToHex(APPLICATION_LAUNCH)) },
          },
          { name: 'AuthenticationLevel', value: { type: 'REG_DWORD', data: 6 } },
        ],
      },
      { id: SECOND.slice(1, -1).toLowerCase(), guid: SECOND, values: [{ name: 'RunAs', value: null }] },
    ]);
    expect(profileDesiredState(builtInProfile('recommended')).applications).toEqual([]);
  });
});

describe('reg export', () => {
  it('writes and deletes each application’s values in its AppID key, after the machine-wide ones', () => {
    const artifact = compileReg(profileDesiredState(applicationsProfile()));
    const blocks = parseRegFile(bytesOf(artifact)).blocks;
    expect(blocks.slice(-2)).toEqual([
      {
        kind: 'key',
        path: `${ROOT}\\${FIRST}`,
        entries: [
          { kind: 'set', name: 'RunAs', value: { type: 'REG_SZ', data: 'NT AUTHORITY\\NetworkService' } },
          { kind: 'delete', name: 'AccessPermission' },
          {
            kind: 'set',
            name: 'LaunchPermission',
            value: { type: 'REG_BINARY', data: hexToBytes(sddlToHex(APPLICATION_LAUNCH)) },
          },
          { kind: 'set', name: 'AuthenticationLevel', value: { type: 'REG_DWORD', data: 6 } },
        ],
      },
      { kind: 'key', path: `${ROOT}\\${SECOND}`, entries: [{ kind: 'delete', name: 'RunAs' }] },
    ]);
    const text = regText(artifact);
    expect(text).toContain('"RunAs"="NT AUTHORITY\\\\NetworkService"\r\n"AccessPermission"=-\r\n');
    expect(text).toContain('"AuthenticationLevel"=dword:00000006');
    expect(text).toContain('removes a value (the machine default applies). reg import cannot');
  });

  it.each([
    ['reg', () => compileReg(profileDesiredState(withExecutable()))],
    ['ansible', () => compileAnsible(profileDesiredState(withExecutable()))],
  ])('%s refuses an application named by its executable, naming the entry', (format, compile) => {
    let error: unknown;
    try {
      compile();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FleetExportError);
    expect((error as FleetExportError).message).toMatch(
      new RegExp(
        `^${format} export: profile applications\\[2\\]\\.id: "InventoryAgent\\.exe" names an executable`,
      ),
    );
    expect((error as FleetExportError).message).toContain('use the ps1 export');
  });
});

describe('ansible export', () => {
  it('checks each AppID with win_reg_stat and changes its values only when it exists', () => {
    const [play] = parse(textOf(compileAnsible(profileDesiredState(applicationsProfile()))), {
      customTags: [{ tag: '!unsafe', resolve: (value: string) => value }],
    }) as [{ tasks: Record<string, Record<string, unknown> | string>[] }];
    const mine = play.tasks.filter((task) => String(task.name).includes('DCOM application'));
    expect(mine.map((task) => task.name)).toEqual([
      `Check that the DCOM application ${FIRST} is registered (read only)`,
      `Set RunAs of the DCOM application ${FIRST} (${PROFILE_APPLICATIONS.id})`,
      `Remove AccessPermission of the DCOM application ${FIRST} (${PROFILE_APPLICATIONS.id})`,
      `Set LaunchPermission of the DCOM application ${FIRST} (${PROFILE_APPLICATIONS.id})`,
      `Set AuthenticationLevel of the DCOM application ${FIRST} (${PROFILE_APPLICATIONS.id})`,
      `Check that the DCOM application ${SECOND} is registered (read only)`,
      `Remove RunAs of the DCOM application ${SECOND} (${PROFILE_APPLICATIONS.id})`,
    ]);
    expect(mine[0]).toEqual({
      name: mine[0]!.name,
      'ansible.windows.win_reg_stat': { path: `HKLM:\\SOFTWARE\\Classes\\AppID\\${FIRST}` },
      register: 'sinkguard_appid_0',
    });
    expect(mine[2]).toMatchObject({
      'ansible.windows.win_regedit': { name: 'AccessPermission', state: 'absent' },
      when: 'sinkguard_appid_0.exists',
    });
    expect(mine[4]).toMatchObject({
      'ansible.windows.win_regedit': {
        name: 'AuthenticationLevel',
        data: 6,
        type: 'dword',
        state: 'present',
      },
      when: 'sinkguard_appid_0.exists',
    });
    expect(mine[6]).toMatchObject({ when: 'sinkguard_appid_1.exists' });
  });
});

describe('ps1 export', () => {
  it('carries applications by AppID or by executable, to be looked up on each machine', () => {
    const data = powerShellData(profileDesiredState(withExecutable()));
    expect(data.appIdRoots).toEqual(['SOFTWARE\\Classes\\AppID', 'SOFTWARE\\WOW6432Node\\Classes\\AppID']);
    expect(data.applications.map((application) => [application.id, application.guid])).toEqual([
      [FIRST, FIRST],
      [SECOND.slice(1, -1).toLowerCase(), SECOND],
      ['InventoryAgent.exe', null],
    ]);
    expect(data.applications[0]!.values[1]).toEqual({
      name: 'AccessPermission',
      remove: true,
      type: null,
      data: null,
      accept: null,
    });
    expect(data.applications[2]!.values).toEqual([
      { name: 'AuthenticationLevel', remove: false, type: 'REG_DWORD', data: 5, accept: { kind: 'exactly' } },
    ]);
    expect(textOf(compilePowerShell(profileDesiredState(withExecutable())))).toContain(
      '# DCOM applications: each AppID key is looked up first',
    );
  });
});

describe('pol and gpo-sddl name the applications as not carried', () => {
  it.each([
    ['pol', compileRegistryPol, 'are not policy values'],
    ['gpo-sddl', compileGpoSddl, 'have no security option'],
  ] as const)('%s', (_format, compile, why) => {
    const artifact = compile(profileDesiredState(withExecutable()));
    const item = artifact.notCarried.find((entry) => entry.settingId === PROFILE_APPLICATIONS.id);
    expect(item?.title).toBe(PROFILE_APPLICATIONS.title);
    expect(item?.reason).toContain(`${FIRST}, ${SECOND.slice(1, -1).toLowerCase()}, InventoryAgent.exe: `);
    expect(item?.reason).toContain(why);
    if (artifact.content.kind === 'text')
      expect(artifact.content.text).toContain(
        `;   ${PROFILE_APPLICATIONS.id} (${PROFILE_APPLICATIONS.title}): `,
      );
    expect(
      compile(profileDesiredState(builtInProfile('recommended'))).notCarried.some(
        (entry) => entry.settingId === PROFILE_APPLICATIONS.id,
      ),
    ).toBe(false);
  });

  it('exportProfile compiles every format of a profile naming applications by AppID', () => {
    for (const format of ['reg', 'ps1', 'ansible', 'pol', 'gpo-sddl'] as const)
      expect(exportProfile(applicationsProfile(), format).format).toBe(format);
  });
});
