import { Alert, AlertTitle, Button } from '@mui/material';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  readonly children: ReactNode;
  /** Reads again what the view shows (the audit) before "Try again" renders it anew. */
  readonly onRetry?: () => void;
}
interface State {
  readonly error: Error | null;
}

/** A rendering bug shows a message and a way back, never a blank window or a stack trace. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('SinkGuard view failed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Alert
        severity="error"
        role="alert"
        action={
          <Button
            color="inherit"
            onClick={() => {
              this.props.onRetry?.();
              this.setState({ error: null });
            }}
          >
            Try again
          </Button>
        }
      >
        <AlertTitle>This view stopped working</AlertTitle>
        Nothing was changed on this machine. Try again, or restart SinkGuard.
      </Alert>
    );
  }
}
