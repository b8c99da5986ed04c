import {
  Alert,
  Checkbox,
  FormControl,
  FormControlLabel,
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
import type { Finding } from '../../../main/domain/audit/report';
import type { SettingEdit } from '../changes';
import { FIREWALL_STEPS } from '../model/routes';
import { parsePortsText, parseScopeText } from '../model/scope';
import { useAppState } from '../state/AppState';
import { FindingStatus } from './FindingStatus';
import { ReviewAndApply } from './ReviewAndApply';
import { useFindings } from './useFindings';
import { WizardFrame } from './WizardFrame';

const TARGETS = [
  { settingId: 'firewall.endpoint-mapper', label: 'RPC endpoint mapper (TCP 135)' },
  { settingId: 'firewall.dynamic-rpc', label: 'Dynamic RPC ports (WMI service)' },
  { settingId: 'firewall.unsecapp', label: 'WMI async callbacks (unsecapp.exe)' },
] as const;
const RPC_PORTS = 'rpc.dynamic-port-restriction';

interface ProfileExposure {
  readonly profile: string;
  readonly open: boolean;
  readonly reachableFrom: readonly string[];
  readonly rules: readonly string[];
}

/** The firewall finding's per-profile exposure (its effective raw value), defensively read. */
function exposureOf(finding: Finding | undefined): ProfileExposure[] {
  const raw = finding?.effective.raw;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return [];
    const item = entry as Record<string, unknown>;
    const strings = (value: unknown) =>
      Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    return [
      {
        profile: String(item.profile ?? '?'),
        open: item.open === true,
        reachableFrom: strings(item.reachableFrom),
        rules: strings(item.rules),
      },
    ];
  });
}

type Choice = 'scope' | 'close' | 'keep';

/** Wizard 3: what TCP 135, dynamic RPC and the callback sink are open to, and a scoped rule instead. */
export function FirewallWizard({ initialStep = 0 }: { readonly initialStep?: number | undefined }) {
  const findings = useFindings();
  const { audit } = useAppState();
  const [step, setStep] = useState(initialStep);
  const managementScope = audit.status === 'ok' ? audit.value.profile.managementScope : [];
  const [scopeText, setScopeText] = useState(
    managementScope.length > 0 ? managementScope.join(', ') : 'LocalSubnet',
  );
  const initialChoice = (settingId: string): Choice => {
    const finding = findings.get(settingId);
    if (!finding?.changeableLocally) return 'keep';
    return finding.verdict === 'ok' ? 'keep' : settingId === 'firewall.unsecapp' ? 'close' : 'scope';
  };
  const [choices, setChoices] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(TARGETS.map((target) => [target.settingId, initialChoice(target.settingId)])),
  );
  const [restrictPorts, setRestrictPorts] = useState(false);
  const [portsText, setPortsText] = useState('5000-5100');
  const scope = parseScopeText(scopeText);
  const ports = parsePortsText(portsText);

  const edits: SettingEdit[] = [
    ...TARGETS.flatMap((target) => {
      const choice = choices[target.settingId];
      if (choice === 'scope')
        return [{ settingId: target.settingId, value: { allowFrom: [...scope.entries] } }];
      if (choice === 'close') return [{ settingId: target.settingId, value: { allowFrom: [] } }];
      return [];
    }),
    ...(restrictPorts
      ? [{ settingId: RPC_PORTS, value: { restrict: true as const, ports: [...ports.ports] } }]
      : []),
  ];
  const scopeNeeded = Object.values(choices).includes('scope');
  const blocked =
    scopeNeeded && scope.problems.length > 0
      ? 'Correct the scope in step 2 first.'
      : restrictPorts && ports.problems.length > 0
        ? 'Correct the port range in step 3 first.'
        : edits.length === 0
          ? 'Nothing is changed yet: choose a rule to scope or close.'
          : undefined;

  const choiceGroup = (settingId: string, label: string) => {
    const finding = findings.get(settingId);
    const disabled = !finding?.changeableLocally;
    return (
      <FormControl key={settingId} disabled={disabled}>
        <FormLabel id={`${settingId}-choice`}>{label}</FormLabel>
        <RadioGroup
          row
          aria-labelledby={`${settingId}-choice`}
          value={choices[settingId] ?? 'keep'}
          onChange={(event) => setChoices((all) => ({ ...all, [settingId]: event.target.value as Choice }))}
        >
          <FormControlLabel value="scope" control={<Radio />} label="Open only from the scope" />
          <FormControlLabel value="close" control={<Radio />} label="Close" />
          <FormControlLabel value="keep" control={<Radio />} label="Leave as it is" />
        </RadioGroup>
      </FormControl>
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
            const exposure = exposureOf(finding);
            return (
              <Stack key={target.settingId} spacing={1}>
                <FindingStatus finding={finding} />
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
            Scope TCP 135 and dynamic RPC
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
            The scoped rules apply on the Domain, Private and Public profiles alike, and SinkGuard disables
            the rules that opened these ports wider.
          </Typography>
          {choiceGroup('firewall.endpoint-mapper', 'RPC endpoint mapper (TCP 135)')}
          {choiceGroup('firewall.dynamic-rpc', 'Dynamic RPC ports (WMI service)')}
          {['firewall.endpoint-mapper', 'firewall.dynamic-rpc'].map((id) =>
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
          {choiceGroup('firewall.unsecapp', 'WMI async callbacks (unsecapp.exe)')}
          {choices['firewall.unsecapp'] === 'scope' && (
            <Alert severity="info">
              Callbacks will be accepted from the management scope of step 2 only.
            </Alert>
          )}
          <FindingStatus finding={findings.get(RPC_PORTS)} />
          <FormControlLabel
            control={
              <Checkbox
                checked={restrictPorts}
                disabled={!findings.get(RPC_PORTS)?.changeableLocally}
                onChange={(event) => setRestrictPorts(event.target.checked)}
              />
            }
            label="Restrict the RPC dynamic port range (needs a restart)"
          />
          {restrictPorts && (
            <TextField
              label="Ports RPC servers may use"
              value={portsText}
              onChange={(event) => setPortsText(event.target.value)}
              error={ports.problems.length > 0}
              helperText={ports.problems.length > 0 ? ports.problems.join(' ') : `${ports.count} ports.`}
              sx={{ maxWidth: 360 }}
            />
          )}
        </Stack>
      )}
      {step === 3 &&
        (blocked && edits.length > 0 ? (
          <Alert severity="error">{blocked}</Alert>
        ) : (
          <ReviewAndApply edits={edits} />
        ))}
    </WizardFrame>
  );
}
