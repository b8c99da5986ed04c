import { Alert, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import type { Finding } from '../../../main/domain/audit/report';
import { findSetting } from '../../../main/domain/catalog';
import { DEFAULT_COM_SDDL, DescriptorError, type ComDescriptorName } from '../../../main/domain/descriptors';
import type { SettingEdit } from '../changes';
import { DCOM_STEPS, WIZARDS, offeredBy, stepIndex } from '../model/routes';
import { matrixFromSddl, matrixToSddl, type PermissionMatrix } from '../model/permissionMatrix';
import type { ProposedEdit } from '../../../main/domain/changes/proposal';
import { FindingStatus } from './FindingStatus';
import { FlagsControl, LevelSelect } from './LevelControls';
import { PermissionMatrixEditor } from './PermissionMatrixEditor';
import { ProposalNote } from './ProposalNote';
import { ReviewAndApply } from './ReviewAndApply';
import { useFindings } from './useFindings';
import { useProposal } from './useProposal';
import { WizardFrame } from './WizardFrame';

/** Per descriptor the wizard edits: which Windows value it is, and what it governs, in plain words. */
const DESCRIPTORS: Readonly<Record<string, { name: ComDescriptorName; label: string; help: string }>> = {
  'dcom.machine-access-restriction': {
    name: 'MachineAccessRestriction',
    label: 'the machine-wide access limits',
    help: 'Who may call into any DCOM server on this machine (Local Access / Remote Access).',
  },
  'dcom.machine-launch-restriction': {
    name: 'MachineLaunchRestriction',
    label: 'the machine-wide launch limits',
    help: 'Who may start and activate DCOM servers (Local/Remote Launch, Local/Remote Activation).',
  },
  'dcom.default-access-permission': {
    name: 'DefaultAccessPermission',
    label: 'the default access permissions',
    help: 'Who may call DCOM servers that set no access permissions of their own (neither CoInitializeSecurity nor an AppID AccessPermission). The machine-wide limits still cap it.',
  },
  'dcom.default-launch-permission': {
    name: 'DefaultLaunchPermission',
    label: 'the default launch permissions',
    help: 'Who may start and activate DCOM servers whose AppID has no LaunchPermission of its own. The machine-wide limits still cap it.',
  },
};

const STEP = {
  limits: stepIndex('dcom', 'Machine-wide limits'),
  defaults: stepIndex('dcom', 'Default permissions'),
  levels: stepIndex('dcom', 'Authentication and impersonation'),
  review: stepIndex('dcom', 'Review and apply'),
};
const ALL_OFFERED = WIZARDS.dcom.flatMap((step) => step.offers);
const isDescriptor = (settingId: string) => settingId in DESCRIPTORS;

/** The SDDL a descriptor finding holds now; Windows' default when absent or unreadable. */
function currentSddl(finding: Finding | undefined, name: ComDescriptorName): string {
  const raw = finding?.effective.raw;
  return typeof raw === 'string' && /^[OGDS]:/.test(raw) ? raw : DEFAULT_COM_SDDL[name];
}

/** Each descriptor's matrix to start on: the proposed fix where there is one, else the value now. */
function initialMatrices(
  findings: ReadonlyMap<string, Finding>,
  proposal: ReadonlyMap<string, ProposedEdit>,
): Record<string, PermissionMatrix | string> {
  return Object.fromEntries(
    Object.entries(DESCRIPTORS).map(([settingId, descriptor]) => {
      const proposed = proposal.get(settingId)?.value;
      try {
        return [
          settingId,
          matrixFromSddl(
            typeof proposed === 'string' ? proposed : currentSddl(findings.get(settingId), descriptor.name),
            descriptor.name,
          ),
        ];
      } catch (error) {
        return [settingId, error instanceof DescriptorError ? error.message : String(error)];
      }
    }),
  );
}

/**
 * Wizard 2: the DCOM machine-wide limits and default permissions as permission matrices, EnableDCOM, and the
 * authentication/impersonation levels. Each step shows the settings routes.ts says it offers.
 */
export function DcomWizard({ initialStep = 0 }: { readonly initialStep?: number | undefined }) {
  const findings = useFindings();
  const proposal = useProposal('dcom');
  const [step, setStep] = useState(initialStep);
  const [matrices, setMatrices] = useState(() => initialMatrices(findings, proposal));
  // Levels start on the proposed fix (opened from a finding), else on the machine's values.
  const [levels, setLevels] = useState<Record<string, number | string>>(() =>
    Object.fromEntries(
      [...proposal.values()]
        .filter((proposed) => !isDescriptor(proposed.settingId))
        .map((proposed) => [proposed.settingId, proposed.value as number | string]),
    ),
  );

  const edits: SettingEdit[] = [];
  for (const settingId of ALL_OFFERED) {
    const finding = findings.get(settingId);
    if (!finding?.changeableLocally) continue;
    const descriptor = DESCRIPTORS[settingId];
    if (descriptor) {
      const matrix = matrices[settingId];
      if (typeof matrix !== 'object') continue;
      const sddl = matrixToSddl(matrix);
      if (sddl !== currentSddl(finding, descriptor.name)) edits.push({ settingId, value: sddl });
    } else {
      const chosen = levels[settingId];
      if (chosen !== undefined && chosen !== finding.effective.raw) edits.push({ settingId, value: chosen });
    }
  }

  const matrixSection = (settingId: string) => {
    const descriptor = DESCRIPTORS[settingId]!;
    const finding = findings.get(settingId);
    const matrix = matrices[settingId];
    return (
      <Stack
        key={settingId}
        spacing={1}
        component="section"
        aria-labelledby={`${descriptor.name}-heading`}
        data-testid={`control-${settingId}`}
      >
        <Typography variant="h6" component="h3" id={`${descriptor.name}-heading`}>
          {descriptor.name}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {descriptor.help}
        </Typography>
        <FindingStatus finding={finding} />
        {typeof matrix === 'string' ? (
          <Alert severity="error">The current value cannot be read: {matrix}</Alert>
        ) : (
          matrix && (
            <PermissionMatrixEditor
              matrix={matrix}
              label={descriptor.label}
              readOnly={finding?.managedByPolicy === true || finding?.changeableLocally === false}
              onChange={(next) => setMatrices((all) => ({ ...all, [settingId]: next }))}
            />
          )
        )}
      </Stack>
    );
  };
  const levelControl = (settingId: string) => {
    const finding = findings.get(settingId);
    if (!finding) return null;
    if (findSetting(settingId)?.kind === 'flags')
      return (
        <FlagsControl
          key={settingId}
          finding={finding}
          value={Number(levels[settingId] ?? finding.effective.raw ?? 0)}
          onChange={(value) => setLevels((all) => ({ ...all, [settingId]: value }))}
        />
      );
    return (
      <LevelSelect
        key={settingId}
        finding={finding}
        value={levels[settingId] ?? (finding.effective.raw as number | string)}
        onChange={(value) => setLevels((all) => ({ ...all, [settingId]: value }))}
      />
    );
  };
  const controls = (settingIds: readonly string[]) => [
    <ProposalNote key="proposal" proposal={proposal} settingIds={settingIds} />,
    ...settingIds.map((settingId) =>
      isDescriptor(settingId) ? matrixSection(settingId) : levelControl(settingId),
    ),
  ];

  return (
    <WizardFrame
      title="DCOM machine-wide limits"
      steps={DCOM_STEPS}
      active={step}
      onStep={setStep}
      testId="wizard-dcom"
      nextDisabledReason={
        step === STEP.review - 1 && edits.length === 0
          ? 'Nothing is changed yet: edit a limit, a default permission or a level.'
          : undefined
      }
    >
      {step === STEP.limits && (
        <Stack spacing={3}>
          <Typography>
            These two limits are a ceiling for every DCOM server on the machine, WMI included: a right not
            granted here cannot be granted by any application. The fix for failing callbacks is
            authentication, never anonymous remote access.
          </Typography>
          {controls(offeredBy('dcom', STEP.limits))}
        </Stack>
      )}
      {step === STEP.defaults && (
        <Stack spacing={3}>
          <Typography>
            The permissions DCOM servers get when they set none of their own. Windows normally leaves them
            unset; a remote grant to Everyone or ANONYMOUS LOGON here opens every such server as far as the
            machine-wide limits allow.
          </Typography>
          {controls(offeredBy('dcom', STEP.defaults))}
        </Stack>
      )}
      {step === STEP.levels && (
        <Stack spacing={3}>
          <Typography variant="h6" component="h3">
            Authentication and impersonation
          </Typography>
          <Typography>
            The levels DCOM uses for applications that do not choose their own. Packet integrity or privacy
            protects every packet; lower levels let callers tamper with or skip authentication.
          </Typography>
          {controls(offeredBy('dcom', STEP.levels))}
        </Stack>
      )}
      {step === STEP.review && <ReviewAndApply subject={{ edits }} />}
    </WizardFrame>
  );
}
