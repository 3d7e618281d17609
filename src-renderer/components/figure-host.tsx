/**
 * Hosts a figure drawn by a pure render function: React owns the container, the render function owns what is
 * inside it (house style 6). A render error is shown in place as a message, never as a blank area.
 */
import { useEffect, useRef, useState, type CSSProperties } from 'react';

interface Props {
  /** Draws the figure on the given document; called again whenever `version` changes. */
  render: (doc: Document) => SVGSVGElement;
  version: unknown;
  testId: string;
  className?: string;
  style?: CSSProperties;
  label: string;
  onPointerMove?: (event: React.PointerEvent<HTMLDivElement>) => void;
  onPointerLeave?: () => void;
  /** Makes the figure focusable and handles keys (e.g. moving a cell cursor). */
  onKeyDown?: (event: React.KeyboardEvent<HTMLDivElement>) => void;
  /** Drawn over the figure (cursor outlines, tooltips), positioned in figure pixels. */
  overlay?: React.ReactNode;
}

export function FigureHost({ render, version, testId, className, style, label, onPointerMove, onPointerLeave, onKeyDown, overlay }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    try {
      const svg = render(document);
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', label);
      host.replaceChildren(svg);
      setError(null);
    } catch (caught) {
      host.replaceChildren();
      setError(caught instanceof Error ? caught.message : String(caught));
    }
    // `render` is a new closure every time; `version` says when its output changes.
  }, [version]);
  return (
    <div className={`figure-host ${className ?? ''}`} style={style} data-testid={testId}>
      {error && (
        <p className="figure-error" role="alert">
          {error}
        </p>
      )}
      <div
        style={{ position: 'relative' }}
        tabIndex={onKeyDown ? 0 : undefined}
        onKeyDown={onKeyDown}
        aria-label={onKeyDown ? `${label}. Arrow keys move between cells.` : undefined}
      >
        <div ref={ref} onPointerMove={onPointerMove} onPointerLeave={onPointerLeave} />
        {overlay}
      </div>
    </div>
  );
}
