import type { MouseEvent, ReactNode } from 'react';
import { useApp } from '../AppContext.tsx';
import { navigate } from '../router.ts';
import { isPoliceUser } from '../state/session.ts';
import { ReportsNavLink } from '../views/reports/ReportsNavLink.tsx';
import { FollowupBadge } from '../views/followup/FollowupBadge.tsx';
import { useFollowupText } from '../views/followup/texts.ts';
import { LanguageSwitch, UserMenu } from './common.tsx';

/** An in-app link: the browser's own navigation would reload the page. */
function AppLink({ href, current, children }: { href: string; current?: boolean; children: ReactNode }) {
  const go = (e: MouseEvent) => {
    e.preventDefault();
    if (!current) navigate(href);
  };
  return (
    <a href={href} aria-current={current ? 'page' : undefined} onClick={go}>
      {children}
    </a>
  );
}

export type AppHeaderProps =
  /** A top-level page: the brand and the main navigation with this page marked. */
  | { page: 'pictures' | 'strategic' | 'followup' | 'reports' | 'evaluations' }
  /** One picture: a way back to the list, the picture's title and whatever badges follow it. */
  | { page: 'picture'; title: string; children?: ReactNode };

/** The page header of every signed-in page; language and user menu always at the right. */
export function AppHeader(props: AppHeaderProps) {
  const { t, user } = useApp();
  const ft = useFollowupText();
  return (
    <header className="topbar">
      {props.page === 'picture' ? (
        <>
          <a
            href="/"
            className="back-link"
            onClick={(e) => {
              e.preventDefault();
              navigate('/');
            }}
          >
            ← {t('nav.pictures')}
          </a>
          <h1 className="picture-heading">{props.title}</h1>
          {props.children}
          <ReportsNavLink />
        </>
      ) : (
        <>
          <h1 className="brand">{t('app.title')}</h1>
          <nav className="topnav" aria-label={t('nav.main')}>
            <AppLink href="/" current={props.page === 'pictures'}>
              {t('nav.pictures')}
            </AppLink>
            {/* Partners have no strategic map; the link shows only where it leads somewhere. */}
            {(props.page === 'strategic' || isPoliceUser(user)) && (
              <AppLink href="/strategic" current={props.page === 'strategic'}>
                {t('nav.strategic')}
              </AppLink>
            )}
            {/* Partners too: they see the areas the police shared with them. */}
            {user && (
              <AppLink href="/utsatta-omraden" current={props.page === 'followup'}>
                {ft('nav.followup')}
              </AppLink>
            )}
            {(props.page === 'evaluations' || isPoliceUser(user)) && (
              <AppLink href="/uppfoljning" current={props.page === 'evaluations'}>
                {t('eval.nav')}
              </AppLink>
            )}
            <ReportsNavLink current={props.page === 'reports'} />
          </nav>
        </>
      )}
      <div className="spacer" />
      {/* Top-level pages only: the picture's bar is full, and it keeps its own live connection. */}
      {props.page !== 'picture' && isPoliceUser(user) && <FollowupBadge />}
      <LanguageSwitch />
      <UserMenu />
    </header>
  );
}
