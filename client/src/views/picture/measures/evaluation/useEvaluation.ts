/** A measure's evaluation in the tab: run, save, and the list of saved ones (server/src/evaluation/API.md). */
import { useCallback, useEffect, useState } from 'react';
import type { MeasureEvaluation } from '../../../../../../shared/src/evaluation.ts';
import { useApp } from '../../../../AppContext.tsx';
import type { EvaluationRequest, SavedEvaluationSummary } from '../../../evaluation/types.ts';

const enc = encodeURIComponent;

export function useEvaluation(measureId: string) {
  const { api } = useApp();
  const [result, setResult] = useState<MeasureEvaluation | null>(null);
  const [request, setRequest] = useState<EvaluationRequest | null>(null);
  const [saved, setSaved] = useState<SavedEvaluationSummary[] | null>(null);
  const [busy, setBusy] = useState<'run' | 'save' | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reloadSaved = useCallback(() => {
    api
      .get<{ items: SavedEvaluationSummary[] }>(`/api/measures/${enc(measureId)}/evaluations`)
      .then((r) => setSaved(r.items ?? []))
      .catch(() => setSaved([]));
  }, [api, measureId]);
  useEffect(reloadSaved, [reloadSaved]);

  const post = useCallback(
    async (req: EvaluationRequest, kind: 'run' | 'save') => {
      setBusy(kind);
      setError(null);
      try {
        const r = await api.post<MeasureEvaluation>(`/api/measures/${enc(measureId)}/evaluation`, req);
        setResult(r);
        setRequest(req);
        if (kind === 'save') reloadSaved();
        return r;
      } catch (err) {
        setError(err);
        return null;
      } finally {
        setBusy(null);
      }
    },
    [api, measureId, reloadSaved],
  );

  return {
    result,
    request,
    saved,
    busy,
    error,
    setError,
    run: (req: EvaluationRequest) => post({ ...req, save: false }, 'run'),
    /** Stores the shown evaluation: the same request again with `save`, so the stored numbers are the server's. */
    save: () => (request ? post({ ...request, save: true }, 'save') : Promise.resolve(null)),
  };
}
