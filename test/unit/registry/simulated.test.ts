import { describe, expect, it, vi } from 'vitest';
import { RegistryError } from '../../../main/registry/errors';
import { SimulatedRegistry, type RegistryOperation } from '../../../main/registry/simulated';
import { registryContract } from './contract';

registryContract('simulated', async () => ({
  port: new SimulatedRegistry(),
  scratch: 'HKLM\\SOFTWARE\\SinkGuardContract',
}));

const KEY = 'HKLM\\SOFTWARE\\Sim';

async function seeded(
  options: ConstructorParameters<typeof SimulatedRegistry>[1] = {},
): Promise<SimulatedRegistry> {
  const port = new SimulatedRegistry([], options);
  if (options.elevated === false) return port;
  await port.writeValues([{ key: KEY, name: 'kept', value: { type: 'REG_SZ', data: 'before' } }]);
  return port;
}

describe('simulated registry', () => {
  it('refuses every write and import when not elevated, changing nothing', async () => {
    const port = new SimulatedRegistry([], { elevated: false });
    const attempts: (() => Promise<void>)[] = [
      () => port.writeValues([{ key: KEY, name: 'v', value: { type: 'REG_DWORD', data: 1 } }]),
      () => port.createKeys([KEY]),
      () => port.importRegFile(new Uint8Array([0xff, 0xfe, ...new Uint8Array(2)])),
    ];
    for (const attempt of attempts) {
      await expect(attempt()).rejects.toMatchObject({
        code: expect.stringMatching(/access-denied|malformed-data/),
      });
    }
    await expect(attempts[0]!()).rejects.toMatchObject({ code: 'access-denied', where: { key: KEY } });
    await expect(attempts[1]!()).rejects.toThrow(/without elevation/);
    expect((await port.readKeys([KEY]))[0]!.exists).toBe(false);
  });

  it('refuses to read locked keys: the batch fails, or with reportUnreadable the key says why', async () => {
    const port = await seeded({ unreadableKeys: [`${KEY}\\Locked`] });
    await port.writeValues([
      { key: `${KEY}\\Locked\\Sub`, name: 'v', value: { type: 'REG_DWORD', data: 1 } },
    ]);
    await expect(port.readKeys([KEY, `${KEY}\\Locked\\Sub`])).rejects.toMatchObject({
      code: 'access-denied',
      where: { key: `${KEY}\\Locked\\Sub` },
    });
    const [open, locked] = await port.readKeys([KEY, `${KEY}\\Locked\\Sub`], { reportUnreadable: true });
    expect(open).toMatchObject({ exists: true, subkeys: ['Locked'] });
    expect(open!.unreadable).toBeUndefined();
    expect(locked).toEqual({
      path: `${KEY}\\Locked\\Sub`,
      exists: false,
      values: new Map(),
      subkeys: [],
      unreadable: `access denied reading ${KEY}\\Locked\\Sub`,
    });
    await expect(port.exportKeys([`${KEY}\\Locked`])).rejects.toMatchObject({ code: 'access-denied' });
  });

  it('calls the fault hook before each operation and changes nothing when it throws', async () => {
    const seen: RegistryOperation[] = [];
    let failOn: RegistryOperation | undefined;
    const port = await seeded({
      fault: (operation) => {
        seen.push(operation);
        if (operation === failOn)
          throw new RegistryError('backend-unavailable', `injected failure in ${operation}`);
      },
    });
    const exported = await port.exportKeys([KEY]);
    const operations: [RegistryOperation, () => Promise<unknown>][] = [
      [
        'writeValues',
        () => port.writeValues([{ key: KEY, name: 'kept', value: { type: 'REG_SZ', data: 'after' } }]),
      ],
      ['deleteValues', () => port.deleteValues([{ key: KEY, name: 'kept' }])],
      ['createKeys', () => port.createKeys([`${KEY}\\New`])],
      ['importRegFile', () => port.importRegFile(exported)],
      ['exportKeys', () => port.exportKeys([KEY])],
      ['readKeys', () => port.readKeys([KEY])],
    ];
    for (const [operation, run] of operations) {
      failOn = operation;
      await expect(run()).rejects.toMatchObject({
        code: 'backend-unavailable',
        message: `injected failure in ${operation}`,
      });
    }
    failOn = undefined;
    expect(seen).toEqual(['writeValues', 'exportKeys', ...operations.map(([operation]) => operation)]);
    expect(await port.exportKeys([KEY])).toEqual(exported);
  });

  it('applies a batch wholly or not at all', async () => {
    const port = await seeded();
    await expect(
      port.writeValues([
        { key: KEY, name: 'kept', value: { type: 'REG_SZ', data: 'changed' } },
        { key: 'HKNOWHERE\\X', name: 'v', value: { type: 'REG_SZ', data: 'x' } },
      ]),
    ).rejects.toMatchObject({ code: 'malformed-data', where: { key: 'HKNOWHERE\\X' } });
    expect((await port.readKeys([KEY]))[0]!.values.get('kept')).toEqual({ type: 'REG_SZ', data: 'before' });
  });

  it('never shares bytes with its callers', async () => {
    const port = new SimulatedRegistry();
    const data = new Uint8Array([1, 2, 3]);
    await port.writeValues([{ key: KEY, name: 'b', value: { type: 'REG_BINARY', data } }]);
    data[0] = 9;
    const read = (await port.readKeys([KEY]))[0]!.values.get('b');
    expect(read).toEqual({ type: 'REG_BINARY', data: new Uint8Array([1, 2, 3]) });
    (read!.data as Uint8Array)[1] = 9;
    expect((await port.readKeys([KEY]))[0]!.values.get('b')).toEqual({
      type: 'REG_BINARY',
      data: new Uint8Array([1, 2, 3]),
    });
  });

  it('awaits an asynchronous fault hook', async () => {
    const fault = vi.fn(async () => {
      await Promise.resolve();
      throw new RegistryError('backend-unavailable', 'later');
    });
    await expect(new SimulatedRegistry([], { fault }).readKeys([KEY])).rejects.toThrow('later');
    expect(fault).toHaveBeenCalledWith('readKeys');
  });
});
