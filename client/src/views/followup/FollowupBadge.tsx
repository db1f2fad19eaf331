/** The header badge: how many area assessments the user's organisation has due or overdue, linking to them. */
import { navigate } from '../../router.ts';
import { useFollowupText } from './texts.ts';
import { useFollowupDue } from './useFollowupDue.ts';

export function FollowupBadge() {
  const items = useFollowupDue();
  const ft = useFollowupText();
  if (!items || items.length === 0) return null;
  const overdue = items.filter((i) => i.status === 'overdue').length;
  const label = overdue > 0 ? ft('due.badgeOverdue', { n: overdue }) : ft('due.badge', { n: items.length });
  const details = items.map((i) => ft('due.item', { area: i.areaName, period: i.period, status: ft(`status.${i.status}`), due: i.dueAt.slice(0, 10) })).join('\n');
  return (
    <a
      href="/utsatta-omraden"
      className={`badge followup-due ${overdue > 0 ? 'badge-warn' : ''}`}
      title={details}
      data-testid="followup-due-badge"
      onClick={(e) => {
        e.preventDefault();
        navigate('/utsatta-omraden');
      }}
    >
      {label}
    </a>
  );
}
