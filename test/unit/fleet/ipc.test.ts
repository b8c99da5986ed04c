/** fleet:export through the real router: the request schema, the compiled file and what it cannot carry. */
import { describe, expect, it } from 'vitest';
import { FleetExportResponse } from '../../../main/contract/fleet';
import { EXPORT_FORMATS, EXPORT_FORMAT_INFO, exportProfile } from '../../../main/domain/fleet/index';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { createFleetHandlers } from '../../../main/ipc/fleet';
import { createRouter } from '../../../main/ipc/router';
import { handlersWith } from '../../support/handlers';

const router = createRouter(handlersWith(createFleetHandlers()));

describe('fleet:export', () => {
  it.each(['recommended', 'strict'] as const)(
    'returns every format of the %s profile as the CLI writes it, with what it cannot carry',
    async (profile) => {
      for (const format of EXPORT_FORMATS) {
        const result = await router.dispatch('fleet:export', { profile, format });
        if (!result.ok) throw new Error(`${format}: ${result.error.message}`);
        const value = FleetExportResponse.parse(result.value);
        const artifact = exportProfile(builtInProfile(profile), format);
        expect(value.fileName).toBe(artifact.fileName);
        expect(value.mediaType).toBe(EXPORT_FORMAT_INFO[format].mediaType);
        if (artifact.content.kind === 'text') {
          expect(value.content).toEqual({ encoding: 'text', text: artifact.content.text });
        } else {
          expect(value.content.encoding).toBe('base64');
          const base64 = value.content.encoding === 'base64' ? value.content.base64 : '';
          expect(new Uint8Array(Buffer.from(base64, 'base64'))).toEqual(artifact.content.bytes);
        }
        expect(EXPORT_FORMAT_INFO[format].binary).toBe(artifact.content.kind === 'bytes');
        expect(value.notCarried).toEqual(artifact.notCarried);
        expect(value.leftAlone).toEqual(artifact.leftAlone);
      }
    },
  );

  it.each([
    ['a profile file path', { profile: '/etc/passwd', format: 'reg' }],
    ['a profile body', { profile: { name: 'x' }, format: 'reg' }],
    ['an unknown format', { profile: 'recommended', format: 'msi' }],
    ['an extra field', { profile: 'recommended', format: 'reg', out: 'C:\\x.reg' }],
  ])('refuses %s as an invalid request', async (_label, payload) => {
    const result = await router.dispatch('fleet:export', payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
