/** A measure's two tabs in the measures panel: its overview (the detail) and Uppföljning (evaluation). */
import { type KeyboardEvent, type ReactNode, useRef, useState } from 'react';
import type { Geometry } from '../../../../../../shared/src/layerDoc.ts';
import type { Measure } from '../../../../../../shared/src/measures.ts';
import { useApp } from '../../../../AppContext.tsx';
import type { DrawKind } from '../../../../map/PictureMapController.ts';
import { EvaluationTab } from './EvaluationTab.tsx';

export function MeasureTabs({ measure, captureGeometry, children }: { measure: Measure; captureGeometry: (kind: DrawKind, cb: (g: Geometry) => void) => void; children: ReactNode }) {
  const { t } = useApp();
  const [tab, setTab] = useState<'overview' | 'evaluation'>('overview');
  const refs = { overview: useRef<HTMLButtonElement>(null), evaluation: useRef<HTMLButtonElement>(null) };
  // Arrow keys move between the tabs (WAI-ARIA tabs pattern).
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const next = tab === 'overview' ? 'evaluation' : 'overview';
    setTab(next);
    refs[next].current?.focus();
  };
  const id = `measure-${measure.id}`;
  return (
    <div>
      <div className="measure-tabs" role="tablist" aria-label={t('eval.tabs')} onKeyDown={onKey}>
        {(['overview', 'evaluation'] as const).map((k) => (
          <button
            key={k}
            ref={refs[k]}
            type="button"
            role="tab"
            id={`${id}-tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`${id}-panel-${k}`}
            tabIndex={tab === k ? 0 : -1}
            data-testid={`measure-tab-${k}`}
            onClick={() => setTab(k)}
          >
            {t(k === 'overview' ? 'eval.tab.overview' : 'eval.tab.evaluation')}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel-${tab}`} aria-labelledby={`${id}-tab-${tab}`}>
        {tab === 'overview' ? children : <EvaluationTab measure={measure} captureGeometry={captureGeometry} />}
      </div>
    </div>
  );
}
