import { Checkbox, FormControlLabel, FormGroup, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { CodeSnippet } from '../components/CodeSnippet';
import { WMI_STEPS } from '../model/routes';
import type { SettingEdit } from '../changes';
import { FindingStatus } from './FindingStatus';
import { ProposalNote } from './ProposalNote';
import { ReviewAndApply } from './ReviewAndApply';
import { CLIENT_SNIPPETS } from './snippets';
import { useFindings } from './useFindings';
import { useProposal } from './useProposal';
import { WizardFrame } from './WizardFrame';

const CHECK = 'wmi.unsecapp-access-check';
const ANONYMOUS = 'wmi.allow-anonymous-callback';

/** Wizard 1: why asynchronous callbacks can be spoofed, turning on the UnsecApp check, and fixing the clients. */
export function WmiWizard({ initialStep = 0 }: { readonly initialStep?: number | undefined }) {
  const findings = useFindings();
  const [step, setStep] = useState(initialStep);
  const proposal = useProposal('wmi');
  const check = findings.get(CHECK);
  const anonymous = findings.get(ANONYMOUS);
  // Each box starts on the proposed fix (opened from a finding), else on what the machine does now.
  const checkOn = check?.effective.raw === 1;
  const refusingNow = anonymous?.effective.raw === 0;
  const [enableCheck, setEnableCheck] = useState(() =>
    proposal.has(CHECK) ? proposal.get(CHECK)!.value === 1 : checkOn,
  );
  const [refuseAnonymous, setRefuseAnonymous] = useState(() =>
    proposal.has(ANONYMOUS) ? proposal.get(ANONYMOUS)!.value === 0 : refusingNow,
  );
  // A box differing from the machine is an edit; unticking one that is on today turns it off.
  const edits: SettingEdit[] = [
    ...(enableCheck !== checkOn && check?.changeableLocally
      ? [{ settingId: CHECK, value: enableCheck ? 1 : 0 }]
      : []),
    ...(refuseAnonymous !== refusingNow && anonymous?.changeableLocally
      ? [{ settingId: ANONYMOUS, value: refuseAnonymous ? 0 : 1 }]
      : []),
  ];
  return (
    <WizardFrame
      title="Secure WMI asynchronous callbacks"
      steps={WMI_STEPS}
      active={step}
      onStep={setStep}
      testId="wizard-wmi"
      nextDisabledReason={
        step === 2 && edits.length === 0 ? 'Choose at least one change in step 2.' : undefined
      }
    >
      {step === 0 && (
        <Stack spacing={2}>
          <Typography variant="h6" component="h3">
            Why callbacks can be spoofed
          </Typography>
          <Typography>
            An asynchronous WMI call hands the server a callback object (a “sink”) in the client. Scripts and
            Visual Basic programs receive it through unsecapp.exe, which listens on the network for the
            results.
          </Typography>
          <Typography>
            WMI first calls back at RPC_C_AUTHN_LEVEL_PKT_PRIVACY and, if that fails, lowers the
            authentication level step by step until the call succeeds, down to RPC_C_AUTHN_LEVEL_NONE. Without
            a check, anyone who can reach unsecapp.exe can feed forged results into the script.
          </Typography>
          <Typography>
            For scripts, UnsecAppAccessControlDefault is the only guard: set to 1, unsecapp.exe lets only the
            account that obtained the sink call back.
          </Typography>
          <FindingStatus finding={check} />
          <FindingStatus finding={anonymous} />
        </Stack>
      )}
      {step === 1 && (
        <Stack spacing={2}>
          <Typography variant="h6" component="h3">
            Turn on the UnsecApp access check
          </Typography>
          <FindingStatus finding={check} />
          <ProposalNote proposal={proposal} settingIds={[CHECK, ANONYMOUS]} />
          <FormGroup>
            <FormControlLabel
              data-testid={`control-${CHECK}`}
              control={
                <Checkbox
                  checked={enableCheck}
                  onChange={(event) => setEnableCheck(event.target.checked)}
                  disabled={!check?.changeableLocally}
                  data-testid="wmi-enable-check"
                />
              }
              label="Check who calls back: set UnsecAppAccessControlDefault to 1"
            />
            <FormControlLabel
              data-testid={`control-${ANONYMOUS}`}
              control={
                <Checkbox
                  checked={refuseAnonymous}
                  onChange={(event) => setRefuseAnonymous(event.target.checked)}
                  disabled={!anonymous?.changeableLocally}
                  data-testid="wmi-refuse-anonymous"
                />
              }
              label="Refuse anonymous callbacks: set AllowAnonymousCallback to 0"
            />
          </FormGroup>
          <Typography variant="h6" component="h4">
            What it breaks
          </Typography>
          <Typography>
            {check?.sideEffects ??
              'Callbacks from an identity other than the one that obtained the sink are refused: the asynchronous call never returns results.'}
          </Typography>
        </Stack>
      )}
      {step === 2 && (
        <Stack spacing={2}>
          <Typography variant="h6" component="h3">
            Fix the clients
          </Typography>
          <Typography>
            Clients keep working when they ask for packet privacy and impersonation, or avoid callbacks with
            semisynchronous calls. C++ clients can request the check themselves with
            WBEM_FLAG_UNSECAPP_CHECK_ACCESS.
          </Typography>
          {CLIENT_SNIPPETS.map((snippet) => (
            <CodeSnippet key={snippet.title} title={snippet.title} code={snippet.code} />
          ))}
        </Stack>
      )}
      {step === 3 && <ReviewAndApply subject={{ edits }} />}
    </WizardFrame>
  );
}
