import { Component, type ReactNode } from 'react';

/** Keeps a rendering bug from blanking the whole screen; shows a sentence and a way back. */
export class ErrorBoundary extends Component<{ message: string; retry: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error('view crashed', error);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="error-banner" role="alert" style={{ margin: '1rem' }}>
        <span>{this.props.message}</span>
        <button type="button" onClick={() => window.location.reload()}>
          {this.props.retry}
        </button>
      </div>
    );
  }
}
