import { DescriptorError } from './errors';
import type { SidContext } from './sid';
export function parseCondition(
  text: string,
  start: number,
  _o: SidContext,
): { bytes: Uint8Array; end: number } {
  throw new DescriptorError('sddl', start, 'todo' + text.length);
}
export function parseResourceAttribute(
  text: string,
  start: number,
  _o: SidContext,
): { bytes: Uint8Array; end: number } {
  throw new DescriptorError('sddl', start, 'todo' + text.length);
}
export function formatConditionApplicationData(_b: Uint8Array, where: string, _o: SidContext): string {
  throw new DescriptorError('binary', 0, where);
}
export function formatResourceAttribute(_b: Uint8Array, where: string, _o: SidContext): string {
  throw new DescriptorError('binary', 0, where);
}
