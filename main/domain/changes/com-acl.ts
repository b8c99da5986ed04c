import type { ComAclKind } from '../descriptors/com';
import { Control, aceTypeInfo, type Ace, type SecurityDescriptor } from '../descriptors/model';
import { formatRights, formatSid } from '../descriptors/sddl';

/** The COM rights an ACL of each kind may hold (domain.md §4): access 0x1|0x2|0x4, launch 0x1 to 0x10. */
const COM_BITS: Readonly<Record<ComAclKind, { readonly mask: number; readonly letters: string }>> = {
  access: { mask: 0x7, letters: 'CC, DC and LC (0x1, 0x2, 0x4)' },
  launch: { mask: 0x1f, letters: 'CC, DC, LC, SW and RP (0x1 to 0x10)' },
};
const EXECUTE = 0x1;

const aceText = (ace: Ace): string =>
  `(${aceTypeInfo(ace.type).sddl ?? ace.type};;${formatRights(ace.mask, ace.type)};;;${formatSid(ace.sid)})`;

/**
 * Why COM would not accept `sd` as a machine-wide limit or default of this kind, or null when it would: owner and
 * group present, a real DACL, only allow and deny ACEs without flags, only COM's bits, COM_RIGHTS_EXECUTE in every
 * allow ACE, and no mix of old-format (EXECUTE alone) and new-format ACEs (C11, C12: such an SD is invalid).
 */
export function comAclProblem(sd: SecurityDescriptor, kind: ComAclKind): string | null {
  if (sd.owner === undefined) return 'it has no owner (O:); COM descriptors carry one, e.g. O:BA';
  if (sd.group === undefined) return 'it has no primary group (G:); COM descriptors carry one, e.g. G:BA';
  if (!(sd.control & Control.daclPresent)) return 'it has no DACL (D:), which would let everyone in';
  if (!sd.dacl) return 'its DACL is NULL (D:NO_ACCESS_CONTROL), which lets everyone do everything';
  const aces = sd.dacl.aces;
  const allowed = COM_BITS[kind];
  for (const [index, ace] of aces.entries()) {
    const which = `ACE ${index + 1} ${aceText(ace)}`;
    if (ace.type !== 'access-allowed' && ace.type !== 'access-denied')
      return `${which} is not an allow (A) or deny (D) ACE; a COM ACL holds only those`;
    if (ace.flags !== 0)
      return `${which} carries ACE flags (0x${ace.flags.toString(16)}); COM ACLs use none (no inheritance or audit flags)`;
    if (ace.mask & ~allowed.mask)
      return `${which} holds rights outside COM's (0x${(ace.mask & ~allowed.mask).toString(16)}): ${kind === 'access' ? 'an' : 'a'} ${kind} ACL takes only ${allowed.letters}`;
    if (ace.type === 'access-allowed' && !(ace.mask & EXECUTE))
      return `${which} lacks COM_RIGHTS_EXECUTE (CC), which every allow ACE must hold`;
  }
  const oldFormat = aces.flatMap((ace, index) => (ace.mask === EXECUTE ? [index + 1] : []));
  const newFormat = aces.flatMap((ace, index) => (ace.mask & ~EXECUTE ? [index + 1] : []));
  if (oldFormat.length > 0 && newFormat.length > 0) {
    return (
      `it mixes old-format ACEs (CC alone: ${oldFormat.join(', ')}) with new-format ones (${newFormat.join(', ')}); ` +
      'COM rejects such an ACL: write every ACE with its local/remote rights (e.g. CCDCLC)'
    );
  }
  return null;
}
