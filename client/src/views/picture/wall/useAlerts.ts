/**
 * Opt-in browser notification and sound for newly confirmed shootings and explosions in the picture's area.
 * The choice is kept per browser. Only incidents a live event just created or changed are candidates (the
 * caller passes those), so opening the picture never alerts for what was already known.
 */
import { useEffect, useRef, useState } from 'react';
import type { IncidentView } from '../../../../../shared/src/events.ts';
import type { AnyGeometry } from '../../../map/geo.ts';
import { incidentsToAlert } from './alerts.ts';

const KEY = 'lagesbild.alerts';

function beep(): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    // Two short tones, distinct from other sounds of a duty room.
    for (const [at, f] of [
      [0, 880],
      [0.25, 660],
    ] as const) {
      const o = ctx.createOscillator();
      const g = ctx.createGain();
      o.frequency.value = f;
      g.gain.value = 0.2;
      o.connect(g).connect(ctx.destination);
      o.start(ctx.currentTime + at);
      o.stop(ctx.currentTime + at + 0.18);
    }
    setTimeout(() => void ctx.close(), 800);
  } catch {
    // No sound where the browser refuses audio; the notification still shows.
  }
}

export function useAlerts(changedLive: readonly IncidentView[], area: AnyGeometry | null, describe: (i: IncidentView) => { title: string; body: string }) {
  const [enabled, setEnabled] = useState(() => {
    try {
      return localStorage.getItem(KEY) === 'on';
    } catch {
      return false;
    }
  });
  const [alerted, setAlerted] = useState<IncidentView[]>([]);
  const seen = useRef(new Set<string>());

  useEffect(() => {
    if (!enabled) return;
    const fresh = incidentsToAlert(changedLive, area, seen.current);
    if (fresh.length === 0) return;
    setAlerted((a) => [...fresh, ...a].slice(0, 20));
    beep();
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted')
      for (const i of fresh) {
        const d = describe(i);
        new Notification(d.title, { body: d.body, tag: `lagesbild-${i.id}` });
      }
  }, [enabled, changedLive, area, describe]);

  const toggle = async (on: boolean) => {
    if (on && typeof Notification !== 'undefined' && Notification.permission === 'default') await Notification.requestPermission();
    try {
      localStorage.setItem(KEY, on ? 'on' : 'off');
    } catch {
      // Private mode: the choice lasts for this page.
    }
    setEnabled(on);
  };
  const permission = typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  return { enabled, toggle, alerted, permission };
}
