/**
 * Map labels as DOM elements over the canvas instead of MapLibre symbol layers: symbol layers need glyph
 * PBFs from a font server, and nothing may be fetched from outside the machine. A grid-based collision test
 * keeps labels from overlapping; higher priority wins.
 */
import type { Map as MlMap } from 'maplibre-gl';

export interface MapLabel {
  id: string;
  pos: [number, number];
  text: string;
  className?: string;
  minzoom?: number;
  maxzoom?: number;
  /** Higher first. */
  priority?: number;
  color?: string;
  /** Always shown, never dropped by collision (e.g. presence cursors). */
  force?: boolean;
  /** Vertical offset in pixels (e.g. a title above its point). */
  dy?: number;
}

const MAX_LABELS = 250;

export class LabelOverlay {
  private readonly map: MlMap;
  private readonly el: HTMLDivElement;
  private groups = new Map<string, MapLabel[]>();
  private frame = 0;
  private readonly pool = new Map<string, HTMLDivElement>();

  constructor(map: MlMap) {
    this.map = map;
    this.el = document.createElement('div');
    this.el.className = 'label-overlay';
    this.el.setAttribute('aria-hidden', 'true');
    map.getContainer().appendChild(this.el);
    map.on('move', this.schedule);
    map.on('resize', this.schedule);
  }

  setGroup(name: string, labels: MapLabel[]): void {
    this.groups.set(name, labels);
    this.schedule();
  }

  private schedule = () => {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  };

  private render(): void {
    const zoom = this.map.getZoom();
    const { clientWidth: w, clientHeight: h } = this.map.getContainer();
    const all: MapLabel[] = [];
    for (const g of this.groups.values())
      for (const l of g) if ((l.minzoom ?? 0) <= zoom && zoom < (l.maxzoom ?? 99)) all.push(l);
    all.sort((a, b) => Number(!!b.force) - Number(!!a.force) || (b.priority ?? 0) - (a.priority ?? 0));
    const cell = 24;
    const taken = new Set<number>();
    const shown = new Set<string>();
    let count = 0;
    for (const l of all) {
      if (count >= MAX_LABELS) break;
      const p = this.map.project(l.pos);
      if (p.x < -50 || p.y < -20 || p.x > w + 50 || p.y > h + 20) continue;
      const halfW = Math.min(160, l.text.length * 3.6 + 6);
      const x0 = Math.floor((p.x - halfW) / cell);
      const x1 = Math.floor((p.x + halfW) / cell);
      const y = p.y + (l.dy ?? 0);
      const y0 = Math.floor((y - 8) / cell);
      const y1 = Math.floor((y + 8) / cell);
      const cells: number[] = [];
      for (let yc = y0; yc <= y1; yc++) for (let x = x0; x <= x1; x++) cells.push(yc * 10_000 + x);
      if (!l.force && cells.some((c) => taken.has(c))) continue;
      for (const c of cells) taken.add(c);
      let div = this.pool.get(l.id);
      if (!div) {
        div = document.createElement('div');
        this.pool.set(l.id, div);
        this.el.appendChild(div);
      }
      div.className = `map-label ${l.className ?? ''}`;
      if (div.textContent !== l.text) div.textContent = l.text;
      div.style.transform = `translate(${Math.round(p.x)}px, ${Math.round(y)}px) translate(-50%, -50%)`;
      div.style.color = l.color ?? '';
      div.style.borderColor = l.color ?? '';
      shown.add(l.id);
      count++;
    }
    for (const [id, div] of this.pool) {
      if (!shown.has(id)) {
        div.remove();
        this.pool.delete(id);
      }
    }
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.map.off('move', this.schedule);
    this.map.off('resize', this.schedule);
    this.el.remove();
  }
}
