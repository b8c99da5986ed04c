import {
  Alert,
  Checkbox,
  Chip,
  FormControlLabel,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { AuditReport } from '../../../main/domain/audit/report';
import { findSetting } from '../../../main/domain/catalog';
import { coverageOfRange, type RuleRangeCoverage } from '../../../main/domain/firewall/rpc-range-rules';
import { TechnicalDetails } from '../components/ChangeView';
import type { PortsInput } from '../model/scope';
import { FindingStatus } from './FindingStatus';
import { useFindings } from './useFindings';

export const RPC_PORTS = 'rpc.dynamic-port-restriction';

const COVERAGE_WORDS: Readonly<Record<RuleRangeCoverage['coverage'], string>> = {
  follows: 'Follows',
  'every-port': 'Covers',
  covers: 'Covers',
  partly: 'Must change',
  misses: 'Must change',
};

/** The rules that open the dynamic RPC ports today, and whether each matches the new range. */
function RulesForRange({
  rules,
  ports,
}: {
  readonly rules: AuditReport['rpcPortRules'];
  readonly ports: readonly string[];
}) {
  if (rules === null)
    return (
      <Alert severity="warning">
        The firewall rules could not be read: check by hand that the inbound rules opening RPC ports open the
        new range.
      </Alert>
    );
  if (rules.length === 0)
    return (
      <Typography variant="body2" data-testid="rpc-range-rules-none">
        No enabled inbound rule opens the dynamic RPC ports today, so no rule has to follow the new range.
      </Typography>
    );
  const coverage = coverageOfRange(rules, ports);
  const mustChange = coverage.filter((item) => item.mustChange).length;
  return (
    <Stack spacing={1}>
      <Typography variant="body2" sx={{ fontWeight: 600 }} data-testid="rpc-range-rules-summary">
        {mustChange === 0
          ? 'Every enabled inbound rule that opens the dynamic RPC ports today also opens the new range.'
          : `${mustChange} of ${coverage.length} enabled inbound rules that open the dynamic RPC ports today must be changed to open the new range; rules using the RPC dynamic ports keyword follow it by themselves.`}
      </Typography>
      <Table
        size="small"
        aria-label="Inbound firewall rules that open the dynamic RPC ports"
        data-testid="rpc-range-rules"
      >
        <TableHead>
          <TableRow>
            <TableCell>Rule</TableCell>
            <TableCell>For</TableCell>
            <TableCell>Profiles</TableCell>
            <TableCell>With the new range</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {coverage.map((item) => (
            <TableRow
              key={`${item.rule.store}|${item.rule.id}`}
              data-testid={`rpc-range-rule-${item.rule.id}`}
            >
              <TableCell component="th" scope="row" sx={{ overflowWrap: 'anywhere' }}>
                {item.rule.displayName ?? item.rule.id}
                {item.rule.group && (
                  <Typography variant="body2" color="text.secondary">
                    {item.rule.group}
                  </Typography>
                )}
                {item.rule.store === 'policy' && (
                  <Typography variant="body2" color="text.secondary">
                    Set by Group Policy: change it in the GPO
                  </Typography>
                )}
              </TableCell>
              <TableCell>{item.rule.admits}</TableCell>
              <TableCell>{item.rule.profiles.join(', ')}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  label={COVERAGE_WORDS[item.coverage]}
                  color={item.mustChange ? 'warning' : 'success'}
                  variant="outlined"
                  sx={{ mb: 0.5 }}
                />
                <Typography variant="body2">{item.says}</Typography>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <TechnicalDetails
        lines={coverage.map((item) => `${item.rule.id} (${item.rule.store}): ${item.rule.ruleString}`)}
      />
    </Stack>
  );
}

/**
 * The firewall wizard's RPC port range: restrict it or not, the ports, who the restriction affects and which
 * firewall rules must match the new range.
 */
export function RpcPortRangeStep({
  rules,
  restrict,
  onRestrict,
  portsText,
  onPortsText,
  ports,
}: {
  readonly rules: AuditReport['rpcPortRules'];
  readonly restrict: boolean;
  readonly onRestrict: (restrict: boolean) => void;
  readonly portsText: string;
  readonly onPortsText: (text: string) => void;
  readonly ports: PortsInput;
}) {
  const findings = useFindings();
  const setting = findSetting(RPC_PORTS);
  return (
    <Stack spacing={2}>
      <FindingStatus finding={findings.get(RPC_PORTS)} />
      <FormControlLabel
        data-testid={`control-${RPC_PORTS}`}
        control={
          <Checkbox
            checked={restrict}
            disabled={!findings.get(RPC_PORTS)?.changeableLocally}
            onChange={(event) => onRestrict(event.target.checked)}
          />
        }
        label="Restrict the RPC dynamic port range (needs a restart)"
      />
      {restrict && (
        <>
          <TextField
            label="Ports RPC servers may use"
            value={portsText}
            onChange={(event) => onPortsText(event.target.value)}
            error={ports.problems.length > 0}
            helperText={ports.problems.length > 0 ? ports.problems.join(' ') : `${ports.count} ports.`}
            sx={{ maxWidth: 360 }}
          />
          {setting?.kind === 'rpc-ports' && (
            <Alert severity="info" data-testid="rpc-range-affects">
              <strong>Who is affected:</strong> {setting.affects}
            </Alert>
          )}
          <Typography variant="h6" component="h4">
            Firewall rules that must match the new range
          </Typography>
          {ports.problems.length === 0 && <RulesForRange rules={rules} ports={ports.ports} />}
        </>
      )}
    </Stack>
  );
}
