import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

// electron-builder validates its configuration against this schema itself; we check ours with the same file.
const schema = createRequire(import.meta.url)('app-builder-lib/scheme.json') as object;
const validate = new Ajv({ allowUnionTypes: true, strict: false })
  .addKeyword({
    keyword: 'typeof',
    schemaType: 'string',
    validate: (type: string, data: unknown) => typeof data === type,
  })
  .compile(schema);
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own schema', () => {
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('fails validation when a key is misspelt', () => {
    expect(validate({ ...config, productNmae: 'SinkGuard' })).toBe(false);
    expect(validate({ ...config, nsis: { ...(config.nsis as object), perMachin: true } })).toBe(false);
  });

  it('builds a per-machine NSIS installer for x64 and arm64', () => {
    expect(config).toMatchObject({
      appId: 'io.sinkguard.app',
      productName: 'SinkGuard',
      win: { target: [{ target: 'nsis', arch: ['x64', 'arm64'] }] },
      nsis: { perMachine: true, oneClick: false },
    });
  });

  it('sets the production fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('unpacks regedit’s scripts from the asar and never ships the preview', () => {
    expect(config.asarUnpack).toContain('node_modules/regedit/vbs/**');
    expect(config.files).toEqual(expect.arrayContaining(['!out/main/preview.js', '!out/preview/**']));
  });
});
