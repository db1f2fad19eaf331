/** Avatars of everyone in the picture (awareness of every layer document), me first. */
import type { Peer } from '../../../collab/awareness.ts';
import { useApp } from '../../../AppContext.tsx';
import { presenceList } from './presenceList.ts';

export function PresenceAvatars({ me, peers }: { me: { name: string; org: string; color: string } | null; peers: readonly Peer[] }) {
  const { t } = useApp();
  const list = presenceList(me, peers);
  return (
    <ul className="cb-avatars" aria-label={t('collab.presence', { n: list.length })} data-testid="presence">
      {list.map((a) => {
        const label = `${a.name}${a.org ? `, ${a.org}` : ''}${a.isMe ? ` (${t('collab.you')})` : ''}`;
        return (
          <li key={a.key} className={`cb-avatar${a.isMe ? ' me' : ''}${a.active ? '' : ' idle'}`} style={{ background: a.color }} title={label} aria-label={label}>
            <span aria-hidden="true">{a.initials}</span>
          </li>
        );
      })}
    </ul>
  );
}
