/** "Uppföljning utsatta områden": the overview, an area's page, or an assessment, by the path below /utsatta-omraden. */
import { AppHeader } from '../../components/AppHeader.tsx';
import { AreaPage } from './AreaPage.tsx';
import { AssessmentPage } from './AssessmentPage.tsx';
import { CriteriaPage } from './CriteriaPage.tsx';
import { OverviewPage } from './OverviewPage.tsx';
import { useFollowupText } from './texts.ts';
import './followup.css';

export function followupPage(rest: string): { page: 'overview' } | { page: 'criteria' } | { page: 'area'; areaId: string } | { page: 'assessment'; areaId: string; period: string } {
  const parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'overview' };
  // Area ids are the police's (USO…); this word is never one.
  if (parts.length === 1 && parts[0] === 'kriterier') return { page: 'criteria' };
  if (parts.length === 1) return { page: 'area', areaId: parts[0] };
  return { page: 'assessment', areaId: parts[0], period: parts[1] };
}

export function FollowupView({ rest }: { rest: string }) {
  const ft = useFollowupText();
  const p = followupPage(rest);
  return (
    <div className="page followup-page">
      <AppHeader page="followup" />
      <main className="content followup-main" aria-label={ft('title')}>
        {p.page === 'overview' && <OverviewPage />}
        {p.page === 'criteria' && <CriteriaPage />}
        {p.page === 'area' && <AreaPage key={p.areaId} areaId={p.areaId} />}
        {p.page === 'assessment' && <AssessmentPage key={`${p.areaId}/${p.period}`} areaId={p.areaId} period={p.period} />}
      </main>
    </div>
  );
}
