import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'picture'; id: string } | { name: 'picturePrint'; id: string }
  | { name: 'strategic' }
  | { name: 'evaluations' }
  | { name: 'evaluation'; id: string }
  | { name: 'reports' } | { name: 'report'; id: string } | { name: 'reportPrint'; id: string } | { name: 'notFound' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' };
  const pr = /^\/pictures\/([^/]+)\/print\/?$/.exec(pathname);
  if (pr) return { name: 'picturePrint', id: decodeURIComponent(pr[1]) };
  const m = /^\/pictures\/([^/]+)\/?$/.exec(pathname);
  if (m) return { name: 'picture', id: decodeURIComponent(m[1]) };
  if (/^\/strategic\/?$/.test(pathname)) return { name: 'strategic' };
  if (/^\/uppfoljning\/?$/.test(pathname)) return { name: 'evaluations' };
  const ev = /^\/uppfoljning\/([^/]+)\/?$/.exec(pathname);
  if (ev) return { name: 'evaluation', id: decodeURIComponent(ev[1]) };
  if (/^\/rapporter\/?$/.test(pathname)) return { name: 'reports' };
  const rp = /^\/rapporter\/([A-Za-z0-9_-]+)(\/print)?\/?$/.exec(pathname);
  if (rp) return rp[2] ? { name: 'reportPrint', id: rp[1] } : { name: 'report', id: rp[1] };
  return { name: 'notFound' };
}

export function routePath(r: Route): string {
  switch (r.name) {
    case 'home':
    case 'notFound':
      return '/';
    case 'picture':
      return `/pictures/${encodeURIComponent(r.id)}`;
    case 'picturePrint':
      return `/pictures/${encodeURIComponent(r.id)}/print`;
    case 'strategic':
      return '/strategic';
    case 'reports':
      return '/rapporter';
    case 'report':
      return `/rapporter/${encodeURIComponent(r.id)}`;
    case 'reportPrint':
      return `/rapporter/${encodeURIComponent(r.id)}/print`;
    case 'evaluations':
      return '/uppfoljning';
    case 'evaluation':
      return `/uppfoljning/${encodeURIComponent(r.id)}`;
  }
}

const listeners = new Set<() => void>();
function subscribe(l: () => void) {
  listeners.add(l);
  window.addEventListener('popstate', l);
  return () => {
    listeners.delete(l);
    window.removeEventListener('popstate', l);
  };
}

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  for (const l of listeners) l();
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}
