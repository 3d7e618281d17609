/**
 * Help beside a control: a small "?" that shows the control's one-sentence explanation on hover or keyboard focus.
 * The control itself carries the same sentence as its tooltip (title) and accessible description
 * (aria-describedby), so a screen reader reads it and e2e/first-hour.e2e.ts walks every control to its help.
 */
import { helpText } from './help-texts.ts';

/** The id of the element holding a control's help sentence; one per control kind, shared by repeated controls. */
export function helpId(controlTestId: string): string {
  return `help-${controlTestId.replace(/[^A-Za-z0-9-]/g, '-')}`;
}

/** Spread onto a control: its tooltip and its accessible description, both the help sentence. */
export function describedBy(controlTestId: string): { title: string; 'aria-describedby': string } {
  return { title: helpText(controlTestId), 'aria-describedby': helpId(controlTestId) };
}

/** The "?" beside a control; render it once per control kind (repeated controls share it). */
export function Help({ control }: { control: string }) {
  return (
    <span className="help" tabIndex={0} role="note" aria-label="Help" data-testid={`help:${control}`}>
      <span className="help-text" id={helpId(control)}>
        {helpText(control)}
      </span>
    </span>
  );
}
