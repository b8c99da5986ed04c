import {
  Alert,
  FormControl,
  FormHelperText,
  InputLabel,
  MenuItem,
  Select,
  Stack,
  Typography,
} from '@mui/material';
import { useMemo, useState } from 'react';
import type { Finding } from '../../../main/domain/audit/report';
import { findSetting } from '../../../main/domain/catalog';
import { DEFAULT_COM_SDDL, DescriptorError, type ComDescriptorName } from '../../../main/domain/descriptors';
import type { SettingEdit } from '../changes';
import { DCOM_STEPS } from '../model/routes';
import { matrixFromSddl, matrixToSddl, type PermissionMatrix } from '../model/permissionMatrix';
import { useAppState } from '../state/AppState';
import { FindingStatus } from './FindingStatus';
import { PermissionMatrixEditor } from './PermissionMatrixEditor';
import { ReviewAndApply } from './ReviewAndApply';
import { useFindings } from './useFindings';
import { WizardFrame } from './WizardFrame';

const LIMITS: readonly { settingId: string; name: ComDescriptorName; label: string; help: string }[] = [
  {
    settingId: 'dcom.machine-access-restriction',
    name: 'MachineAccessRestriction',
    label: 'the machine-wide access limits',
    help: 'Who may call into any DCOM server on this machine (Local Access / Remote Access).',
  },
  {
    settingId: 'dcom.machine-launch-restriction',
    name: 'MachineLaunchRestriction',
    label: 'the machine-wide launch limits',
    help: 'Who may start and activate DCOM servers (Local/Remote Launch, Local/Remote Activation).',
  },
];

/** The SDDL a descriptor finding holds now; Windows' default when absent or unreadable. */
function currentSddl(finding: Finding | undefined, name: ComDescriptorName): string {
  const raw = finding?.effective.raw;
  return typeof raw === 'string' && /^[OGDS]:/.test(raw) ? raw : DEFAULT_COM_SDDL[name];
}

function initialMatrices(findings: ReadonlyMap<string, Finding>): Record<string, PermissionMatrix | string> {
  return Object.fromEntries(
    LIMITS.map((limit) => {
      try {
        return [
          limit.settingId,
          matrixFromSddl(currentSddl(findings.get(limit.settingId), limit.name), limit.name),
        ];
      } catch (error) {
        return [limit.settingId, error instanceof DescriptorError ? error.message : String(error)];
      }
    }),
  );
}

/** Dword / yes-no settings of the authentication area, edited by their constants' names. */
function LevelSelect({
  finding,
  value,
  onChange,
}: {
  readonly finding: Finding;
  readonly value: number | string;
  readonly onChange: (value: number | string) => void;
}) {
  const setting = findSetting(finding.settingId);
  if (!setting || (setting.kind !== 'dword' && setting.kind !== 'yes-no')) return null;
  const allowed = setting.allowed as readonly { value: number | string; name: string; meaning: string }[];
  const labelId = `level-${finding.settingId}`;
  const meaning = allowed.find((option) => option.value === value)?.meaning;
  return (
    <Stack spacing={1}>
      <FindingStatus finding={finding} />
      <FormControl size="small" disabled={!finding.changeableLocally} sx={{ maxWidth: 520 }}>
        <InputLabel id={labelId}>{finding.title}</InputLabel>
        <Select
          labelId={labelId}
          label={finding.title}
          value={allowed.some((option) => option.value === value) ? value : ''}
          onChange={(event) => onChange(event.target.value)}
        >
          {allowed.map((option) => (
            <MenuItem key={String(option.value)} value={option.value}>
              {option.name}
            </MenuItem>
          ))}
        </Select>
        {meaning && <FormHelperText>{meaning}</FormHelperText>}
      </FormControl>
    </Stack>
  );
}

/** Wizard 2: DCOM machine-wide limits as permission matrices, and the authentication/impersonation levels. */
export function DcomWizard({ initialStep = 0 }: { readonly initialStep?: number | undefined }) {
  const findings = useFindings();
  const { audit } = useAppState();
  const [step, setStep] = useState(initialStep);
  const [matrices, setMatrices] = useState(() => initialMatrices(findings));
  const levelFindings = useMemo(
    () =>
      audit.status === 'ok'
        ? audit.value.findings.filter((finding) => finding.area === 'authentication')
        : [],
    [audit],
  );
  const [levels, setLevels] = useState<Record<string, number | string>>({});

  const edits: SettingEdit[] = [];
  for (const limit of LIMITS) {
    const matrix = matrices[limit.settingId];
    const finding = findings.get(limit.settingId);
    if (typeof matrix !== 'object' || !finding?.changeableLocally) continue;
    const sddl = matrixToSddl(matrix);
    if (sddl !== currentSddl(finding, limit.name)) edits.push({ settingId: limit.settingId, value: sddl });
  }
  for (const finding of levelFindings) {
    const chosen = levels[finding.settingId];
    if (chosen !== undefined && chosen !== finding.effective.raw && finding.changeableLocally)
      edits.push({ settingId: finding.settingId, value: chosen });
  }

  return (
    <WizardFrame
      title="DCOM machine-wide limits"
      steps={DCOM_STEPS}
      active={step}
      onStep={setStep}
      testId="wizard-dcom"
      nextDisabledReason={
        step === 1 && edits.length === 0 ? 'Nothing is changed yet: edit a limit or a level.' : undefined
      }
    >
      {step === 0 && (
        <Stack spacing={3}>
          <Typography>
            These two limits are a ceiling for every DCOM server on the machine, WMI included: a right not
            granted here cannot be granted by any application. The fix for failing callbacks is
            authentication, never anonymous remote access.
          </Typography>
          {LIMITS.map((limit) => {
            const finding = findings.get(limit.settingId);
            const matrix = matrices[limit.settingId];
            return (
              <Stack
                key={limit.settingId}
                spacing={1}
                component="section"
                aria-labelledby={`${limit.name}-heading`}
              >
                <Typography variant="h6" component="h3" id={`${limit.name}-heading`}>
                  {limit.name}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {limit.help}
                </Typography>
                <FindingStatus finding={finding} />
                {typeof matrix === 'string' ? (
                  <Alert severity="error">The current value cannot be read: {matrix}</Alert>
                ) : (
                  matrix && (
                    <PermissionMatrixEditor
                      matrix={matrix}
                      label={limit.label}
                      readOnly={finding?.managedByPolicy === true || finding?.changeableLocally === false}
                      onChange={(next) => setMatrices((all) => ({ ...all, [limit.settingId]: next }))}
                    />
                  )
                )}
              </Stack>
            );
          })}
        </Stack>
      )}
      {step === 1 && (
        <Stack spacing={3}>
          <Typography variant="h6" component="h3">
            Authentication and impersonation
          </Typography>
          <Typography>
            The levels DCOM uses for applications that do not choose their own. Packet integrity or privacy
            protects every packet; lower levels let callers tamper with or skip authentication.
          </Typography>
          {levelFindings.map((finding) => (
            <LevelSelect
              key={finding.settingId}
              finding={finding}
              value={levels[finding.settingId] ?? (finding.effective.raw as number | string)}
              onChange={(value) => setLevels((all) => ({ ...all, [finding.settingId]: value }))}
            />
          ))}
        </Stack>
      )}
      {step === 2 && <ReviewAndApply edits={edits} />}
    </WizardFrame>
  );
}
