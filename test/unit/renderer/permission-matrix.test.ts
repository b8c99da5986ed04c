import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COM_PERMISSIONS,
  DEFAULT_COM_SDDL,
  DescriptorError,
  comRightsView,
  parseSddl,
  type ComPermission,
} from '../../../main/domain/descriptors';
import {
  addPrincipal,
  defaultMatrix,
  matrixFromSddl,
  matrixToSddl,
  remoteGrantWarnings,
  removePrincipal,
  setPermission,
} from '../../../renderer/src/model/permissionMatrix';

const LEGACY_ACCESS =
  'O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;LU)(A;;CCDC;;;AC)';

describe('the DCOM permission matrix', () => {
  it('reads a descriptor as dcomcnfg shows it, principal by principal', () => {
    const matrix = matrixFromSddl(LEGACY_ACCESS, 'MachineAccessRestriction');
    expect(matrix.kind).toBe('access');
    expect(matrix.rows.map((row) => [row.sid, row.allow])).toEqual([
      ['S-1-1-0', ['localAccess', 'remoteAccess']],
      ['S-1-5-7', ['localAccess', 'remoteAccess']],
      ['S-1-5-32-562', ['localAccess', 'remoteAccess']],
      ['S-1-5-32-559', ['localAccess', 'remoteAccess']],
      ['S-1-15-2-1', ['localAccess']],
    ]);
  });

  it('gives back the very same SDDL when nothing was edited', () => {
    for (const [name, sddl] of Object.entries(DEFAULT_COM_SDDL)) {
      const matrix = matrixFromSddl(sddl, name as keyof typeof DEFAULT_COM_SDDL);
      expect(matrixToSddl(matrix)).toBe(sddl);
    }
  });

  it('takes Remote Access away from ANONYMOUS LOGON and nothing else', () => {
    const matrix = setPermission(
      matrixFromSddl(LEGACY_ACCESS, 'MachineAccessRestriction'),
      'S-1-5-7',
      'remoteAccess',
      'allow',
      false,
    );
    const sddl = matrixToSddl(matrix);
    expect(sddl).toContain('(A;;CCDC;;;AN)');
    expect(sddl).toContain('(A;;CCDCLC;;;WD)');
    expect(remoteGrantWarnings(matrix).filter((warning) => warning.sid === 'S-1-5-7')).toEqual([]);
  });

  it('writes denies before allows, and allowing a permission clears its deny', () => {
    let matrix = matrixFromSddl(DEFAULT_COM_SDDL.MachineLaunchRestriction, 'MachineLaunchRestriction');
    matrix = setPermission(matrix, 'S-1-1-0', 'remoteLaunch', 'deny', true);
    let sddl = matrixToSddl(matrix);
    expect(sddl.indexOf('(D;;CCLC;;;WD)')).toBeGreaterThan(0);
    expect(sddl.indexOf('(D;')).toBeLessThan(sddl.indexOf('(A;'));
    matrix = setPermission(matrix, 'S-1-1-0', 'remoteLaunch', 'allow', true);
    expect(matrix.rows.find((row) => row.sid === 'S-1-1-0')).toEqual({
      sid: 'S-1-1-0',
      allow: ['localLaunch', 'remoteLaunch', 'localActivation'],
      deny: [],
    });
    sddl = matrixToSddl(matrix);
    expect(sddl).not.toContain('(D;');
  });

  it('keeps owner, group and the ACEs COM ignores', () => {
    const withAudit = `O:SYG:SYD:(A;;CCDCLC;;;BA)(A;IO;CCDCLC;;;BU)S:(AU;SA;CC;;;WD)`;
    const matrix = setPermission(
      matrixFromSddl(withAudit, 'MachineAccessRestriction'),
      'S-1-5-32-544',
      'remoteAccess',
      'allow',
      false,
    );
    const sddl = matrixToSddl(matrix);
    expect(sddl.startsWith('O:SYG:SY')).toBe(true);
    expect(sddl).toContain('(A;IO;CCDCLC;;;BU)');
    expect(sddl).toContain('S:(AU;SA;CC;;;WD)');
    expect(sddl).toContain('(A;;CCDC;;;BA)');
  });

  it('removes a principal and adds one by name, alias or SID, refusing unknown text with a reason', () => {
    const matrix = matrixFromSddl(DEFAULT_COM_SDDL.MachineAccessRestriction, 'MachineAccessRestriction');
    expect(matrixToSddl(removePrincipal(matrix, 'S-1-5-7'))).not.toContain(';AN)');
    const byName = addPrincipal(matrix, 'Remote Management Users');
    expect(byName).toMatchObject({ ok: true, sid: 'S-1-5-32-580' });
    expect(addPrincipal(matrix, 'bu')).toMatchObject({ ok: true, sid: 'S-1-5-32-545' });
    expect(addPrincipal(matrix, 's-1-5-21-1-2-3-1001')).toMatchObject({
      ok: true,
      sid: 'S-1-5-21-1-2-3-1001',
    });
    expect(addPrincipal(matrix, 'S-1-5-x')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not a valid SID'),
    });
    expect(addPrincipal(matrix, 'Nobody Special')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not a well-known principal'),
    });
    expect(addPrincipal(matrix, 'Everyone')).toMatchObject({
      ok: false,
      problem: 'Everyone is already listed.',
    });
    expect(addPrincipal(matrix, '  ')).toMatchObject({ ok: false });
    if (!byName.ok) throw new Error('unreachable');
    const granted = setPermission(byName.matrix, byName.sid, 'remoteAccess', 'allow', true);
    expect(matrixToSddl(granted)).toContain('(A;;CCLC;;;RM)');
    // A principal added with no permission at all does not reach the descriptor.
    expect(matrixToSddl(byName.matrix)).toBe(DEFAULT_COM_SDDL.MachineAccessRestriction);
  });

  it('warns in red for anonymous or beyond-default Everyone remote rights, and only notes the default grant', () => {
    const defaults = remoteGrantWarnings(defaultMatrix('MachineAccessRestriction'));
    expect(defaults).toEqual([
      expect.objectContaining({ sid: 'S-1-1-0', permission: 'remoteAccess', beyondDefault: false }),
    ]);
    const legacyLaunch = matrixFromSddl(
      'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;WD)(A;;CCDCLCSWRP;;;AN)',
      'MachineLaunchRestriction',
    );
    const warnings = remoteGrantWarnings(legacyLaunch);
    expect(warnings.map((warning) => [warning.sid, warning.permission, warning.beyondDefault])).toEqual([
      ['S-1-1-0', 'remoteLaunch', true],
      ['S-1-1-0', 'remoteActivation', true],
      ['S-1-5-7', 'remoteLaunch', true],
      ['S-1-5-7', 'remoteActivation', true],
    ]);
    expect(warnings[2]!.message).toContain('ANONYMOUS LOGON gets Remote Launch');
  });

  it('throws the codec’s positioned error for malformed SDDL', () => {
    expect(() => matrixFromSddl('O:BAG:BAD:(A;;CCDCLC;;;WD', 'MachineAccessRestriction')).toThrow(
      DescriptorError,
    );
  });

  it('round-trips any set of edits: SDDL → matrix shows exactly the rows edited', () => {
    const kinds = ['MachineAccessRestriction', 'MachineLaunchRestriction'] as const;
    const principals = ['S-1-1-0', 'S-1-5-7', 'S-1-5-32-544', 'S-1-5-32-562', 'S-1-5-21-1-2-3-1001'];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.array(
          fc.record({
            principal: fc.constantFrom(...principals),
            column: fc.nat(3),
            effect: fc.constantFrom('allow' as const, 'deny' as const),
            checked: fc.boolean(),
          }),
          { maxLength: 12 },
        ),
        (name, edits) => {
          let matrix = defaultMatrix(name);
          for (const principal of principals) {
            const added = addPrincipal(matrix, principal);
            if (added.ok) matrix = added.matrix;
          }
          const columns = COM_PERMISSIONS[matrix.kind];
          for (const edit of edits) {
            const permission = columns[edit.column % columns.length]!.permission as ComPermission;
            matrix = setPermission(matrix, edit.principal, permission, edit.effect, edit.checked);
          }
          const reread = comRightsView(parseSddl(matrixToSddl(matrix)), matrix.kind);
          const expected = matrix.rows.filter((row) => row.allow.length > 0 || row.deny.length > 0);
          expect(new Map(reread.map((row) => [row.sid, row]))).toEqual(
            new Map(expected.map((row) => [row.sid, row])),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
