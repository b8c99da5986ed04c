import { readFileSync, readdirSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REGEDIT_SCRIPTS_IN_APP, resolveRegeditScriptDirectory } from '../../../main/registry/regedit';

// electron-builder validates its configuration against this schema itself; we check ours with the same file.
const require = createRequire(import.meta.url);
const schema = require('app-builder-lib/scheme.json') as object;
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

  it('never ships the preview', () => {
    expect(config.files).toEqual(expect.arrayContaining(['!out/main/preview.js', '!out/preview/**']));
  });

  it('unpacks every regedit script to where the regedit adapter looks for them', () => {
    // electron-builder's own matcher decides what goes to app.asar.unpacked/<path in the app>; the adapter looks in
    // <resources>/app.asar.unpacked/REGEDIT_SCRIPTS_IN_APP.
    const { getFileMatchers } = require('app-builder-lib/out/fileMatcher') as {
      getFileMatchers(
        config: object,
        name: 'asarUnpack',
        destination: string,
        options: object,
      ): { createFilter(): (file: string, stat: Stats) => boolean }[] | null;
    };
    const appDir = process.cwd();
    const matchers = getFileMatchers(config, 'asarUnpack', appDir, {
      macroExpander: (pattern: string) => pattern,
      customBuildOptions: config.win,
      globalOutDir: resolve('dist'),
      defaultSrc: appDir,
    });
    const unpacked = matchers![0]!.createFilter();
    const scripts = resolve(...REGEDIT_SCRIPTS_IN_APP.split('/'));
    const files = readdirSync(scripts);
    expect(files).toEqual(expect.arrayContaining(['regList.wsf', 'regPutValue.wsf', 'util.vbs']));
    for (const file of files)
      expect(unpacked(join(scripts, file), statSync(join(scripts, file))), file).toBe(true);
    expect(unpacked(resolve('package.json'), statSync('package.json'))).toBe(false);
    expect(
      resolveRegeditScriptDirectory(
        'file:///C:/Program%20Files/SinkGuard/resources/app.asar/out/main/index.js',
        '/r',
      ),
    ).toBe(join('/r', 'app.asar.unpacked', scripts.slice(appDir.length + 1)));
  });
});
