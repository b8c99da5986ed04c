import { Box, Button, Paper, Stack, Step, StepButton, Stepper } from '@mui/material';
import type { ReactNode } from 'react';
import { PageHeading } from '../components/PageHeading';

/**
 * A guided wizard: an MUI Stepper whose steps are buttons (reachable by Tab, Enter/Space), the current step's content,
 * and Back/Next. The last step is always review → apply → verify, which brings its own buttons.
 */
export function WizardFrame({
  title,
  steps,
  active,
  onStep,
  children,
  nextDisabledReason,
  testId,
}: {
  readonly title: string;
  readonly steps: readonly string[];
  readonly active: number;
  readonly onStep: (step: number) => void;
  readonly children: ReactNode;
  /** Why Next is disabled (shown beside it), or undefined when it is enabled. */
  readonly nextDisabledReason?: string;
  readonly testId: string;
}) {
  const last = active === steps.length - 1;
  return (
    <Stack spacing={2} data-testid={testId}>
      <PageHeading title={title} />
      <Stepper nonLinear activeStep={active} aria-label={`${title}: steps`}>
        {steps.map((label, index) => (
          <Step key={label} completed={index < active}>
            <StepButton
              onClick={() => onStep(index)}
              aria-current={index === active ? 'step' : undefined}
              data-testid={`step-${index}`}
            >
              {label}
            </StepButton>
          </Step>
        ))}
      </Stepper>
      <Paper variant="outlined" sx={{ p: 3 }}>
        {children}
      </Paper>
      {!last && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Button disabled={active === 0} onClick={() => onStep(active - 1)}>
            Back
          </Button>
          <Button
            variant="contained"
            disabled={nextDisabledReason !== undefined}
            onClick={() => onStep(active + 1)}
            data-testid="wizard-next"
            aria-describedby={nextDisabledReason ? `${testId}-next-reason` : undefined}
          >
            Next
          </Button>
          {nextDisabledReason && (
            <Box id={`${testId}-next-reason`} sx={{ color: 'error.main', typography: 'body2' }}>
              {nextDisabledReason}
            </Box>
          )}
        </Stack>
      )}
    </Stack>
  );
}
