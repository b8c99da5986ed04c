import {
  Alert,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  Radio,
  RadioGroup,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import type { SettingEdit } from '../changes';
import {
  FIREWALL_PROFILE_NAMES,
  defaultProfiles,
  describeToday,
  exposureRows,
  firewallEditValue,
  toggleProfile,
  type FirewallChoice,
  type FirewallProfileName,
} from '../model/firewall';
import { FIREWALL_STEPS, offeredBy } from '../model/routes';
import { parsePortsText, parseScopeText } from '../model/scope';
import { useAppState } from '../state/AppState';
import { FindingStatus } from './FindingStatus';
import { ProposalNote } from './ProposalNote';
import { ReviewAndApply } from './ReviewAndApply';
import { RPC_PORTS, RpcPortRangeStep } from './RpcPortRangeStep';
import { useFindings } from './useFindings';
import { useProposal } from './useProposal';
import { WizardFrame } from './WizardFrame';

const TARGETS = [
  { settingId: 'firewall.endpoint-mapper', label: 'RPC endpoint mapper (TCP 135)' },
  { settingId: 'firewall.dynamic-rpc', label: 'Dynamic RPC ports (WMI service)' },
  { settingId: 'firewall.unsecapp', label: 'WMI async callbacks (unsecapp.exe)' },
] as const;

type Choice = FirewallChoice;

/**
 * Wizard 3: what TCP 135, dynamic RPC and the callback sink are open to, and per target: open it only from the
 * scope on chosen profiles (whether it is open or closed today), close it, or leave it. `open` names a target to
 * start on "Open only from the scope" (the troubleshooter's "callbacks cannot reach the client" diagnoses).
 */
export function FirewallWizard({
  initialStep = 0,
  open,
}: {
  readonly initialStep?: number | undefined;
  readonly open?: string | undefined;
}) {
  const findings = useFindings();
  const proposal = useProposal('firewall');
  const { audit } = useAppState();
  const [step, setStep] = useState(initialStep);
  const managementScope = audit.status === 'ok' ? audit.value.profile.managementScope : [];
  const [scopeText, setScopeText] = useState(
    managementScope.length > 0 ? managementScope.join(', ') : 'LocalSubnet',
  );
  // Opened from a finding: each target starts on the audit's proposed fix; opened plainly: left as it is.
  const initialChoice = (settingId: string): Choice => {
    const finding = findings.get(settingId);
    if (!finding?.changeableLocally) return 'keep';
    if (settingId === open) return 'scope';
    const proposed = proposal.get(settingId)?.value as { allowFrom: readonly string[] } | undefined;
    if (!proposed) return 'keep';
    return proposed.allowFrom.length === 0 ? 'close' : 'scope';
  };
  const [choices, setChoices] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(TARGETS.map((target) => [target.settingId, initialChoice(target.settingId)])),
  );
  const [profiles, setProfiles] = useState<Record<string, FirewallProfileName[]>>(() =>
    Object.fromEntries(
      TARGETS.map((target) => [
        target.settingId,
        defaultProfiles(exposureRows(findings.get(target.settingId)?.effective.raw)),
      ]),
    ),
  );
  const proposedPorts = proposal.get(RPC_PORTS)?.value as
    { restrict: true; ports: readonly string[] } | { restrict: false } | undefined;
  const [restrictPorts, setRestrictPorts] = useState(proposedPorts?.restrict === true);
  const [portsText, setPortsText] = useState(
    proposedPorts?.restrict ? proposedPorts.ports.join(', ') : '5000-5100',
  );
  const scope = parseScopeText(scopeText);
  const ports = parsePortsText(portsText);

  const edits: SettingEdit[] = [
    ...TARGETS.flatMap((target) => {
      const value = firewallEditValue(
        choices[target.settingId] ?? 'keep',
        scope.entries,
        profiles[target.settingId] ?? [],
      );
      return value ? [{ settingId: target.settingId, value }] : [];
    }),
    ...(restrictPorts
      ? [{ settingId: RPC_PORTS, value: { restrict: true as const, ports: [...ports.ports] } }]
      : []),
  ];
  const scopeNeeded = Object.values(choices).includes('scope');
  /** Why Next waits: a target to open from the scope with no profile ticked. */
  const noProfile = (settingIds: readonly string[]) => {
    const target = TARGETS.find(
      (candidate) =>
        settingIds.includes(candidate.settingId) &&
        choices[candidate.settingId] === 'scope' &&
        (profiles[candidate.settingId] ?? []).length === 0,
    );
    return target ? `Choose at least one profile to open ${target.label} on.` : undefined;
  };
  const scopeStepTargets = offeredBy('firewall', 1);
  const blocked =
    scopeNeeded && scope.problems.length > 0
      ? 'Correct the scope in step 2 first.'
      : (noProfile(TARGETS.map((target) => target.settingId)) ??
        (restrictPorts && ports.problems.length > 0
          ? 'Correct the port range in step 3 first.'
          : edits.length === 0
            ? 'Nothing is changed yet: choose a rule to open, scope or close.'
            : undefined));

  const choiceGroup = (settingId: string, label: string) => {
    const finding = findings.get(settingId);
    const disabled = !finding?.changeableLocally;
    const rows = exposureRows(finding?.effective.raw);
    const closedToday = rows.length > 0 && rows.every((row) => !row.open);
    const chosen = profiles[settingId] ?? [];
    return (
      <Stack key={settingId} spacing={1} data-testid={`control-${settingId}`}>
        <FormControl disabled={disabled}>
          {/* A target Group Policy owns stays readable: only its choices are disabled. */}
          <FormLabel id={`${settingId}-choice`} sx={{ '&.Mui-disabled': { color: 'text.secondary' } }}>
            {label}
          </FormLabel>
          <Typography
            id={`${settingId}-today`}
            variant="body2"
            data-testid={`today-${settingId}`}
            sx={{ fontWeight: closedToday ? 600 : undefined }}
          >
            {describeToday(rows)}
          </Typography>
          <RadioGroup
            row
            aria-labelledby={`${settingId}-choice`}
            aria-describedby={`${settingId}-today`}
            value={choices[settingId] ?? 'keep'}
            onChange={(event) => setChoices((all) => ({ ...all, [settingId]: event.target.value as Choice }))}
          >
            <FormControlLabel value="scope" control={<Radio />} label="Open only from the scope" />
            <FormControlLabel value="close" control={<Radio />} label="Close" />
            <FormControlLabel value="keep" control={<Radio />} label="Leave as it is" />
          </RadioGroup>
        </FormControl>
        {!disabled && choices[settingId] === 'scope' && (
          <FormControl component="fieldset" error={chosen.length === 0}>
            <FormLabel component="legend">Open {label} on these firewall profiles</FormLabel>
            <FormGroup row>
              {FIREWALL_PROFILE_NAMES.map((profile) => (
                <FormControlLabel
                  key={profile}
                  label={profile}
                  control={
                    <Checkbox
                      checked={chosen.includes(profile)}
                      onChange={(event) =>
                        setProfiles((all) => ({
                          ...all,
                          [settingId]: toggleProfile(all[settingId] ?? [], profile, event.target.checked),
                        }))
                      }
                    />
                  }
                />
              ))}
            </FormGroup>
            <FormHelperText>
              {chosen.length === 0
                ? 'Choose at least one profile.'
                : closedToday
                  ? `Its built-in Windows rule is enabled on ${chosen.join(', ')}, scoped to the management scope.`
                  : `Reachable only from the scope, only on ${chosen.join(', ')}: rules opening it elsewhere are limited or disabled, and a profile still closed gets the built-in Windows rule enabled, scoped.`}
            </FormHelperText>
          </FormControl>
        )}
      </Stack>
    );
  };

  return (
    <WizardFrame
      title="Firewall for TCP 135 and callbacks"
      steps={FIREWALL_STEPS}
      active={step}
      onStep={setStep}
      testId="wizard-firewall"
      nextDisabledReason={
        step === 2
          ? blocked
          : step === 1 && scopeNeeded && scope.problems.length > 0
            ? 'Correct the scope first.'
            : step === 1
              ? noProfile(scopeStepTargets)
              : undefined
      }
    >
      {step === 0 && (
        <Stack spacing={2}>
          <Typography variant="h6" component="h3">
            What is open now, and to whom
          </Typography>
          <Typography>
            Every DCOM and WMI conversation starts at TCP 135, then moves to a dynamic RPC port; asynchronous
            callbacks come back to unsecapp.exe on the client. Each should be reachable from the management
            hosts only.
          </Typography>
          {TARGETS.map((target) => {
            const finding = findings.get(target.settingId);
            const exposure = exposureRows(finding?.effective.raw);
            return (
              <Stack key={target.settingId} spacing={1}>
                <FindingStatus finding={finding} />
                {exposure.length > 0 && exposure.every((row) => !row.open) && (
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    {target.label}: closed today on every profile. Open it in the next steps if WMI or
                    callbacks must reach this machine.
                  </Typography>
                )}
                {exposure.length > 0 && (
                  <Table size="small" aria-label={`${target.label}: exposure per firewall profile`}>
                    <TableHead>
                      <TableRow>
                        <TableCell>Profile</TableCell>
                        <TableCell>Open</TableCell>
                        <TableCell>Reachable from</TableCell>
                        <TableCell>Rules</TableCell>
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {exposure.map((row) => (
                        <TableRow key={row.profile}>
                          <TableCell component="th" scope="row">
                            {row.profile}
                          </TableCell>
                          <TableCell>{row.open ? 'Open' : 'Closed'}</TableCell>
                          <TableCell
                            sx={{ color: row.reachableFrom.includes('Any') ? 'error.main' : undefined }}
                          >
                            {row.reachableFrom.join(', ') || '—'}
                          </TableCell>
                          <TableCell sx={{ overflowWrap: 'anywhere' }}>
                            {row.rules.join(', ') || '—'}
                          </TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                )}
              </Stack>
            );
          })}
        </Stack>
      )}
      {step === 1 && (
        <Stack spacing={2}>
          <Typography variant="h6" component="h3">
            Open or scope TCP 135 and dynamic RPC
          </Typography>
          <TextField
            label="Management scope (addresses, CIDR blocks, ranges or LocalSubnet)"
            multiline
            minRows={2}
            value={scopeText}
            onChange={(event) => setScopeText(event.target.value)}
            error={scope.problems.length > 0}
            helperText={
              scope.problems.length > 0
                ? scope.problems.join(' ')
                : `${scope.entries.length} entr${scope.entries.length === 1 ? 'y' : 'ies'}: only these may reach the rules below. Any is refused.`
            }
            slotProps={{ htmlInput: { 'aria-describedby': 'scope-help' } }}
          />
          <Typography id="scope-help" variant="body2" color="text.secondary">
            “Open only from the scope” works whether a port is open or closed today: it applies on the
            profiles you tick, narrows the rules that opened the port wider, limits or disables the ones on
            other profiles, and enables the port’s built-in Windows rule (scoped, never to Any) where it is
            closed.
          </Typography>
          <ProposalNote proposal={proposal} settingIds={scopeStepTargets} />
          {TARGETS.filter((target) => offeredBy('firewall', 1).includes(target.settingId)).map((target) =>
            choiceGroup(target.settingId, target.label),
          )}
          {scopeStepTargets.map((id) =>
            findings.get(id)?.managedByPolicy ? <FindingStatus key={id} finding={findings.get(id)} /> : null,
          )}
        </Stack>
      )}
      {step === 2 && (
        <Stack spacing={2}>
          <Typography variant="h6" component="h3">
            Callbacks and RPC ports
          </Typography>
          <FindingStatus finding={findings.get('firewall.unsecapp')} />
          <ProposalNote proposal={proposal} settingIds={offeredBy('firewall', 2)} />
          {choiceGroup('firewall.unsecapp', 'WMI async callbacks (unsecapp.exe)')}
          {choices['firewall.unsecapp'] === 'scope' && (
            <Alert severity="info">
              Callbacks will be accepted from the management scope of step 2 only.
            </Alert>
          )}
          <RpcPortRangeStep
            rules={audit.status === 'ok' ? audit.value.rpcPortRules : null}
            restrict={restrictPorts}
            onRestrict={setRestrictPorts}
            portsText={portsText}
            onPortsText={setPortsText}
            ports={ports}
          />
        </Stack>
      )}
      {step === 3 &&
        (blocked && edits.length > 0 ? (
          <Alert severity="error">{blocked}</Alert>
        ) : (
          <ReviewAndApply subject={{ edits }} />
        ))}
    </WizardFrame>
  );
}
